import DossierCore

/// What `check` needs of a built page: the ids it defines and the URLs it refers
/// to, each with its line and column in the file, from the tags `HTMLTokens`
/// finds (comments and the text of `<script>` and `<style>` are not read for
/// tags); attribute values are unescaped.
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

    static let linking: [String: Set<String>] = [
        "href": ["a", "area", "link"],
        "src": ["img", "script", "iframe", "source", "audio", "video", "track", "embed"],
    ]

    package init(html: String) {
        var html = html
        var ids: Set<String> = []
        var references: [Reference] = []
        html.withUTF8 { bytes in
            // Lines and columns (in characters) counted as far as the last value found.
            var line = 1
            var column = 1
            var counted = 0
            func position(of offset: Int) -> (line: Int, column: Int) {
                while counted < offset {
                    let byte = bytes[counted]
                    if byte == 0x0A {
                        line += 1
                        column = 1
                    } else if byte & 0xC0 != 0x80 {
                        // UTF-8 continuation bytes (10xxxxxx) do not begin a character.
                        column += 1
                    }
                    counted += 1
                }
                return (line, column)
            }
            HTMLTokens.scan(bytes, attributes: true) { token in
                guard token.kind == .startTag else { return }
                for attribute in token.attributes {
                    // An attribute without `=` names nothing and links nowhere.
                    guard let range = attribute.value else { continue }
                    let value = { HTML.unescape(String(decoding: bytes[range], as: UTF8.self)) }
                    switch attribute.name {
                    case "id": ids.insert(value())
                    case "name" where token.name == "a": ids.insert(value())
                    case "href", "src":
                        guard Self.linking[attribute.name]!.contains(token.name) else { continue }
                        let (line, column) = position(of: range.lowerBound)
                        references.append(
                            Reference(url: value(), attribute: attribute.name, line: line, column: column))
                    default: continue
                    }
                }
            }
        }
        self.ids = ids
        self.references = references
    }
}
