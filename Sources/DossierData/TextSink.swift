import DossierCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Text written to a file in pieces, through a buffer; a failure to write is thrown at the end.
final class TextSink {
    private let descriptor: Int32
    private(set) var buffer: [UInt8] = []
    private var failure: Error?
    /// The bytes flushed to the file so far.
    private(set) var written = 0
    static let flushAt = 1 << 20

    private init(descriptor: Int32) {
        self.descriptor = descriptor
        buffer.reserveCapacity(Self.flushAt + 4096)
    }

    /// Writes the file at `path` from its start, and cuts it at the end of what was written:
    /// a file already there (one `createReserved` made) is written into, not made anew.
    static func write(to path: String, _ body: (TextSink) throws -> Void) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw EnvironmentError("cannot write \(path): \(Self.reason(errno))") }
        defer { close(descriptor) }
        let sink = TextSink(descriptor: descriptor)
        try body(sink)
        try sink.flush()
        if let failure = sink.failure { throw failure }
        guard ftruncate(descriptor, off_t(sink.written)) == 0 else {
            throw EnvironmentError("cannot write \(path): \(Self.reason(errno))")
        }
    }

    static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }

    func append(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        flushWhenFull()
    }

    /// One CSV record (RFC 4180).
    func record(_ fields: [String]) {
        CSV.record(fields, into: &buffer)
        flushWhenFull()
    }

    /// An article's mention rows (`MentionChunk.Article.csv`).
    func records(of article: inout MentionChunk.Article, names: [[UInt8]]) {
        article.csv(names: names, into: &buffer)
        flushWhenFull()
    }

    /// Bytes as they are.
    func append(raw bytes: UnsafeRawBufferPointer) {
        buffer.append(contentsOf: bytes)
        flushWhenFull()
    }

    /// A run of another file's bytes, read a piece at a time into the buffer (a copy through a
    /// small buffer that stays in the processor's cache is several times faster than one
    /// `write` from a mapping of the whole run).
    func append(from file: Int32, _ run: Range<Int>) {
        var offset = run.lowerBound
        while offset < run.upperBound {
            let start = buffer.count
            let count = min(Self.flushAt, run.upperBound - offset)
            buffer.append(contentsOf: repeatElement(0, count: count))
            let read = buffer.withUnsafeMutableBytes { pread(file, $0.baseAddress! + start, count, off_t(offset)) }
            guard read > 0 else {
                buffer.removeLast(count)
                if read < 0 && errno == EINTR { continue }
                failure =
                    failure
                    ?? EnvironmentError("cannot read a file being copied: \(Self.reason(read < 0 ? errno : EIO))")
                return
            }
            buffer.removeLast(count - read)
            offset += read
            flushWhenFull()
        }
    }

    private func flushWhenFull() {
        guard buffer.count >= Self.flushAt else { return }
        do {
            try flush()
        } catch {
            failure = failure ?? error
            buffer.removeAll(keepingCapacity: true)
        }
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try writeAll($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let count = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                throw WriteFailure(code: errno)
            }
            offset += count
        }
        written += bytes.count
    }

    /// A JSON array, an item a line.
    func jsonArray(_ items: some Sequence<JSON>) {
        var first = true
        append("[")
        for item in items {
            buffer.append(contentsOf: (first ? "\n  " : ",\n  ").utf8)
            first = false
            item.write(into: &buffer, html: false, indent: 2, depth: 1)
            flushWhenFull()
        }
        append(first ? "]\n" : "\n]\n")
    }
}
