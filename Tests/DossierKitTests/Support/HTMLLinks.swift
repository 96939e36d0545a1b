import Foundation

/// The internal links of a built site, for checking that each resolves.
enum HTMLLinks {
    /// `href` and `src` values in an HTML page.
    static func references(in html: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: #"(?:href|src)="([^"]*)""#)
        let range = NSRange(html.startIndex..., in: html)
        return pattern.matches(in: html, range: range).compactMap { match in
            Range(match.range(at: 1), in: html).map { String(html[$0]) }
        }
    }

    /// Internal links of every HTML page (but 404.html, whose links are absolute) that lead to no file.
    static func broken(in site: URL) throws -> [String] {
        var problems: [String] = []
        for file in TestSupport.files(in: site) where file.hasSuffix(".html") && file != "404.html" {
            let html = try TestSupport.read(site.appendingPathComponent(file))
            let folder = site.appendingPathComponent(file).deletingLastPathComponent()
            for reference in references(in: html) {
                let decoded = reference.replacingOccurrences(of: "&amp;", with: "&")
                if decoded.contains("://") || decoded.hasPrefix("mailto:") || decoded.hasPrefix("#") { continue }
                var path = String(decoded.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0])
                path = path.removingPercentEncoding ?? path
                if path.isEmpty { continue }
                var target = folder.appendingPathComponent(path).standardized
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: target.path, isDirectory: &isDirectory), isDirectory.boolValue {
                    target = target.appendingPathComponent("index.html")
                }
                if !FileManager.default.fileExists(atPath: target.path) || !target.path.hasPrefix(site.standardized.path) {
                    problems.append("\(file): \(reference)")
                }
            }
        }
        return problems
    }
}
