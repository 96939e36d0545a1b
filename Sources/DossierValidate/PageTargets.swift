import DossierCore
import Foundation

/// What links between pages lead to: `[x](article:slug)`, `[x](page:slug)` and
/// relative links to files of the site (`../2021/other.md#method`, `chart.png`).
/// Made from the content by the validate stage, which reports every link that
/// leads nowhere; the linking stage writes each link to its page's path.
public struct PageTargets: Sendable, Equatable {
    /// By key (`article:<slug>`, `page:<slug>`, `file:<path in the site>` of each
    /// Markdown file that is a page), the page's folder from the site's root
    /// (`articles/x/`); "" for a page this build holds back.
    public var paths: [String: String] = [:]
    /// Why each page held back is (a draft; dated after the build's date).
    public var heldBack: [String: String] = [:]
    /// Every page and file of the built site that a link written for it may lead to:
    /// the pages above, by folder, and those a build makes whatever the content
    /// (`articles/`, a kind's folder, `feed.xml`), and the files copied.
    public var fixedOutputs: Set<String> = []

    public init() {}

    /// What a text linked through `key` depended on, as a linking records it among its hits:
    /// the key and the page's path then (`PageTargets.heldBackMark` for a page held back).
    public func dependency(_ key: String) -> String {
        Self.dependencyMark + key + "\u{0}" + (paths[key] ?? (heldBack[key] != nil ? Self.heldBackMark : ""))
    }

    /// Whether a recorded dependency still holds: the key leads where it led.
    public func holds(_ dependency: String) -> Bool {
        guard dependency.hasPrefix(Self.dependencyMark), let cut = dependency.firstIndex(of: "\u{0}") else {
            return true
        }
        let key = String(dependency[dependency.index(after: dependency.startIndex)..<cut])
        return self.dependency(key) == dependency
    }

    /// Marks a linking's hit as a dependency on a target, not a phrase found in its text.
    public static let dependencyMark = "\u{2}"
    static let heldBackMark = "\u{1}held back"

    /// What a link written in a text leads to.
    public enum Resolution: Equatable {
        /// A page: its folder from the root, and the fragment or query written after the path (`#x`).
        /// `key` is the target whose path this depends on.
        case page(path: String, suffix: String, key: String)
        /// A file copied to the output (a static file, a file beside an article): its path from the root.
        /// `file` is the file in the site; `key` the article whose folder it is in, if any.
        case file(path: String, suffix: String, file: String, key: String?)
        /// A page this build does not publish: the link is left out, its text kept.
        case heldBack(key: String, reason: String)
        /// A link to a page or Markdown file that does not exist: an error.
        case unknown(String)
        /// A relative link that leads to no file the site publishes: a warning (an error in `check`).
        /// `tried` are the article folders' keys it would lead into, were they articles.
        case unpublished(String, tried: [String])
        /// Not a link between pages (a web link, an annotation, a fragment, a path from the root).
        case other
    }

