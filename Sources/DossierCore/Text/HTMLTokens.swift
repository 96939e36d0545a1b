/// The one tag scanner for the HTML Dossier reads back: `check` takes the ids and
/// links of the built pages from it, and search the text whose CJK characters it
/// sets apart. A scanner, not a parser, for pages as Dossier writes them: UTF-8
/// bytes split into text, comments, start tags (with their attributes), end tags,
/// and the raw text of `<script>` and `<style>`, which is not read for tags. A `<`
/// that begins none of these is text; an unterminated comment or tag runs to the
/// end. The tokens, in order, cover every byte once.
package enum HTMLTokens {
    package enum Kind: Sendable {
        case text, comment, startTag, endTag, rawText
    }

    package struct Token {
        package var kind: Kind
        /// The token's bytes, from `<` to `>` for a tag.
        package var range: Range<Int>
        /// A tag's name, in lowercase; empty for other tokens.
        package var name: String = ""
        /// A start tag's attributes, when asked for.
        package var attributes: [Attribute] = []
    }

    package struct Attribute {
        /// In lowercase.
        package var name: String
        /// The value's bytes as written, without its quotes (not unescaped); nil when the
        /// attribute has no `=` (`<input disabled>`).
        package var value: Range<Int>?
    }

    /// Calls `visit` with each token of `html` in order; start tags come with their
    /// attributes when `attributes` (search, which needs none, saves making them).
    package static func scan(
        _ html: UnsafeBufferPointer<UInt8>, attributes wanted: Bool, _ visit: (Token) -> Void
    ) {
        let count = html.count
        func isSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C
        }
        func lower(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }
        func lowercased(_ range: Range<Int>) -> String {
            String(decoding: html[range].lazy.map(lower), as: UTF8.self)
        }
        /// Whether `pattern` (lowercase ASCII) starts at `index`, ignoring ASCII case.
        func starts(_ pattern: StaticString, at index: Int) -> Bool {
            let length = pattern.utf8CodeUnitCount
            guard index + length <= count else { return false }
            let bytes = pattern.utf8Start
            for offset in 0..<length where lower(html[index + offset]) != bytes[offset] { return false }
            return true
        }
        /// Where `pattern` next starts, at or after `index`; the end when nowhere.
        func find(_ pattern: StaticString, from index: Int) -> Int {
            var at = index
            while at < count && !starts(pattern, at: at) { at += 1 }
            return min(at, count)
        }
        var index = 0
        var textStart = 0
        func emit(_ kind: Kind, _ range: Range<Int>, name: String = "", attributes: [Attribute] = []) {
            if textStart < range.lowerBound { visit(Token(kind: .text, range: textStart..<range.lowerBound)) }
            visit(Token(kind: kind, range: range, name: name, attributes: attributes))
            index = range.upperBound
            textStart = index
        }
        while index < count {
            guard html[index] == UInt8(ascii: "<") else {
                index += 1
                continue
            }
            if starts("<!--", at: index) {
                emit(.comment, index..<min(find("-->", from: index + 4) + 3, count))
                continue
            }
            let isEnd = index + 1 < count && html[index + 1] == UInt8(ascii: "/")
            let nameStart = index + (isEnd ? 2 : 1)
            guard nameStart < count, (0x61...0x7A).contains(lower(html[nameStart])) else {
                index += 1
                continue
            }
            var at = nameStart
            while at < count, !isSpace(html[at]), html[at] != UInt8(ascii: ">"), html[at] != UInt8(ascii: "/") {
                at += 1
            }
            let name = lowercased(nameStart..<at)
            // Attributes up to `>`: a name, and `=` with a value, quoted or not.
            var attributes: [Attribute] = []
            while at < count, html[at] != UInt8(ascii: ">") {
                if isSpace(html[at]) || html[at] == UInt8(ascii: "/") {
                    at += 1
                    continue
                }
                let attributeStart = at
                while at < count, !isSpace(html[at]),
                    html[at] != UInt8(ascii: "="), html[at] != UInt8(ascii: ">"), html[at] != UInt8(ascii: "/")
                {
                    at += 1
                }
                let attributeEnd = at
                while at < count, isSpace(html[at]) { at += 1 }
                var value: Range<Int>?
                if at < count, html[at] == UInt8(ascii: "=") {
                    at += 1
                    while at < count, isSpace(html[at]) { at += 1 }
                    if at < count, html[at] == UInt8(ascii: "\"") || html[at] == UInt8(ascii: "'") {
                        let quote = html[at]
                        at += 1
                        let start = at
                        while at < count, html[at] != quote { at += 1 }
                        value = start..<at
                        at = min(at + 1, count)
                    } else {
                        let start = at
                        while at < count, !isSpace(html[at]), html[at] != UInt8(ascii: ">") { at += 1 }
                        value = start..<at
                    }
                }
                if wanted, !isEnd {
                    attributes.append(Attribute(name: lowercased(attributeStart..<attributeEnd), value: value))
                }
            }
            emit(isEnd ? .endTag : .startTag, index..<min(at + 1, count), name: name, attributes: attributes)
            if !isEnd, name == "script" || name == "style" {
                let close = find(name == "script" ? "</script" : "</style", from: index)
                if close > index { emit(.rawText, index..<close) }
            }
        }
        if textStart < count { visit(Token(kind: .text, range: textStart..<count)) }
    }
}
