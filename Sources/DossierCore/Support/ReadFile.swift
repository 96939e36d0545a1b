import Foundation

/// A regular file's bytes with its size and modification time, read with one
/// `open`, `fstat` and as many `read`s as it takes: the size and time are the
/// ones of the bytes read (not of a second `stat`, between which the file may
/// change), and no `Data` is made to be copied into an array.
package struct FileBytes {
    package var bytes: [UInt8]
    /// Nanoseconds since the epoch.
    package var modified: Int64

    package static func read(_ path: String) -> FileBytes? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let expected = Int(info.st_size)
        var bytes = [UInt8](repeating: 0, count: expected)
        var count = 0
        while true {
            if count == bytes.count { bytes.append(contentsOf: repeatElement(0, count: max(4096, bytes.count))) }
            let got = bytes.withUnsafeMutableBytes { buffer in
                Foundation.read(descriptor, buffer.baseAddress! + count, buffer.count - count)
            }
            if got < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if got == 0 { break }
            count += got
        }
        bytes.removeLast(bytes.count - count)
        return FileBytes(bytes: bytes, modified: FileStamp(info).modified)
    }

    package init(bytes: [UInt8], modified: Int64) {
        self.bytes = bytes
        self.modified = modified
    }
}
