import DossierCore
import Foundation

/// Text written to a file in pieces, through a buffer; a failure to write is thrown at the end.
final class TextSink {
    private let handle: FileHandle
    private(set) var buffer: [UInt8] = []
    private var failure: Error?
    static let flushAt = 1 << 20

    private init(handle: FileHandle) {
        self.handle = handle
        buffer.reserveCapacity(Self.flushAt + 4096)
    }

    static func write(to path: String, _ body: (TextSink) throws -> Void) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw EnvironmentError("cannot write \(path)") }
        let sink = TextSink(handle: handle)
        defer { try? handle.close() }
        try body(sink)
        try sink.flush()
        if let failure = sink.failure { throw failure }
    }

    func append(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        flushWhenFull()
    }

    /// One CSV record (RFC 4180).
    func record(_ fields: [String]) {
        CSV.record(fields, into: &buffer)
        flushWhenFull()
    }

    /// A record of four fields given as UTF-8, made without an array.
    func record(_ a: Bytes, _ b: Bytes, _ c: Bytes, _ d: Bytes) {
        CSV.field(utf8: a, into: &buffer)
        buffer.append(0x2C)
        CSV.field(utf8: b, into: &buffer)
        buffer.append(0x2C)
        CSV.field(utf8: c, into: &buffer)
        buffer.append(0x2C)
        CSV.field(utf8: d, into: &buffer)
        buffer.append(contentsOf: [0x0D, 0x0A])
        flushWhenFull()
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
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
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
