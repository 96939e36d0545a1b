import DossierCore
import DossierLink
import DossierStore
import DossierTemplate
import DossierValidate
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Tells when files under some folders change, for `serve`: through Linux's inotify
/// (one watch per folder, folders that appear watched as they appear, a full rescan
/// when the kernel's queue overflows), or, where inotify cannot be had (another
/// system, or the watch limit reached), by comparing every file's size and times a
/// few times a second. Changes are reported once they have settled (editors write
/// in steps: a temporary file, then a rename); hidden files (whose names begin with a
/// dot, such as editors' swap files) are left out, as a build leaves them out; and
/// changes that come while the last ones are being built are kept together for the next.
public final class SourceWatcher: @unchecked Sendable {
    /// The folders, absolute; a folder that does not exist yet is watched once it appears.
    public let folders: [String]
    /// How long no change must come before the changes are reported.
    public let quiet: Duration
    /// How the watcher learns of changes.
    public enum Method: String, Sendable { case inotify, polling }
    public private(set) var method: Method

    private let lock = NSLock()
    private var pending: Set<String> = []
    /// Some change of unknown files (after an overflow or a rescan).
    private var pendingUnknown = false
    /// Read by the one caller of `next`.
    private var signalIterator: AsyncStream<Void>.AsyncIterator
    private let wake: AsyncStream<Void>.Continuation
    private var stopped = false

    /// Where inotify is used: its descriptor and which folder each watch is on.
    private var descriptor: Int32 = -1
    private var watches: [Int32: String] = [:]
    /// For polling: the last snapshot.
    private var snapshot = SourceSnapshot(folders: [])

    /// `forcePolling` is for tests of the fallback.
    public init(folders: [String], quiet: Duration = .milliseconds(25), forcePolling: Bool = false) {
        self.folders = folders
        self.quiet = quiet
        let (signal, wake) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        self.wake = wake
        signalIterator = signal.makeAsyncIterator()
        method = .polling
        #if os(Linux)
            if !forcePolling { startInotify() }
        #endif
        if method == .polling { snapshot = SourceSnapshot(folders: folders) }
        let thread = Thread { [weak self] in self?.run() }
        thread.name = "dossier source watcher"
        thread.start()
    }

    deinit { stop() }

    /// Stops watching; `changes` then ends.
    public func stop() {
        lock.lock()
        let wasStopped = stopped
        stopped = true
        lock.unlock()
        if !wasStopped { wake.finish() }
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    /// What changed.
    public enum Change: Equatable, Sendable {
        /// These files or folders (absolute paths, sorted).
        case paths([String])
        /// Files not known (events were lost): everything is to be looked at again.
        case unknown

        /// "Content/articles/x.md changed", or how many files did, relative to `base` where they are under it.
        public func description(relativeTo base: String) -> String {
            guard case .paths(let paths) = self else { return "files changed" }
            let prefix = base.hasSuffix("/") ? base : base + "/"
            let names = paths.map { $0.hasPrefix(prefix) ? String($0.dropFirst(prefix.count)) : $0 }
            return names.count == 1 ? "\(names[0]) changed" : "\(names.count) files changed"
        }
    }

    /// The next settled changes (all that came since the last call); waits until there
    /// are some, and returns nil once the watcher is stopped.
    public func next() async -> Change? {
        while await signalIterator.next() != nil {
            let (paths, unknown) = lock.withLock {
                defer {
                    pending = []
                    pendingUnknown = false
                }
                return (pending.sorted(), pendingUnknown)
            }
            if unknown { return .unknown }
            if !paths.isEmpty { return .paths(paths) }
        }
        return nil
    }

    private func report(_ paths: Set<String>, unknown: Bool) {
        guard !paths.isEmpty || unknown else { return }
        lock.lock()
        pending.formUnion(paths)
        pendingUnknown = pendingUnknown || unknown
        lock.unlock()
        wake.yield()
    }

    private var quietMilliseconds: Int32 {
        let parts = quiet.components
        return Int32(max(1, parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000))
    }

    private func run() {
        if method == .inotify { runInotify() }
        if method == .polling { runPolling() }
        if descriptor >= 0 { close(descriptor) }
    }

    // MARK: polling

    private func runPolling() {
        while !isStopped {
            usleep(250_000)
            var current = SourceSnapshot(folders: folders)
            guard current != snapshot else { continue }
            // Wait until the files stop changing.
            while !isStopped {
                usleep(UInt32(quietMilliseconds) * 1000 + 90_000)
                let settled = SourceSnapshot(folders: folders)
                if settled == current { break }
                current = settled
            }
            report(current.changed(from: snapshot), unknown: false)
            snapshot = current
        }
    }

    // MARK: inotify

    #if os(Linux)
        private static let fileEvents =
            UInt32(IN_CLOSE_WRITE | IN_MODIFY | IN_ATTRIB | IN_CREATE | IN_DELETE)
            | UInt32(IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF)

        private func startInotify() {
            let descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
            guard descriptor >= 0 else { return }
            self.descriptor = descriptor
            guard watchAll() else {
                close(descriptor)
                self.descriptor = -1
                watches = [:]
                return
            }
            method = .inotify
        }

        /// Watches every folder (and, for a folder not there yet, its parent, to see it appear); false
        /// when a watch cannot be added (the system's limit on watches reached).
        private func watchAll() -> Bool {
            for folder in folders {
                if !watchTree(folder) {
                    if errno == ENOSPC || errno == ENOMEM { return false }
                    // Not there (yet): its parent says when it appears.
                    let parent = (folder as NSString).deletingLastPathComponent
                    if !addWatch(parent, mask: UInt32(IN_CREATE | IN_MOVED_TO)), errno == ENOSPC || errno == ENOMEM {
                        return false
                    }
                }
            }
            return true
        }

        private func addWatch(_ folder: String, mask: UInt32 = fileEvents) -> Bool {
            let watch = inotify_add_watch(descriptor, folder, mask | UInt32(IN_ONLYDIR))
            guard watch >= 0 else { return false }
            watches[watch] = folder
            return true
        }

        /// Watches `folder` and every folder under it; the files already in a folder found only
        /// now are reported as changed (they may have been written before the watch was added).
        @discardableResult
        private func watchTree(_ folder: String, found: ((String) -> Void)? = nil) -> Bool {
            guard addWatch(folder) else { return false }
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return true }
            for name in names.sorted() where !name.hasPrefix(".") {
                let path = folder + "/" + name
                var info = stat()
                guard lstat(path, &info) == 0 else { continue }
                if info.st_mode & S_IFMT == S_IFDIR {
                    if !watchTree(path, found: found), errno == ENOSPC || errno == ENOMEM { return false }
                } else {
                    found?(path)
                }
            }
            return true
        }

