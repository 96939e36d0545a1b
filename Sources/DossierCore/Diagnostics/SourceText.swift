/// A file's text with what is needed to turn byte offsets (as cmark-gfm reports
/// them) into the line and column a user sees.
public struct SourceText: Sendable {
    public let path: String
    public let text: String
    /// UTF-8 offset at which each line starts.
    private let lineStarts: [Int]
    /// How many scalars start before each multiple of `stride` bytes, so that a
    /// byte column becomes a character column in constant time, however long the line.
    private let scalarCheckpoints: [Int32]
    private static let stride = 64

    public init(path: String, text: String) {
        self.path = path
        self.text = text
        var starts = [0]
        var checkpoints: [Int32] = []
        checkpoints.reserveCapacity(text.utf8.count / Self.stride + 1)
        var scalars: Int32 = 0
        for (i, byte) in text.utf8.enumerated() {
            if i % Self.stride == 0 { checkpoints.append(scalars) }
            if byte & 0xC0 != 0x80 { scalars += 1 }
            if byte == UInt8(ascii: "\n") { starts.append(i + 1) }
        }
        checkpoints.append(scalars)
        lineStarts = starts
        scalarCheckpoints = checkpoints
    }

    /// The same file without its text, for what outlives reading: its path.
    package var withoutText: SourceText { SourceText(path: path, text: "") }

    public var lineCount: Int { lineStarts.count }

    /// The location of a 1-based line and a 1-based byte column.
    public func location(line: Int, byteColumn: Int) -> SourceLocation {
        guard line >= 1, line <= lineStarts.count else {
            return SourceLocation(path: path, line: line, column: byteColumn)
        }
        let start = lineStarts[line - 1]
        var text = text
        let column = text.withUTF8 { utf8 -> Int in
            // A scalar starts at every byte that is not a UTF-8 continuation byte.
            func scalars(before offset: Int) -> Int {
                let offset = min(offset, utf8.count)
                let checkpoint = min(offset / Self.stride, scalarCheckpoints.count - 1)
                var count = Int(scalarCheckpoints[checkpoint])
                for byte in utf8[min(checkpoint * Self.stride, offset)..<offset] where byte & 0xC0 != 0x80 {
                    count += 1
                }
                return count
            }
            return scalars(before: start + max(byteColumn - 1, 0)) - scalars(before: start) + 1
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
    /// A byte-order mark is dropped and CRLF and CR line endings become LF, so that
    /// every later stage, and every line and column it reports, sees one kind of line.
    public static func decode(_ bytes: [UInt8], path: String) -> Result<SourceText, Diagnostic> {
        let bytes = normalizingLineEndings(bytes)
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
                if scalar == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .emptyInput:
                break loop
            case .error:
                break loop
            }
        }
        let hint =
            TextDecoding.iconv(bytes, from: "GB18030") != nil
            ? ": it looks like GB18030 (GBK); convert it with `iconv -f GB18030 -t UTF-8 \(path) -o \(path).utf8` "
                + "and move the result into place, or make an article of a raw extract with `dossier import`"
            : ": save it as UTF-8"
        return .failure(
            .error("the file is not valid UTF-8\(hint)", at: SourceLocation(path: path, line: line, column: column)))
    }

    /// `\r\n` and a lone `\r` become `\n`; text without `\r` is returned as it is.
    public static func normalizingLineEndings(_ bytes: [UInt8]) -> [UInt8] {
        let cr = UInt8(ascii: "\r")
        let lf = UInt8(ascii: "\n")
        guard bytes.contains(cr) else { return bytes }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == cr {
                result.append(lf)
                if index + 1 < bytes.count && bytes[index + 1] == lf { index += 1 }
            } else {
                result.append(byte)
            }
            index += 1
        }
        return result
    }

    /// Text with CRLF and CR line endings made LF.
    public static func normalizingLineEndings(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "\r")) else { return text }
        return String(decoding: normalizingLineEndings(Array(text.utf8)), as: UTF8.self)
    }
}
