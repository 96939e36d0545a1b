import DossierKit
import Foundation

/// A progress bar on stderr, only on a terminal and only once a build has taken
/// more than a second; redrawn at most ten times a second.
enum TerminalProgress {
    private final class State: @unchecked Sendable {
        let lock = NSLock()
        let started = Date()
        var lastDraw = Date.distantPast
        var drawn = false
    }

    private static let state = State()

    static func make() -> BuildProgress {
        guard isatty(STDERR_FILENO) != 0 else { return BuildProgress() }
        return BuildProgress { stage, done, total in
            let now = Date()
            let shouldDraw: Bool = state.lock.withLock {
                guard now.timeIntervalSince(state.started) > 1,
                    now.timeIntervalSince(state.lastDraw) > 0.1 || done == total
                else { return false }
                state.lastDraw = now
                state.drawn = true
                return true
            }
            guard shouldDraw, total > 0 else { return }
            let width = 30
            let filled = done * width / total
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            FileHandle.standardError.write(Data("\r\(bar) \(done)/\(total) \(stage)\u{1B}[K".utf8))
        }
    }

    /// Removes the bar before the closing line.
    static func clear() {
        let drawn = state.lock.withLock { state.drawn }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