        private func isWatched(_ path: String) -> Bool {
            folders.contains { path == $0 || path.hasPrefix($0 + "/") }
        }

        private func runInotify() {
            let bufferSize = 64 * 1024
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: bufferSize, alignment: 8)
            defer { buffer.deallocate() }
            var changed: Set<String> = []
            var unknown = false
            var pollDescriptor = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            while !isStopped {
                // Until something changed, wake now and then to see whether the watcher was stopped;
                // once something did, wait only until no change has come for `quiet`.
                let timeout: Int32 = changed.isEmpty && !unknown ? 200 : quietMilliseconds
                let ready = poll(&pollDescriptor, 1, timeout)
                if ready < 0 && errno != EINTR { break }
                if ready <= 0 {
                    if !changed.isEmpty || unknown {
                        report(changed, unknown: unknown)
                        changed = []
                        unknown = false
                    }
                    continue
                }
                let count = read(descriptor, buffer, bufferSize)
                guard count > 0 else { continue }
                var offset = 0
                while offset + MemoryLayout<inotify_event>.size <= count {
                    let event = buffer.load(fromByteOffset: offset, as: inotify_event.self)
                    let nameStart = offset + MemoryLayout<inotify_event>.size
                    var name = ""
                    if event.len > 0 {
                        let bytes = UnsafeRawBufferPointer(start: buffer + nameStart, count: Int(event.len))
                        name = String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
                    }
                    offset = nameStart + Int(event.len)
                    if event.mask & UInt32(IN_Q_OVERFLOW) != 0 {
                        // Events were lost: watch every folder again, and build as after any change.
                        watches = [:]
                        close(descriptor)
                        descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
                        pollDescriptor.fd = descriptor
                        if descriptor < 0 || !watchAll() {
                            method = .polling
                            snapshot = SourceSnapshot(folders: folders)
                            report([], unknown: true)
                            return
                        }
                        unknown = true
                        break
                    }
                    guard let folder = watches[event.wd] else { continue }
                    // Hidden files (an editor's swap files, `.DS_Store`) are not read by a build.
                    if name.hasPrefix(".") { continue }
                    if event.mask & UInt32(IN_IGNORED) != 0 {
                        watches[event.wd] = nil
                        continue
                    }
                    if event.mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF) != 0 {
                        if isWatched(folder) { changed.insert(folder) }
                        continue
                    }
                    let path = name.isEmpty ? folder : folder + "/" + name
                    if event.mask & UInt32(IN_ISDIR) != 0 {
                        if event.mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0, isWatched(path) {
                            // A new folder (or a watched folder that appeared): watch it and all under it.
                            watchTree(path) { changed.insert($0) }
                        }
                        if isWatched(path) { changed.insert(path) }
                        continue
                    }
                    if isWatched(path) { changed.insert(path) }
                }
            }
        }
    #else
        private func runInotify() {}
    #endif
}

/// Each file's size and modification time under some folders: the polling watcher's view.
package struct SourceSnapshot: Equatable {
    package var files: [String: [Int]] = [:]

    package init(folders: [String]) {
        for folder in folders {
            guard let enumerator = FileManager.default.enumerator(atPath: folder) else { continue }
            while let name = enumerator.nextObject() as? String {
                if name.hasPrefix(".") || name.contains("/.") {
                    enumerator.skipDescendants()
                    continue
                }
                var info = stat()
                let path = folder + "/" + name
                guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
                files[path] = [
                    Int(info.st_size), Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec), Int(info.st_ctim.tv_nsec),
                ]
            }
        }
    }

    package func changed(from old: SourceSnapshot) -> Set<String> {
        Set(files.keys).union(old.files.keys).filter { files[$0] != old.files[$0] }
    }
}
