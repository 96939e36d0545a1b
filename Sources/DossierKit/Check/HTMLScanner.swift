import DossierCore
import DossierLink
import DossierLoad
import DossierTemplate

/// What `check` needs of a built page: the ids it defines and the URLs it refers
/// to, each with its line and column in the file. A tag scanner rather than a
/// parser: comments are skipped, the text of `<script>` and `<style>` is not
/// read for tags, and attribute values are unescaped.
package struct ScannedPage {
    package struct Reference: Sendable {
        package var url: String
        /// `href` or `src`.
        package var attribute: String
        package var line: Int
        package var column: Int
    }

    package var ids: Set<String> = []
    package var references: [Reference] = []

    package init(html: String) {
        let scalars = Array(html.unicodeScalars)
        var index = 0
        var line = 1
        var lineStart = 0
        func advance(to end: Int) {
            while index < end {
                if scalars[index] == "\n" {
                    line += 1
                    lineStart = index + 1
                }
                index += 1
            }
        }
        func starts(with text: String, at position: Int) -> Bool {
            var at = position
            for scalar in text.unicodeScalars {
                guard at < scalars.count, Self.lower(scalars[at]) == scalar else { return false }
                at += 1
            }
            return true
        }
        func find(_ text: String, from position: Int) -> Int {
            var at = position
            while at < scalars.count {
                if starts(with: text, at: at) { return at }
                at += 1
            }
            return scalars.count
        }

        while index < scalars.count {
            guard scalars[index] == "<" else {
                advance(to: index + 1)
                continue
            }
            if starts(with: "<!--", at: index) {
                advance(to: min(find("-->", from: index + 4) + 3, scalars.count))
                continue
            }
            // A start tag: its name, then its attributes up to `>`.
            var at = index + 1
            guard at < scalars.count, scalars[at].properties.isAlphabetic else {
                advance(to: index + 1)
                continue
            }
            var name = ""
            while at < scalars.count, !Self.isSpace(scalars[at]), scalars[at] != ">", scalars[at] != "/" {
                name.unicodeScalars.append(Self.lower(scalars[at]))
                at += 1
            }
            advance(to: at)
            while index < scalars.count, scalars[index] != ">" {
                if Self.isSpace(scalars[index]) || scalars[index] == "/" {
                    advance(to: index + 1)
                    continue
                }
                var attribute = ""
                while index < scalars.count, !Self.isSpace(scalars[index]),
                    !"=>/".unicodeScalars.contains(scalars[index])
                {
                    attribute.unicodeScalars.append(Self.lower(scalars[index]))
                    advance(to: index + 1)
                }
                while index < scalars.count, Self.isSpace(scalars[index]) { advance(to: index + 1) }
                guard index < scalars.count, scalars[index] == "=" else { continue }
                advance(to: index + 1)
                while index < scalars.count, Self.isSpace(scalars[index]) { advance(to: index + 1) }
                guard index < scalars.count else { break }
                let valueLine = line
                var valueColumn = index - lineStart + 1
                var value = ""
                if scalars[index] == "\"" || scalars[index] == "'" {
                    let quote = scalars[index]
                    valueColumn += 1
                    advance(to: index + 1)
                    while index < scalars.count, scalars[index] != quote {
                        value.unicodeScalars.append(scalars[index])
                        advance(to: index + 1)
                    }
                    advance(to: min(index + 1, scalars.count))
                } else {
                    while index < scalars.count, !Self.isSpace(scalars[index]), scalars[index] != ">" {
                        value.unicodeScalars.append(scalars[index])
                        advance(to: index + 1)
                    }
                }
                let text = Self.unescape(value)
                switch attribute {
                case "id": ids.insert(text)
                case "name" where name == "a": ids.insert(text)
                case "href" where ["a", "area", "link"].contains(name),
                    "src"
                where ["img", "script", "iframe", "source", "audio", "video", "track", "embed"].contains(name):
                    references.append(Reference(url: text, attribute: attribute, line: valueLine, column: valueColumn))
                default: break
                }
            }
            advance(to: min(index + 1, scalars.count))
            if name == "script" || name == "style" {
                advance(to: find("</" + name, from: index))
            }
        }
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\n" || scalar == "\t" || scalar == "\r" || scalar == "\u{0C}"
    }

    private static func lower(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        ("A"..."Z").contains(scalar) ? Unicode.Scalar(scalar.value + 32)! : scalar
    }

    /// Character references: the named ones templates and cmark-gfm write, and numeric ones.
    package static func unescape(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            let after = rest[amp...]
            guard let semicolon = after.prefix(12).firstIndex(of: ";") else {
                result += "&"
                rest = rest[rest.index(after: amp)...]
                continue
            }
            let entity = after[after.index(after: amp)..<semicolon]
            var replacement: String?
            switch entity {
            case "amp": replacement = "&"
            case "lt": replacement = "<"
            case "gt": replacement = ">"
            case "quot": replacement = "\""
            case "apos": replacement = "'"
            default:
                if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
                    replacement = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String($0) }
                } else if entity.hasPrefix("#") {
                    replacement = UInt32(entity.dropFirst()).flatMap(Unicode.Scalar.init).map { String($0) }
                }
            }
            if let replacement {
                result += replacement
                rest = rest[rest.index(after: semicolon)...]
            } else {
                result += "&"
                rest = rest[rest.index(after: amp)...]
            }
        }
        return result + rest
    }
}
