/// A file's text with what is needed to turn byte offsets (as cmark-gfm reports
/// them) into the line and column a user sees.
public struct SourceText: Sendable {
    public let path: String
    public let text: String
    /// UTF-8 offset at which each line starts.
    private let lineStarts: [Int]

    public init(path: String, text: String) {
        self.path = path
        self.text = text
        var starts = [0]
        for (i, byte) in text.utf8.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(i + 1)
        }
        lineStarts = starts
    }

    /// The same file without its text, for what outlives reading: its path.
    var withoutText: SourceText { SourceText(path: path, text: "") }

    public var lineCount: Int { lineStarts.count }

    /// The location of a 1-based line and a 1-based byte column.
    public func location(line: Int, byteColumn: Int) -> SourceLocation {
        guard line >= 1, line <= lineStarts.count else {
            return SourceLocation(path: path, line: line, column: byteColumn)
        }
        let start = lineStarts[line - 1]
        var text = text
        // A scalar starts at every byte that is not a UTF-8 continuation byte.
        let column = text.withUTF8 { utf8 in
            utf8[min(start, utf8.count)..<min(start + max(byteColumn - 1, 0), utf8.count)]
                .reduce(1) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        }
        return SourceLocation(path: path, line: line, column: column)
    }

    /// The location of a UTF-8 offset into the text.
    public func location(byteOffset: Int) -> SourceLocation {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= byteOffset { low = mid } else { high = mid - 1 }
        }
        return location(line: low + 1, byteColumn: byteOffset - lineStarts[low] + 1)
    }

}

extension SourceText {
    /// Decodes a file's bytes as UTF-8, or reports where the first invalid byte is.
    public static func decode(_ bytes: [UInt8], path: String) -> Result<SourceText, Diagnostic> {
        if let text = String(validating: bytes, as: UTF8.self) {
            let body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
            return .success(SourceText(path: path, text: body))
        }
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        var line = 1
        var column = 1
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                offset += String(scalar).utf8.count
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            case .emptyInput:
                break loop
            case .error:
                break loop
            }
        }
        return .failure(.error("the file is not valid UTF-8", at: SourceLocation(path: path, line: line, column: column)))
    }
}
