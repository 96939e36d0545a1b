import Foundation

/// The rows the build store keeps are plain bytes. Each stage codes its own values
/// (an extension of `RecordCoding` beside them: what a file was read into in the
/// load stage, what linking made of an article in the link stage), so that the
/// store itself knows no stage's types; the small values every stage uses are here.
package enum RecordCoding {
    // MARK: Small values

    package static func location(_ w: inout BinaryWriter, _ value: SourceLocation) {
        w.string(value.path)
        w.signed(value.line)
        w.signed(value.column)
    }

    package static func location(_ r: inout BinaryReader) throws -> SourceLocation {
        SourceLocation(path: try r.string(), line: try r.signed(), column: try r.signed())
    }

    package static func diagnostics(_ w: inout BinaryWriter, _ value: Diagnostics) {
        w.list(value.items) { w, item in
            w.bool(item.severity == .error)
            location(&w, item.location)
            w.string(item.message)
        }
    }

    package static func diagnostics(_ r: inout BinaryReader) throws -> Diagnostics {
        var result = Diagnostics()
        for _ in 0..<(try r.int()) {
            let isError = try r.bool()
            let at = try location(&r)
            let message = try r.string()
            if isError { result.error(message, at: at) } else { result.warning(message, at: at) }
        }
        return result
    }

    package static func sentences(_ value: [String]) -> [UInt8] {
        var w = BinaryWriter()
        w.list(value) { $0.string($1) }
        return w.bytes
    }

    /// The list at its full length, with only the sentences at `only` decoded (the others empty).
    package static func sentences(_ bytes: [UInt8], only wanted: Set<Int32>) throws -> [String] {
        var r = BinaryReader(bytes)
        let count = try r.int()
        var sentences: [String] = []
        sentences.reserveCapacity(count)
        for position in 0..<count {
            if wanted.contains(Int32(truncatingIfNeeded: position)) {
                sentences.append(try r.string())
            } else {
                try r.skipString()
                sentences.append("")
            }
        }
        guard r.atEnd else { throw BinaryReader.Damaged() }
        return sentences
    }
}

/// An article's sentences as the build store keeps them: the bytes, and where each sentence
/// lies in them. The open data quotes every sentence a mention is in, hundreds of thousands
/// at 10k articles, and binds and writes them as these bytes without making a string of
/// each. The store checks each row against its checksum before it is read, and the bytes
/// were written from strings, so they are UTF-8.
package struct SentenceBytes: Sendable {
    package let bytes: [UInt8]
    package let ranges: [Range<Int>]

    package init(encoded bytes: [UInt8]) throws {
        var r = BinaryReader(bytes)
        var ranges: [Range<Int>] = []
        let count = try r.int()
        ranges.reserveCapacity(count)
        for _ in 0..<count { ranges.append(try r.stringRange()) }
        guard r.atEnd else { throw BinaryReader.Damaged() }
        self.bytes = bytes
        self.ranges = ranges
    }

    package init(_ sentences: [String]) {
        // Coded as the store codes them, so decoding cannot fail.
        try! self.init(encoded: RecordCoding.sentences(sentences))
    }
}
