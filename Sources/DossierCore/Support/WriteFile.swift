import CDossierFiles
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writes a file the user asked for (a scaffold, an imported article, a draft),
/// creating its folder; a failure is the environment's, named by `display`. It is
/// synced to the disk: it may be the only copy of the user's words.
package func writeUserFile(_ text: String, to path: String, display: String? = nil) throws {
    do {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try writeReplacing(Data(text.utf8), at: path, synced: true)
    } catch {
        throw EnvironmentError("cannot write \(display ?? path): \(error.localizedDescription)")
    }
}

/// The hidden temporary file beside `target` that `writeReplacing` writes first.
package func temporaryPath(for target: String) -> String {
    (target as NSString).deletingLastPathComponent + "/.\((target as NSString).lastPathComponent).dossier-tmp"
}

/// Writes `data` at `path` by way of a hidden temporary file beside it (`temporaryPath`),
/// renamed over it: a reader, or a build killed meanwhile, finds the old file or the new
/// one, never half of one. This is the one way Dossier replaces a file.
package func writeReplacing(_ data: some ContiguousBytes, at path: String, synced: Bool = false) throws {
    let scratch = temporaryPath(for: path)
    do {
        try writeBytes(data, to: scratch, synced: synced)
    } catch {
        unlink(scratch)
        throw error
    }
    guard rename(scratch, path) == 0 else {
        let code = errno
        unlink(scratch)
        throw WriteFailure(code: code)
    }
}

/// Regular files below `root` (symlinks to files too), relative to it and sorted;
/// hidden files and folders (the manifest, the build cache, editors' files) are left
/// out, and so are the top-level entries named in `skipping`. Types come from the
/// folder listings, with no call per file.
package func listFiles(_ root: String, skipping: Set<String> = []) -> [String] {
    var files: [String] = []
    func walk(_ relative: String) {
        guard let entries = FileWalker.entries(relative.isEmpty ? root : root + "/" + relative) else { return }
        for (name, kind) in entries where !name.hasPrefix(".") {
            if relative.isEmpty && skipping.contains(name) { continue }
            let path = relative.isEmpty ? name : relative + "/" + name
            switch kind {
            case .directory: walk(path)
            case .regular: files.append(path)
            case .symlink: if FileWalker.type(root + "/" + path, follow: true) == .regular { files.append(path) }
            case .other: break
            }
        }
    }
    walk("")
    return files.sorted()
}

/// Writes `data` to `path` (created, or emptied first) with plain system calls. Unlike
/// Foundation's `Data.write`, it syncs the file to the disk only when `synced`: that
/// costs a build of thousands of files far more than writing them (the output folder
/// and the search copies are made safe against a killed build by the rename that puts
/// each file in place, and are built again from the sources after a crash of the machine).
/// Its error's `localizedDescription` is the system's reason ("Permission denied").
package func writeBytes(_ data: some ContiguousBytes, to path: String, synced: Bool = false) throws {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw WriteFailure(code: errno) }
    var failure: Int32 = 0
    data.withUnsafeBytes { buffer in
        reserveBlocks(descriptor, bytes: buffer.count)
        var offset = 0
        while offset < buffer.count {
            let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                failure = errno
                return
            }
            offset += written
        }
    }
    if failure == 0 && synced && fsync(descriptor) != 0 { failure = errno }
    if close(descriptor) != 0 && failure == 0 { failure = errno }
    if failure != 0 { throw WriteFailure(code: failure) }
}

/// Files of this size or more have their disk blocks reserved before they are written. ext4
/// allocates a file's blocks only when it writes the file out, and it writes out a file
/// renamed over another during the rename, for the new file not to be lost to a crash: for the
/// open data's 100 MB database, a tenth of a second in the build's path. Reserved blocks are
/// written out later, as any other file's are.
package let reservedFrom = 4 << 20

/// Reserves disk blocks for the first `bytes` of the file open at `descriptor`, leaving its
/// size as it is; nothing for a small file, or where the system cannot (writing works as ever).
package func reserveBlocks(_ descriptor: Int32, bytes: Int) {
    guard bytes >= reservedFrom else { return }
    _ = dossier_reserve_blocks(descriptor, Int64(bytes))
}

/// An empty file at `path`, for a maker to write into (without truncating it), with disk blocks
/// reserved for `bytes`: the size of the file it will replace, as good a guess as there is.
/// `trimReserved` gives back what it did not use.
package func createReserved(at path: String, bytes: Int) {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { return }  // the maker will say why
    reserveBlocks(descriptor, bytes: bytes)
    close(descriptor)
}

/// Gives back the blocks reserved beyond the end of the file at `path` (a truncation to its own size).
package func trimReserved(_ path: String, size: Int) {
    _ = truncate(path, off_t(size))
}

/// Why a file could not be written: the system's error number.
package struct WriteFailure: LocalizedError {
    package var code: Int32
    package var errorDescription: String? { String(cString: strerror(code)) }

    package init(code: Int32) {
        self.code = code
    }
}