    /// `url` as written in the file `file` (its path in the site), whose page is in the folder `page`
    /// (`articles/x/`): a relative link that leads to no file of `Content/` may be one written for the built
    /// site, from that page, and is left as written if it leads to a page there.
    public func resolve(_ url: String, from file: String, page: String? = nil) -> Resolution {
        guard !url.isEmpty, !url.hasPrefix("#"), !url.hasPrefix("/"), !url.hasPrefix("?") else { return .other }
        let (path, suffix) = Self.split(url)
        if let scheme = Self.scheme(of: path) {
            guard scheme == "article" || scheme == "page" else { return .other }
            let slug = String(path.dropFirst(scheme.count + 1))
            let key = scheme + ":" + slug
            if let found = paths[key] { return .page(path: found, suffix: suffix, key: key) }
            if let reason = heldBack[key] { return .heldBack(key: key, reason: reason) }
            let slugs = paths.keys.filter { $0.hasPrefix(scheme + ":") }.map { String($0.dropFirst(scheme.count + 1)) }
            let hint = Naming.suggestion(for: slug, among: slugs.sorted()).map { " (did you mean '\(scheme):\($0)'?)" }
            return .unknown("unknown \(scheme) '\(slug)'\(hint ?? "")")
        }
        guard let decoded = path.removingPercentEncoding, !decoded.isEmpty else { return .other }
        let folder = (file as NSString).deletingLastPathComponent
        guard let target = Self.normalize(folder + "/" + decoded), target.hasPrefix("Content/") else {
            if leadsToAPage(decoded, from: page) { return .other }
            return .unpublished("'\(url)' leads outside Content/", tried: [])
        }
        if target.hasSuffix(".md") {
            let key = "file:" + target
            if let reason = heldBack[key] { return .heldBack(key: key, reason: reason) }
            if let found = paths[key] { return .page(path: found, suffix: suffix, key: key) }
            let siblings = paths.keys.filter { $0.hasPrefix("file:") }.map { String($0.dropFirst(5)) }
            let hint = Naming.suggestion(for: target, among: siblings.sorted()).map { " (did you mean '\($0)'?)" }
            return .unknown("'\(url)' leads to \(target), which is no page of the site\(hint ?? "")")
        }
        if target.hasPrefix("Content/static/") {
            return .file(
                path: String(target.dropFirst("Content/static/".count)), suffix: suffix, file: target, key: nil)
        }
        // A file in an article's folder (`<slug>/index.md`), which is copied beside its page.
        var folderPath = (target as NSString).deletingLastPathComponent
        var tried: [String] = []
        while folderPath.hasPrefix("Content/articles/") {
            let key = "file:" + folderPath + "/index.md"
            if let found = paths[key] {
                let rest = String(target.dropFirst(folderPath.count + 1))
                return .file(path: found + rest, suffix: suffix, file: target, key: key)
            }
            if heldBack[key] != nil { return .heldBack(key: key, reason: heldBack[key]!) }
            tried.append(key)
            folderPath = (folderPath as NSString).deletingLastPathComponent
        }
        if leadsToAPage(decoded, from: page) { return .other }
        return .unpublished(
            "'\(url)' leads to \(target), which the site does not publish (files are published from Content/static/ "
                + "and from an article's folder, <slug>/index.md)", tried: tried)
    }

    /// Whether `path`, followed from the page in the folder `page` of the built site, leads to a page or fixed file.
    private func leadsToAPage(_ path: String, from page: String?) -> Bool {
        guard let page, let target = Self.normalize(page + path) else { return false }
        let folder = target.hasSuffix("index.html") ? String(target.dropLast("index.html".count)) : target
        let asFolder = folder.isEmpty || folder.hasSuffix("/") ? folder : folder + "/"
        if target.isEmpty || fixedOutputs.contains(asFolder) || fixedOutputs.contains(target) { return true }
        return false
    }

    /// A path in the output as a URL's path: what a path may not hold as it is (a space,
    /// `#`, `?`, `%`) percent-encoded, the rest as it is.
    public static func encodePath(_ path: String) -> String {
        path.addingPercentEncoding(withAllowedCharacters: pathAllowed) ?? path
    }

    private static let pathAllowed = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "%;"))

    /// The path, and what follows it from the first `#` or `?`.
    private static func split(_ url: String) -> (String, String) {
        guard let cut = url.firstIndex(where: { $0 == "#" || $0 == "?" }) else { return (url, "") }
        return (String(url[..<cut]), String(url[cut...]))
    }

    /// The scheme before the first `:`, lowercased, if the text starts with one.
    private static func scheme(of text: String) -> String? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let scheme = text[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter,
            scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
        else { return nil }
        return scheme.lowercased()
    }

    /// `a/b/../c/./d` as `a/c/d`; nil when it climbs above its start.
    static func normalize(_ path: String) -> String? {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        return parts.joined(separator: "/")
    }
}
