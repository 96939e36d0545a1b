import Foundation

/// What says, without reading a file, that it is the file it was: its device and
/// inode (of what a symlink leads to, so that a symlink pointed elsewhere differs),
/// size, and modification and change times (the change time moves with every write,
/// even where a tool such as `cp -p`, `rsync -t` or `tar` sets the modification
/// time back). Used for a build's inputs and for the files of an output folder.
package enum FileIdentities {
    /// The identities of `files` (relative to `folder`, in this order) as one
    /// fingerprint, with the newest of their times in nanoseconds since 1970; nil
    /// when one cannot be stat-ed. The files are stat-ed on all cores, a chunk at a
    /// time, relative to the folder; each chunk is hashed on its own, then the
    /// chunks' fingerprints in order.
    package static func fingerprint(in folder: String, files: [String]) -> (key: Fingerprint, newest: Int)? {
        fingerprint(in: folder, files: files, stamps: false).map { ($0.key, $0.newest) }
    }

    /// The same, with each file's size and modification time (in the order of `files`) when `stamps`.
    package static func fingerprint(in folder: String, files: [String], stamps: Bool) -> (
        key: Fingerprint, newest: Int, stamps: [FileStamp]
    )? {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        let chunkSize = 4_096
        let chunks = stride(from: 0, to: files.count, by: chunkSize).map { $0..<min($0 + chunkSize, files.count) }
        let hashed = chunks.parallelMap { chunk -> (key: Fingerprint, newest: Int, stamps: [FileStamp])? in
            var hasher = FingerprintHasher()
            var newest = Int.min
            var info = stat()
            var found: [FileStamp] = []
            if stamps { found.reserveCapacity(chunk.count) }
            for file in files[chunk] {
                guard fstatat(descriptor, file, &info, 0) == 0 else { return nil }
                hasher.combine(file)
                combine(info, into: &hasher, newest: &newest)
                if stamps { found.append(FileStamp(info)) }
            }
            return (hasher.finalize(), newest, found)
        }
        var hasher = FingerprintHasher()
        var newest = Int.min
        var found: [FileStamp] = []
        for chunk in hashed {
            guard let chunk else { return nil }
            hasher.combine(chunk.key)
            newest = max(newest, chunk.newest)
            found += chunk.stamps
        }
        return (hasher.finalize(), newest, found)
    }

    /// One file's identity, by its absolute path; false when it cannot be stat-ed.
    package static func combine(file: String, into hasher: inout FingerprintHasher, newest: inout Int) -> Bool {
        var info = stat()
        guard stat(file, &info) == 0 else { return false }
        combine(info, into: &hasher, newest: &newest)
        return true
    }

    private static func combine(_ info: stat, into hasher: inout FingerprintHasher, newest: inout Int) {
        hasher.combine(Int(truncatingIfNeeded: info.st_dev))
        hasher.combine(Int(truncatingIfNeeded: info.st_ino))
        hasher.combine(Int(info.st_size))
        hasher.combine(Int(info.st_mtim.tv_sec))
        hasher.combine(Int(info.st_mtim.tv_nsec))
        hasher.combine(Int(info.st_ctim.tv_sec))
        hasher.combine(Int(info.st_ctim.tv_nsec))
        newest = max(
            newest, Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec),
            Int(info.st_ctim.tv_sec) * 1_000_000_000 + Int(info.st_ctim.tv_nsec))
    }
}

/// A file's size and modification time (in nanoseconds since 1970), as a build compares them with what it stored.
package struct FileStamp: Sendable, Equatable {
    package var size: Int64
    package var modified: Int64

    package init(size: Int64, modified: Int64) {
        self.size = size
        self.modified = modified
    }

    package init(_ info: stat) {
        size = Int64(info.st_size)
        modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
    }
}
