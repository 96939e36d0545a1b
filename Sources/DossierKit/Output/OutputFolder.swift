import Foundation

/// The build's output folder. Dossier keeps a manifest of the files it wrote,
/// rewrites only files whose content changed (each whole, through a temporary
/// name), removes only its own files that are no longer produced, and never
/// touches anything else.
public final class OutputFolder: @unchecked Sendable {
    public struct Stats: Sendable {
        public var written = 0
        public var unchanged = 0
        public var removed = 0
    }

    public static let manifestName = ".dossier-manifest"
    private static let manifestHeader = "# Files written by Dossier; it removes only these. Do not edit."

    public let path: String
    private let previous: Set<String>
    private var produced: Set<String> = []
    /// Folders known to exist, so that each is created once.
    private var folders: Set<String> = []
    public private(set) var stats = Stats()
    private let manager = FileManager.default
    /// `write` and `keep` may be called from every core at once.
    private let lock = NSLock()

    /// Refuses (exit 2) a non-empty folder that has no manifest, unless `force`.
    public init(path: String, display: String, force: Bool) throws {
        self.path = path
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw UsageError("the output '\(display)' is a file, not a folder") }
            let manifest = path + "/" + Self.manifestName
            if let text = try? String(contentsOfFile: manifest, encoding: .utf8) {
                previous = Set(text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty })
            } else {
                let visible = ((try? manager.contentsOfDirectory(atPath: path)) ?? []).filter { !$0.hasPrefix(".") }
                if !visible.isEmpty && !force {
                    throw UsageError(
                        "the output folder '\(display)' is not empty and was not written by Dossier (it has no \(Self.manifestName)); "
                            + "choose an empty folder, or pass --force to build into it and keep its files")
                }
                previous = []
            }
        } else {
            previous = []
        }
    }

    /// Records, before the first file is written, every file this build may write,
    /// so that a build killed halfway leaves a manifest that covers all it wrote,
    /// and the next build can finish the site (and clean up after it).
    public func begin(planned: some Sequence<String>) throws {
        try writeManifest(previous.union(planned))
    }

    /// Writes one file unless it already holds exactly `data`.
    public func write(_ relative: String, _ data: Data) throws {
        precondition(!relative.hasPrefix("/") && !relative.split(separator: "/").contains(".."))
        lock.withLock { _ = produced.insert(relative) }
        let target = path + "/" + relative
        if OutputFolder.size(of: target) == data.count, let existing = manager.contents(atPath: target), existing == data {
            lock.withLock { stats.unchanged += 1 }
            return
        }
        let folder = (target as NSString).deletingLastPathComponent
        do {
            if !lock.withLock({ folders.contains(folder) }) {
                try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
                lock.withLock { _ = folders.insert(folder) }
            }
            let temporary = folder + "/.\((target as NSString).lastPathComponent).dossier-tmp"
            try data.write(to: URL(fileURLWithPath: temporary))
            if rename(temporary, target) != 0 {
                let reason = String(cString: strerror(errno))
                try? manager.removeItem(atPath: temporary)
                throw EnvironmentError("cannot write \(relative): \(reason)")
            }
        } catch let error as EnvironmentError {
            throw error
        } catch {
            throw EnvironmentError("cannot write \(relative): \(error.localizedDescription)")
        }
        lock.withLock { stats.written += 1 }
    }

    /// Counts a file that this build produces as it is, without touching it.
    public func keep(_ relative: String) {
        lock.withLock {
            produced.insert(relative)
            stats.unchanged += 1
        }
    }

    /// The size of a regular file, or nil.
    public static func size(of path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(info.st_size)
    }

    public func write(_ relative: String, _ text: String) throws {
        try write(relative, Data(text.utf8))
    }

    /// Removes the files an earlier build wrote that this one did not, then writes the manifest.
    public func finish() throws -> Stats {
        for stale in previous.subtracting(produced).sorted() {
            guard !stale.split(separator: "/").contains(".."), !stale.hasPrefix("/") else { continue }
            let target = path + "/" + stale
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: target, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            try? manager.removeItem(atPath: target)
            stats.removed += 1
            removeEmptyFolders(above: stale)
        }
        try writeManifest(produced)
        return stats
    }

    private func writeManifest(_ files: Set<String>) throws {
        let manifest = ([Self.manifestHeader] + files.sorted()).joined(separator: "\n") + "\n"
        let data = Data(manifest.utf8)
        guard manager.contents(atPath: path + "/" + Self.manifestName) != data else { return }
        do {
            try manager.createDirectory(atPath: path, withIntermediateDirectories: true)
            let temporary = path + "/." + Self.manifestName + ".dossier-tmp"
            try data.write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, path + "/" + Self.manifestName) == 0 else {
                throw EnvironmentError("cannot write the manifest: \(String(cString: strerror(errno)))")
            }
        } catch let error as EnvironmentError {
            throw error
        } catch {
            throw EnvironmentError("cannot write the manifest in \(path): \(error.localizedDescription)")
        }
    }

    /// Folders that held only files Dossier removed go too; a folder with anything else stays.
    private func removeEmptyFolders(above relative: String) {
        var parts = relative.split(separator: "/").dropLast()
        while !parts.isEmpty {
            let folder = path + "/" + parts.joined(separator: "/")
            guard let entries = try? manager.contentsOfDirectory(atPath: folder), entries.isEmpty else { return }
            try? manager.removeItem(atPath: folder)
            parts = parts.dropLast()
        }
    }
}
