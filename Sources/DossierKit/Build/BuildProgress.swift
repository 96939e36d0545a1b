import DossierLink
import DossierPublish
import Foundation

/// Reports how far a stage has got. Called from every core; the reporter decides
/// what to show (the command line draws a bar on a terminal, tests show nothing).
public final class BuildProgress: @unchecked Sendable {
    public typealias Report = @Sendable (_ stage: String, _ done: Int, _ total: Int) -> Void

    private let lock = NSLock()
    private let report: Report?
    private var stage = ""
    private var done = 0
    private var total = 0

    public init(_ report: Report? = nil) { self.report = report }

    package func start(_ stage: String, total: Int) {
        lock.withLock {
            self.stage = stage
            self.total = total
            done = 0
        }
        report?(stage, 0, total)
    }

    package func advance() {
        guard let report else { return }
        let (stage, done, total) = lock.withLock { () -> (String, Int, Int) in
            self.done += 1
            return (self.stage, self.done, self.total)
        }
        report(stage, done, total)
    }
}
