import Foundation

/// A JSON value whose objects keep their keys in the order given, written the same
/// way on every build. Foundation's `JSONEncoder` sorts keys only alphabetically and
/// cannot make JSON safe inside an HTML `<script>`; this writer does both in one pass,
/// on UTF-8 bytes (the open data writes hundreds of megabytes of it).
public indirect enum JSON: Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    /// `value` as a string, or null.
    public static func string(_ value: String?) -> JSON { value.map(JSON.string) ?? .null }
    public static func number(_ value: Double?) -> JSON { value.map(JSON.number) ?? .null }
    public static func int(_ value: Int) -> JSON { .number(Double(value)) }
    public static func strings(_ values: [String]) -> JSON { .array(values.map(JSON.string)) }

    /// The text: `html` escapes `<`, `>` and `&` too, so that no string can end a
    /// `<script>` or open a comment in it; `indent` pretty-prints with that many spaces.
    public func text(html: Bool = false, indent: Int? = nil) -> String {
        var out: [UInt8] = []
        write(into: &out, html: html, indent: indent, depth: 0)
        return String(decoding: out, as: UTF8.self)
    }

    public func write(into out: inout [UInt8], html: Bool, indent: Int?, depth: Int) {
        func newline(_ depth: Int) {
            guard let indent else { return }
            out.append(0x0A)
            out.append(contentsOf: repeatElement(0x20, count: indent * depth))
        }
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .number(let value): out.append(contentsOf: JSON.format(value).utf8)
        case .string(let value): JSON.quote(value, html: html, into: &out)
        case .array(let items):
            guard !items.isEmpty else { return out.append(contentsOf: "[]".utf8) }
            out.append(UInt8(ascii: "["))
            for (n, item) in items.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                newline(depth + 1)
                item.write(into: &out, html: html, indent: indent, depth: depth + 1)
            }
            newline(depth)
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            guard !members.isEmpty else { return out.append(contentsOf: "{}".utf8) }
            out.append(UInt8(ascii: "{"))
            for (n, (key, value)) in members.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                newline(depth + 1)
                JSON.quote(key, html: html, into: &out)
                out.append(UInt8(ascii: ":"))
                if indent != nil { out.append(0x20) }
                value.write(into: &out, html: html, indent: indent, depth: depth + 1)
            }
            newline(depth)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// A whole number without a fraction (`120000`), else the shortest text that reads back the same.
    public static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// `text` as a JSON string: quotes, backslashes and control characters escaped, and
    /// U+2028 and U+2029 (which end a line in older JavaScript); with `html`, `<`, `>` and `&` too.
    public static func quote(_ text: String, html: Bool, into out: inout [UInt8]) {
        out.append(0x22)
        var text = text
        text.withUTF8 { bytes in
            var plain = 0
            var index = 0
            let count = bytes.count
            func escape(_ escaped: String, length: Int) {
                out.append(contentsOf: bytes[plain..<index])
                out.append(contentsOf: escaped.utf8)
                index += length
                plain = index
            }
            while index < count {
                let byte = bytes[index]
                switch byte {
                case 0x22: escape("\\\"", length: 1)
                case 0x5C: escape("\\\\", length: 1)
                case 0x0A: escape("\\n", length: 1)
                case 0x0D: escape("\\r", length: 1)
                case 0x09: escape("\\t", length: 1)
                case 0x3C where html: escape("\\u003c", length: 1)
                case 0x3E where html: escape("\\u003e", length: 1)
                case 0x26 where html: escape("\\u0026", length: 1)
                case 0x00..<0x20:
                    let hex = String(byte, radix: 16)
                    escape("\\u" + String(repeating: "0", count: 4 - hex.count) + hex, length: 1)
                // U+2028 and U+2029: E2 80 A8 and E2 80 A9.
                case 0xE2 where index + 2 < count && bytes[index + 1] == 0x80 && bytes[index + 2] == 0xA8:
                    escape("\\u2028", length: 3)
                case 0xE2 where index + 2 < count && bytes[index + 1] == 0x80 && bytes[index + 2] == 0xA9:
                    escape("\\u2029", length: 3)
                default: index += 1
                }
            }
            out.append(contentsOf: bytes[plain..<count])
        }
        out.append(0x22)
    }
}

/// RFC 4180 records: fields separated by commas, a field quoted when it holds a comma,
/// a quote, a carriage return or a line feed (its quotes doubled), records ended by CRLF.
public enum CSV {
    public static func record(_ fields: [String]) -> String {
        var out: [UInt8] = []
        record(fields, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    public static func record(_ fields: [String], into out: inout [UInt8]) {
        for (n, field) in fields.enumerated() {
            if n > 0 { out.append(0x2C) }
            Self.field(field, into: &out)
        }
        out.append(contentsOf: [0x0D, 0x0A])
    }

    /// One field, quoted when it must be.
    public static func field(_ field: String, into out: inout [UInt8]) {
        var field = field
        field.withUTF8 { Self.field(utf8: $0, into: &out) }
    }

    /// One field given as UTF-8, quoted when it must be.
    public static func field(utf8 bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        guard bytes.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }) else {
            return out.append(contentsOf: bytes)
        }
        out.append(0x22)
        for byte in bytes {
            out.append(byte)
            if byte == 0x22 { out.append(0x22) }
        }
        out.append(0x22)
    }
}
