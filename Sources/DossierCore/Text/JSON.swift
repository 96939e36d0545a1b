import Foundation

/// A JSON value whose objects keep their keys in the order given, written the same
/// way on every build. Foundation's `JSONEncoder` sorts keys only alphabetically and
/// cannot make JSON safe inside an HTML `<script>`; this writer does both in one pass.
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
        var out = ""
        write(into: &out, html: html, indent: indent, depth: 0)
        return out
    }

    public func write(into out: inout String, html: Bool, indent: Int?, depth: Int) {
        func newline(_ depth: Int) {
            guard let indent else { return }
            out += "\n"
            out += String(repeating: " ", count: indent * depth)
        }
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .number(let value): out += JSON.format(value)
        case .string(let value): JSON.quote(value, html: html, into: &out)
        case .array(let items):
            guard !items.isEmpty else {
                out += "[]"
                return
            }
            out += "["
            for (n, item) in items.enumerated() {
                if n > 0 { out += "," }
                newline(depth + 1)
                item.write(into: &out, html: html, indent: indent, depth: depth + 1)
            }
            newline(depth)
            out += "]"
        case .object(let members):
            guard !members.isEmpty else {
                out += "{}"
                return
            }
            out += "{"
            for (n, (key, value)) in members.enumerated() {
                if n > 0 { out += "," }
                newline(depth + 1)
                JSON.quote(key, html: html, into: &out)
                out += indent == nil ? ":" : ": "
                value.write(into: &out, html: html, indent: indent, depth: depth + 1)
            }
            newline(depth)
            out += "}"
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
    public static func quote(_ text: String, html: Bool, into out: inout String) {
        out += "\""
        var plain = text.unicodeScalars.startIndex
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let escaped: String?
            switch scalar {
            case "\"": escaped = "\\\""
            case "\\": escaped = "\\\\"
            case "\n": escaped = "\\n"
            case "\r": escaped = "\\r"
            case "\t": escaped = "\\t"
            case "<" where html: escaped = "\\u003c"
            case ">" where html: escaped = "\\u003e"
            case "&" where html: escaped = "\\u0026"
            case "\u{2028}": escaped = "\\u2028"
            case "\u{2029}": escaped = "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    escaped = "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    escaped = nil
                }
            }
            if let escaped {
                out.unicodeScalars += scalars[plain..<index]
                out += escaped
                plain = scalars.index(after: index)
            }
            index = scalars.index(after: index)
        }
        out.unicodeScalars += scalars[plain..<scalars.endIndex]
        out += "\""
    }
}

/// RFC 4180 records: fields separated by commas, a field quoted when it holds a comma,
/// a quote, a carriage return or a line feed (its quotes doubled), records ended by CRLF.
public enum CSV {
    public static func record(_ fields: [String]) -> String {
        var out = ""
        for (n, field) in fields.enumerated() {
            if n > 0 { out += "," }
            if field.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }) {
                out += "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            } else {
                out += field
            }
        }
        return out + "\r\n"
    }
}
