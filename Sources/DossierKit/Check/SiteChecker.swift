import CCmarkGFM
import DossierCore
import DossierLink
import DossierMarkdown
import DossierStore
import DossierTemplate
import DossierValidate
import Foundation

/// What `dossier check` finds in a built site: internal links that lead nowhere,
/// fragments no element carries, entity pages the home page does not lead to,
/// and the external links, listed.
public struct CheckResult: Sendable {
    public var problems: [Diagnostic]
    /// Each external URL once, where it first appears.
    public var external: [(url: String, location: SourceLocation)]
    public var pages: Int
    public var links: Int
}

public struct SiteChecker: Sendable {
    /// The built site, and how to name it to the user.
    package let folder: String
    package let display: String
    /// Absolute URLs under it are the site's own (the 404 page, canonical links).
    package let baseURL: String
    /// The Markdown file of each page built from one, by the page's file.
    package let sources: [String: String]
    /// The pages that must be reachable from the home page.
    package let required: [String]

    public init(folder: String, display: String, baseURL: String, sources: [String: String], required: [String]) {
        self.folder = folder
        self.display = display
        self.baseURL = baseURL.isEmpty || baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
        self.sources = sources
        self.required = required
    }

    package enum Target: Equatable {
        case page(file: String, fragment: String?)
        case external
        case ignored
        case outside
    }

    public func check() -> CheckResult {
        let files = Set(listFiles(folder))
        let htmlFiles = files.filter { $0.hasSuffix(".html") }.sorted()
        let scanned = htmlFiles.parallelMap { file -> ScannedPage in
            let text = (try? String(contentsOfFile: folder + "/" + file, encoding: .utf8)) ?? ""
            return ScannedPage(html: text)
        }
        let pages = Dictionary(uniqueKeysWithValues: zip(htmlFiles, scanned))

        var problems: [(page: String, reference: ScannedPage.Reference, message: String)] = []
        var external: [String: (page: String, reference: ScannedPage.Reference)] = [:]
        var edges: [String: Set<String>] = [:]
        var links = 0
        for file in htmlFiles {
            for reference in pages[file]!.references {
                links += 1
                switch resolve(reference.url, from: file) {
                case .ignored:
                    continue
                case .external:
                    if external[reference.url] == nil { external[reference.url] = (file, reference) }
                case .outside:
                    problems.append((file, reference, "link '\(reference.url)' leads outside the site"))
                case .page(var target, let fragment):
                    if !files.contains(target) {
                        let index = (target.isEmpty ? "" : target + "/") + "index.html"
                        guard files.contains(index) else {
                            problems.append(
                                (file, reference, "broken link '\(reference.url)': no file \(target) in the site"))
                            continue
                        }
                        target = index
                    }
                    if target.hasSuffix(".html") { edges[file, default: []].insert(target) }
                    if let fragment, !fragment.isEmpty, fragment != "top", let page = pages[target],
                        !page.ids.contains(fragment)
                    {
                        problems.append(
                            (file, reference, "missing fragment '#\(fragment)': \(target) has no element with that id"))
                    }
                }
            }
        }

        var reached: Set<String> = ["index.html"]
        var queue = ["index.html"]
        while let page = queue.popLast() {
            for next in edges[page] ?? [] where reached.insert(next).inserted { queue.append(next) }
        }
        var diagnostics = Diagnostics()
        var markdown: [String: MarkdownFile] = [:]
        // A link written once in the Markdown may be on its page more than once (an article's
        // source is in its header and its "Cite this"): it is one problem, reported once.
        var reported: Set<String> = []
        for problem in problems {
            let place = location(problem.reference, on: problem.page, markdown: &markdown)
            guard reported.insert("\(place) \(problem.message)").inserted else { continue }
            diagnostics.error(problem.message, at: place)
        }
        for page in required where files.contains(page) && !reached.contains(page) {
            diagnostics.error(
                "orphan page: no chain of links leads to it from the home page",
                at: SourceLocation(path: display + "/" + page))
        }
        let externalList = external.map { url, place in
            (url: url, location: location(place.reference, on: place.page, markdown: &markdown))
        }.sorted { ($0.location, $0.url) < ($1.location, $1.url) }
        return CheckResult(problems: diagnostics.sorted, external: externalList, pages: htmlFiles.count, links: links)
    }

