import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Raw extracts arrive as UTF-8 or, from many Chinese sites, GB18030.
package enum TextDecoding {
    package enum Failure: Error, Equatable {
        case empty
        case binary
        case undecodable
    }

    /// The text and the encoding it was in.
    package static func decode(_ bytes: [UInt8]) -> Result<(text: String, encoding: String), Failure> {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return .failure(.empty) }
        if looksBinary(bytes) { return .failure(.binary) }
        var body = bytes
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body.removeFirst(3) }
        if let text = String(validating: body, as: UTF8.self) { return .success((text, "UTF-8")) }
        if let text = iconv(body, from: "GB18030") { return .success((text, "GB18030")) }
        return .failure(.undecodable)
    }

    /// NUL bytes, or many control characters, mean this is no text file.
    private static func looksBinary(_ bytes: [UInt8]) -> Bool {
        let sample = bytes.prefix(8192)
        if sample.contains(0) { return true }
        let controls = sample.filter { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D && $0 != 0x0C }.count
        return controls * 20 > sample.count
    }

    /// Converts with the C library's iconv; nil when the bytes are not valid in `encoding`.
    package static func iconv(_ bytes: [UInt8], from encoding: String) -> String? {
        let converter = iconv_open("UTF-8", encoding)
        guard converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var input = bytes.map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: bytes.count * 4 + 16)
        let converted: Int? = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = inBuffer.baseAddress
                var inLeft = inBuffer.count
                var outPointer: UnsafeMutablePointer<CChar>? = outBuffer.baseAddress
                var outLeft = outBuffer.count
                let result = Glibc.iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                guard result != -1, inLeft == 0 else { return nil }
                return outBuffer.count - outLeft
            }
        }
        guard let converted else { return nil }
        return String(validating: output[..<converted].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
