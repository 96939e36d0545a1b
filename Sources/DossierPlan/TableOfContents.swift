import DossierCore

/// The `##` and `###` headings of rendered HTML, which carry their ids.
package enum TableOfContents {
    package static func entries(html: String) -> [TocEntry] {
        // Made here, not shared: pages are rendered on all cores at once.
        let heading = /<h([23]) id="([^"]*)">(.*?)<\/h\1>/.dotMatchesNewlines()
        let tag = /<[^>]*>/
        return html.matches(of: heading).map { match in
            TocEntry(
                level: match.1 == "2" ? 2 : 3, id: unescape(String(match.2)),
                text: unescape(String(match.3).replacing(tag, with: "")))
        }
    }

    private static func unescape(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
