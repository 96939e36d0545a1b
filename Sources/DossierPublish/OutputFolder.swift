import DossierCore
import DossierStore
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
    /// Held (flock) by the build writing the folder, so that a second build into
    /// it waits; the system releases it when a build ends, killed or not.
    public static let lockName = ".dossier-lock"
    private static let manifestHeader = "# Files written by Dossier; it removes only these. Do not edit."
    /// The manifest's second line while a build is writing: the next build, finding
    /// it, knows the last one was cut short and clears its temporary files.
    private static let unfinishedMarker = "# unfinished"
    /// The fingerprint of the manifest as the build found it, and (after `finish`) as it left it:
    /// the build store's record of what a folder was built from holds for that manifest only.
    package private(set) var manifestFound: Fingerprint?
    package private(set) var manifestLeft: Fingerprint?

    public let path: String
    private let display: String
    private var previous: Set<String> = []
    /// The files of the manifest as found, and as left by `finish`, in its order.
    private var listed: [String] = []
    private var listedLeft: [String] = []
    /// Set by `keepAll`: `finish` has nothing to do.
    private var keptAll = false
    /// Without a manifest and with `force`: the folder is adopted, and the files it
    /// already holds that the build replaces are reported.
    private var adopting = false
    /// Files the build replaces that Dossier did not write (only when adopting).
    public private(set) var replacedForeignFiles: [String] = []
    private var produced: Set<String> = []
    /// The fingerprint of what each file was made from, and its size, as the last
    /// finished build recorded them: a file whose inputs have the same fingerprint,
    /// and which still has that size, need not be made again.
    private var recorded: [String: (fingerprint: Fingerprint, size: Int)] = [:]
    private var fingerprints: [String: (fingerprint: Fingerprint, size: Int)] = [:]
    private var planned: Set<String> = []
    private var markedUnfinished = false
    private let manifestLock = NSLock()
    /// Folders known to exist, so that each is created once.
    private var folders: Set<String> = []
    public private(set) var stats = Stats()
    private let manager = FileManager.default
    /// `write` and `keep` may be called from every core at once.
    private let lock = NSLock()
    /// Files replaced and let go (`retire`), unlinked on another core before the build ends.
    private let disposal = DispatchGroup()
    private var lockDescriptor: Int32 = -1
    /// The folder did not exist before this build: a build that writes nothing removes it again.
    private var createdFolder = false

    /// Refuses (exit 2) an output folder inside `protected` folders (the site's
    /// `Content/` and `Templates/`) or holding one, and a non-empty folder that has
    /// no manifest, unless `force`. Waits while another build holds the folder.
    public init(path: String, display: String, force: Bool, protected: [(path: String, display: String)] = []) throws {
        self.path = path
        self.display = display
        let resolved = Self.resolve(path)
        for folder in protected {
            let real = Self.resolve(folder.path)
            if resolved == real || resolved.hasPrefix(real + "/") {
                throw UsageError(
                    "the output folder '\(display)' is inside \(folder.display): a build would publish into its own content; "
                        + "choose a folder outside it")
            }
            if real.hasPrefix(resolved == "/" ? "/" : resolved + "/") {
                throw UsageError(
                    "the output folder '\(display)' holds \(folder.display): a build would mix the site with its sources; "
                        + "choose a folder of its own")
            }
        }
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw UsageError("the output '\(display)' is a file, not a folder") }
            try refuseForeign(force: force)
        } else {
            do {
                try manager.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                throw EnvironmentError("cannot create the output folder '\(display)': \(error.localizedDescription)")
            }
            createdFolder = true
        }
        try acquireLock()
        // Read under the lock: a build that held it before may have changed the manifest.
        let manifest = path + "/" + Self.manifestName
        if let data = FileManager.default.contents(atPath: manifest), let lines = Self.manifestLines(data) {
            let unfinished = lines.contains { $0.file == Self.unfinishedMarker }
            previous.reserveCapacity(lines.count)
            recorded.reserveCapacity(lines.count)
            if !unfinished { manifestFound = data.withUnsafeBytes(FingerprintHasher.fingerprint(bytes:)) }
            for line in lines where !line.file.hasPrefix("#") && !line.file.isEmpty {
                // After a build cut short, a file may hold what its record does not say.
                if !unfinished, let made = line.made { recorded[line.file] = made }
                previous.insert(line.file)
                listed.append(line.file)
            }
            if unfinished { removeTemporaries(beside: previous) }
        } else {
            adopting = force
        }
    }

    /// The manifest's lines: each a file, with what it was made from and its size
    /// when the line has them (`path<TAB>fingerprint<TAB>size`); nil unless UTF-8.
    private static func manifestLines(_ data: Data) -> [(file: String, made: (fingerprint: Fingerprint, size: Int)?)]? {
        data.withUnsafeBytes {
            (all: UnsafeRawBufferPointer) -> [(file: String, made: (fingerprint: Fingerprint, size: Int)?)]? in
            guard String(validating: all.bindMemory(to: UInt8.self), as: UTF8.self) != nil else { return nil }
            var result: [(file: String, made: (fingerprint: Fingerprint, size: Int)?)] = []
            var start = 0
            while start < all.count {
                var end = start
                while end < all.count && all[end] != UInt8(ascii: "\n") { end += 1 }
                let line = UnsafeRawBufferPointer(rebasing: all[start..<end])
                start = end + 1
                if line.isEmpty { continue }
                // The last two fields, when they are a fingerprint and a size.
                var made: (fingerprint: Fingerprint, size: Int)?
                var fileEnd = line.count
                if let sizeTab = line.lastIndex(of: UInt8(ascii: "\t")), sizeTab >= 65,
                    line[sizeTab - 65] == UInt8(ascii: "\t"),
                    let fingerprint = Fingerprint(
                        hex: UnsafeRawBufferPointer(rebasing: line[(sizeTab - 64)..<sizeTab])),
                    let size = Int(String(decoding: line[(sizeTab + 1)...], as: UTF8.self))
                {
                    made = (fingerprint, size)
                    fileEnd = sizeTab - 65
                }
                result.append((String(decoding: line[..<fileEnd], as: UTF8.self), made))
            }
            return result
        }
    }

    /// Clears what a build killed while writing may have left: its temporary files.
    private func removeTemporaries(beside files: Set<String>) {
        for file in files where !file.split(separator: "/").contains("..") && !file.hasPrefix("/") {
            unlink(temporaryPath(for: path + "/" + file))
            unlink(Self.retiredPath(for: path + "/" + file))
        }
        unlink(temporaryPath(for: path + "/" + Self.manifestName))
    }

    /// A folder with visible files and no manifest is not Dossier's: refused unless `force`.
    private func refuseForeign(force: Bool) throws {
        guard !force, !manager.fileExists(atPath: path + "/" + Self.manifestName) else { return }
        let visible = ((try? manager.contentsOfDirectory(atPath: path)) ?? []).filter { !$0.hasPrefix(".") }
        guard visible.isEmpty else {
            throw UsageError(
                "the output folder '\(display)' is not empty and was not written by Dossier (it has no \(Self.manifestName))",
                remedy: .buildIntoForeignFolder)
        }
    }

    /// The path with symlinks and `..` resolved, also for a folder that does not exist yet.
    package static func resolve(_ path: String) -> String {
        var existing = (path as NSString).standardizingPath
        var rest: [String] = []
        while !existing.isEmpty && existing != "/" {
            if let real = realpath(existing, nil) {
                defer { free(real) }
                return ([String(cString: real)] + rest.reversed()).joined(separator: "/")
            }
            rest.append((existing as NSString).lastPathComponent)
            existing = (existing as NSString).deletingLastPathComponent
        }
        return "/" + rest.reversed().joined(separator: "/")
    }

    private func acquireLock() throws {
        let lockPath = path + "/" + Self.lockName
        lockDescriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lockDescriptor >= 0 else {
            throw EnvironmentError("cannot open \(display)/\(Self.lockName): \(String(cString: strerror(errno)))")
        }
        if flock(lockDescriptor, LOCK_EX | LOCK_NB) == 0 { return }
        FileHandle.standardError.write(Data("Waiting for another build into \(display) to finish…\n".utf8))
        while flock(lockDescriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw EnvironmentError("cannot lock \(display)/\(Self.lockName): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Lets the next build in. A build that wrote nothing into a folder it created removes the folder.
    public func release() {
        disposal.wait()
        guard lockDescriptor >= 0 else { return }
        // A folder that is not Dossier's yet (no manifest) is left as it was found.
        if !manager.fileExists(atPath: path + "/" + Self.manifestName) {
            unlink(path + "/" + Self.lockName)
            if createdFolder { rmdir(path) }
        }
        close(lockDescriptor)
        lockDescriptor = -1
    }

    deinit { release() }

    /// Records, before the first file is written, every file this build may write,
    /// so that a build killed halfway leaves a manifest that covers all it wrote,
    /// and the next build can finish the site (and clean up after it).
    public func begin(planned: some Sequence<String>) throws {
        let planned = Set(planned)
        if adopting {
            replacedForeignFiles = planned.filter { Self.size(of: path + "/" + $0) != nil }.sorted()
        }
        self.planned = planned
    }

    /// Before the first file changes: the manifest lists everything this build may
    /// write, marked unfinished. A build that changes nothing leaves it untouched.
    private func markUnfinished() throws {
        try manifestLock.withLock {
            guard !markedUnfinished else { return }
            try writeManifest(previous.union(planned), finished: false)
            markedUnfinished = true
        }
    }

    /// True when the file was made from inputs with this fingerprint by the last
    /// build and is still there with the size it had: it is kept as it is.
    package func isCurrent(_ relative: String, fingerprint: Fingerprint) -> Bool {
        guard let old = recorded[relative], old.fingerprint == fingerprint else { return false }
        return filesAsLeft || OutputFolder.size(of: path + "/" + relative) == old.size
    }

    /// Every file the manifest lists is as the build that wrote it left it (the build
    /// store says so: `stateFound`): `isCurrent` then need not look at each.
    package private(set) var filesAsLeft = false
    package func trustFilesAsLeft() { filesAsLeft = true }

    /// Keeps a file that `isCurrent` found current.
    package func keepCurrent(_ relative: String) {
        lock.withLock {
            produced.insert(relative)
            fingerprints[relative] = recorded[relative]
            stats.unchanged += 1
        }
    }

    /// Keeps a file that `isCurrent` finds current (when `trusting` the manifest at all),
    /// else writes what `make` gives, recording its fingerprint.
    package func keepOrWrite(_ relative: String, fingerprint: Fingerprint, trusting: Bool, _ make: () throws -> Data)
        throws
    {
        if trusting, isCurrent(relative, fingerprint: fingerprint) { return keepCurrent(relative) }
        try write(relative, try make(), fingerprint: fingerprint)
    }

    /// Writes one file unless it already holds exactly `data`, recording what it was made from.
    package func write(_ relative: String, _ data: Data, fingerprint: Fingerprint?) throws {
        try write(relative, data)
        if let fingerprint { lock.withLock { fingerprints[relative] = (fingerprint, data.count) } }
    }

    /// Writes one file unless it already holds exactly `data`.
    public func write(_ relative: String, _ data: Data) throws {
        precondition(!relative.hasPrefix("/") && !relative.split(separator: "/").contains(".."))
        lock.withLock { _ = produced.insert(relative) }
        let target = path + "/" + relative
        if OutputFolder.size(of: target) == data.count, let existing = manager.contents(atPath: target),
            existing == data
        {
            lock.withLock { stats.unchanged += 1 }
            return
        }
        try markUnfinished()
        do {
            try makeFolder(of: target)
            try writeReplacing(data, at: target)
        } catch let error as EnvironmentError {
            throw error
        } catch {
            throw EnvironmentError("cannot write \(relative): \(error.localizedDescription)")
        }
        lock.withLock { stats.written += 1 }
    }

    /// Writes one file that `make` makes at the path it is given (a fresh, hidden file
    /// beside the target), which is then renamed into place, unless it is the same bytes
    /// as the file there (then that file is kept, untouched); records what it was made
    /// from. For files made by a library that writes its own file (SQLite) or that are
    /// streamed rather than held, and made only when what they are made from changed.
    package func writeMade(_ relative: String, fingerprint: Fingerprint?, _ make: (_ path: String) throws -> Void)
        throws
    {
        precondition(!relative.hasPrefix("/") && !relative.split(separator: "/").contains(".."))
        lock.withLock { _ = produced.insert(relative) }
        let target = path + "/" + relative
        try markUnfinished()
        let scratch = temporaryPath(for: target)
        // A large file replacing another gets as many disk blocks reserved (`reservedFrom`).
        let replaced = OutputFolder.size(of: target).flatMap { $0 >= reservedFrom ? $0 : nil }
        do {
            try makeFolder(of: target)
            unlink(scratch)
            if let replaced { createReserved(at: scratch, bytes: replaced) }
            try make(scratch)
        } catch {
            unlink(scratch)
            if let error = error as? EnvironmentError { throw error }
            throw EnvironmentError("cannot write \(relative): \(error.localizedDescription)")
        }
        guard let size = OutputFolder.size(of: scratch) else {
            throw EnvironmentError("cannot write \(relative): it was not made")
        }
        if replaced != nil { trimReserved(scratch, size: size) }
        if OutputFolder.size(of: target) == size, Self.sameBytes(scratch, target) {
            unlink(scratch)
            lock.withLock { stats.unchanged += 1 }
            if let fingerprint { lock.withLock { fingerprints[relative] = (fingerprint, size) } }
            return
        }
        // The large file replaced is let go on another core: freeing its blocks takes a while.
        let retired = replaced.flatMap { _ in retire(target) }
        guard rename(scratch, target) == 0 else {
            let code = errno
            unlink(scratch)
            if let retired { unlink(retired) }
            throw EnvironmentError("cannot write \(relative): \(String(cString: strerror(code)))")
        }
        if let retired { DispatchQueue.global(qos: .utility).async(group: disposal) { unlink(retired) } }
        lock.withLock { stats.written += 1 }
        if let fingerprint { lock.withLock { fingerprints[relative] = (fingerprint, size) } }
    }

    /// A second name for the file at `target` (`.<name>.dossier-old`, hidden, and cleared after
    /// a build cut short as temporary files are), so that the rename over it does not free it.
    private func retire(_ target: String) -> String? {
        let retired = Self.retiredPath(for: target)
        unlink(retired)
        return link(target, retired) == 0 ? retired : nil
    }

    static func retiredPath(for target: String) -> String {
        (target as NSString).deletingLastPathComponent + "/.\((target as NSString).lastPathComponent).dossier-old"
    }

    /// Whether two files of the same size hold the same bytes: compared mapped, a piece at a
    /// time, up to the first difference (a changed file usually differs early, or in size).
    static func sameBytes(_ a: String, _ b: String) -> Bool {
        guard let first = try? Data(contentsOf: URL(fileURLWithPath: a), options: .alwaysMapped),
            let second = try? Data(contentsOf: URL(fileURLWithPath: b), options: .alwaysMapped),
            first.count == second.count
        else { return false }
        let piece = 1 << 20
        var start = 0
        while start < first.count {
            let end = min(start + piece, first.count)
            guard first[start..<end] == second[start..<end] else { return false }
            start = end
        }
        return true
    }

    /// The folder a file goes in, made once per build.
    private func makeFolder(of target: String) throws {
        let folder = (target as NSString).deletingLastPathComponent
        guard !lock.withLock({ folders.contains(folder) }) else { return }
        try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        lock.withLock { _ = folders.insert(folder) }
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

    /// The identity, size and times of every file the manifest listed when the build
    /// began (`FileIdentities`), nil when one is missing: the build store records it after
    /// a build and compares it before the next, so that a file changed by hand, even to
    /// the same size, is seen.
    package func stateFound() -> Fingerprint? { FileIdentities.fingerprint(in: path, files: listed)?.key }

    /// The same, of every file the manifest this build left lists, after `finish`.
    package func stateLeft() -> Fingerprint? { FileIdentities.fingerprint(in: path, files: listedLeft)?.key }

    /// Keeps every file of the last build as it is, for a build whose inputs are its inputs.
    package func keepAll() {
        lock.withLock {
            keptAll = true
            stats.unchanged = previous.count
        }
    }

    /// Removes the files an earlier build wrote that this one did not, then writes the manifest.
    public func finish() throws -> Stats {
        disposal.wait()
        if keptAll {
            manifestLeft = manifestFound
            listedLeft = listed
            return stats
        }
        for stale in previous.subtracting(produced).sorted() {
            guard !stale.split(separator: "/").contains(".."), !stale.hasPrefix("/") else { continue }
            let target = path + "/" + stale
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: target, isDirectory: &isDirectory), !isDirectory.boolValue else {
                continue
            }
            try? manager.removeItem(atPath: target)
            stats.removed += 1
            removeEmptyFolders(above: stale)
        }
        // A build that changed nothing leaves the manifest as it is, without composing it again.
        let same =
            !markedUnfinished && stats.removed == 0 && produced == previous
            && produced.allSatisfy {
                fingerprints[$0]?.fingerprint == recorded[$0]?.fingerprint
                    && fingerprints[$0]?.size == recorded[$0]?.size
            }
        if same {
            manifestLeft = manifestFound
            listedLeft = listed
        } else {
            try writeManifest(produced, finished: true)
        }
        return stats
    }

    private func writeManifest(_ files: Set<String>, finished: Bool) throws {
        let header = finished ? [Self.manifestHeader] : [Self.manifestHeader, Self.unfinishedMarker]
        let sorted = files.sorted()
        if finished { listedLeft = sorted }
        // Bytes, not strings: a line per file of the site.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(sorted.count * 110 + 64)
        for line in header {
            bytes.append(contentsOf: line.utf8)
            bytes.append(UInt8(ascii: "\n"))
        }
        for file in sorted {
            bytes.append(contentsOf: file.utf8)
            if finished, let made = fingerprints[file] {
                bytes.append(UInt8(ascii: "\t"))
                bytes.append(contentsOf: made.fingerprint.description.utf8)
                bytes.append(UInt8(ascii: "\t"))
                bytes.append(contentsOf: String(made.size).utf8)
            }
            bytes.append(UInt8(ascii: "\n"))
        }
        let data = Data(bytes)
        manifestLeft = finished ? data.withUnsafeBytes(FingerprintHasher.fingerprint(bytes:)) : nil
        guard manager.contents(atPath: path + "/" + Self.manifestName) != data else { return }
        do {
            try manager.createDirectory(atPath: path, withIntermediateDirectories: true)
            try writeReplacing(data, at: path + "/" + Self.manifestName)
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