    /// Where a URL found on `page` leads: a file of the site (and a fragment), or elsewhere.
    package func resolve(_ raw: String, from page: String) -> Target {
        var url = raw.trimmingCharacters(in: .whitespaces)
        if !baseURL.isEmpty, url.hasPrefix(baseURL) {
            url = "/" + url.dropFirst(baseURL.count)
        } else if url.hasPrefix("//") {
            return .external
        } else if let colon = url.firstIndex(of: ":"),
            url[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+.-".contains($0)) }),
            url.first?.isLetter == true
        {
            let scheme = url[..<colon].lowercased()
            return scheme == "http" || scheme == "https" ? .external : .ignored
        }
        var fragment: String?
        if let hash = url.firstIndex(of: "#") {
            fragment =
                String(url[url.index(after: hash)...]).removingPercentEncoding ?? String(url[url.index(after: hash)...])
            url = String(url[..<hash])
        }
        if let question = url.firstIndex(of: "?") { url = String(url[..<question]) }
        let path = url.removingPercentEncoding ?? url
        if path.isEmpty { return .page(file: page, fragment: fragment) }
        var parts: [Substring] = path.hasPrefix("/") ? [] : page.split(separator: "/").dropLast()
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return .outside }
                parts.removeLast()
            default: parts.append(part)
            }
        }
        var file = parts.joined(separator: "/")
        if path.hasSuffix("/") || file.isEmpty { file += file.isEmpty ? "index.html" : "/index.html" }
        return .page(file: file, fragment: fragment)
    }

    // MARK: - Where a problem came from

    package struct MarkdownLink {
        package var url: String
        package var location: SourceLocation
    }

    /// A page's Markdown file: its text and its links.
    package struct MarkdownFile {
        package var source: SourceText
        package var links: [MarkdownLink]
    }

    /// The Markdown link a reference on `page` was made from; else where the
    /// file has the URL as written (a link cmark-gfm's autolink extension made,
    /// which has no position, or `source_url` in front matter); else the place
    /// in the built page.
    private func location(_ reference: ScannedPage.Reference, on page: String, markdown: inout [String: MarkdownFile])
        -> SourceLocation
    {
        if let path = sources[page] {
            if markdown[path] == nil { markdown[path] = Self.markdownFile(path) }
            let file = markdown[path]!
            let wanted = Self.comparable(reference.url)
            if let link = file.links.first(where: { Self.comparable($0.url) == wanted }) { return link.location }
            // A relative link the build wrote as the path of the file it leads to (`map.png` in an
            // article's folder is `../../articles/x/map.png`): the Markdown link whose path ends it.
            if let link = file.links.first(where: { Self.isWrittenAs(wanted, $0.url) }) { return link.location }
            for url in [reference.url, wanted] {
                if let offset = Self.offset(of: url, in: file.source.text) {
                    return file.source.location(byteOffset: offset)
                }
            }
        }
        return SourceLocation(path: display + "/" + page, line: reference.line, column: reference.column)
    }

    /// The UTF-8 offset of the first place `url` is written whole in `text`,
    /// not as the start of a longer URL.
    package static func offset(of url: String, in text: String) -> Int? {
        let needle = Array(url.utf8)
        let bytes = Array(text.utf8)
        guard !needle.isEmpty else { return nil }
        func byte(_ index: Int) -> UInt8 { index < bytes.count ? bytes[index] : UInt8(ascii: " ") }
        var from = 0
        while let range = bytes[from...].firstRange(of: needle) {
            let next = byte(range.upperBound)
            // A URL goes on with letters, digits and the like; "." "," ":" ";" end it in prose before a space.
            let goesOn =
                isURLByte(next) || (".,:;".utf8.contains(next) && !" \t\r\n".utf8.contains(byte(range.upperBound + 1)))
            if !goesOn { return range.lowerBound }
            from = range.lowerBound + 1
        }
        return nil
    }

    /// Whether `reference`, a path from a built page, ends with the relative `url` a Markdown
    /// file wrote (less its `./` and `../`), at a folder's boundary.
    private static func isWrittenAs(_ reference: String, _ url: String) -> Bool {
        var written = comparable(url)
        guard !written.isEmpty, !written.contains(":"), !written.hasPrefix("/"), !written.hasPrefix("#") else {
            return false
        }
        while written.hasPrefix("../") || written.hasPrefix("./") {
            written.removeFirst(written.hasPrefix("./") ? 2 : 3)
        }
        return !written.isEmpty && (reference == written || reference.hasSuffix("/" + written))
    }

    private static func comparable(_ url: String) -> String {
        let text = url.removingPercentEncoding ?? url
        return text.trimmingCharacters(in: .whitespaces)
    }

    private static func isURLByte(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        return byte >= 0x80 || (0x30...0x39).contains(byte) || (0x61...0x7A).contains(lower)
            || "/?#%&=_~-+@$*!".utf8.contains(byte)
    }

    /// A Markdown file's text, and each of its links and images that has a
    /// position (the autolink extension's have none). The whole file is parsed,
    /// front matter included, so that lines are the file's own.
    package static func markdownFile(_ path: String) -> MarkdownFile {
        let data = FileManager.default.contents(atPath: path) ?? Data()
        guard case .success(let source) = SourceText.decode(Array(data), path: path) else {
            return MarkdownFile(source: SourceText(path: path, text: ""), links: [])
        }
        let document = MarkdownDocument(source.text)
        let links = document.nodes().filter { ($0.isLink || $0.type == CMARK_NODE_IMAGE) && $0.startLine > 0 }.map {
            node in
            MarkdownLink(url: node.url, location: source.location(line: node.startLine, byteColumn: node.startColumn))
        }
        return MarkdownFile(source: source, links: links)
    }
}
