import DossierCore
import DossierLink
import DossierStore
import DossierTemplate
import DossierValidate
import Foundation

/// Maps a request's path to a file of the built site, as a static server
/// would, and never to anything outside it: `..` and `.` segments (raw or
/// percent-encoded), hidden files (the manifest), and symlinks that lead out of
/// the folder are refused. Hummingbird's `FileMiddleware` follows symlinks out
/// of its root, so `serve` answers from here instead.
public struct StaticSite: Sendable {
    public enum Resolution: Equatable, Sendable {
        /// An absolute path to a regular file inside the site.
        case file(String)
        /// A folder asked for without its trailing slash: where to go instead.
        case redirect(String)
        case notFound
        /// A path that is not one: bad percent-encoding, a NUL, a backslash.
        case badRequest
    }

    /// The site's folder, with symlinks resolved.
    public let root: String

    public init(root: String) {
        self.root = Self.realPath(root) ?? root
    }

    /// `path` as it came in the request line, percent-encoded, without the query.
    /// It is split at its slashes before it is decoded: an encoded slash (`%2F`)
    /// is a character of a name, never a folder separator, and no file has one.
    public func resolve(_ path: String) -> Resolution {
        guard path.hasPrefix("/") else { return .badRequest }
        var segments: [String] = []
        for raw in path.split(separator: "/", omittingEmptySubsequences: true) {
            guard let segment = raw.removingPercentEncoding else { return .badRequest }
            if segment.contains("\0") || segment.contains("\\") { return .badRequest }
            segments.append(segment)
        }
        for segment in segments where segment.contains("/") || segment.hasPrefix(".") {
            return .notFound
        }
        let candidate = ([root] + segments).joined(separator: "/")
        guard let real = Self.realPath(candidate), real == root || real.hasPrefix(root + "/") else { return .notFound }
        var status = stat()
        guard stat(real, &status) == 0 else { return .notFound }
        if status.st_mode & S_IFMT == S_IFDIR {
            guard path.hasSuffix("/") else { return .redirect(path + "/") }
            let index = real + "/index.html"
            guard let realIndex = Self.realPath(index), realIndex.hasPrefix(root + "/"), stat(realIndex, &status) == 0,
                status.st_mode & S_IFMT == S_IFREG
            else { return .notFound }
            return .file(realIndex)
        }
        return status.st_mode & S_IFMT == S_IFREG ? .file(real) : .notFound
    }

    /// The site's own 404 page, if it has one.
    public var notFoundPage: String? {
        guard case .file(let path) = resolve("/404.html") else { return nil }
        return path
    }

    /// The `Content-Type` of a file, by its extension; text is UTF-8.
    public static func contentType(of path: String) -> String {
        let name = (path as NSString).lastPathComponent
        if name == "feed.xml" { return "application/atom+xml; charset=utf-8" }
        switch (name as NSString).pathExtension.lowercased() {
        case "html", "htm": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "json": return "application/json; charset=utf-8"
        case "xml": return "application/xml; charset=utf-8"
        case "txt": return "text/plain; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        case "avif": return "image/avif"
        case "ico": return "image/x-icon"
        case "pdf": return "application/pdf"
        case "woff2": return "font/woff2"
        case "woff": return "font/woff"
        case "wasm": return "application/wasm"
        default: return name == "CNAME" ? "text/plain; charset=utf-8" : "application/octet-stream"
        }
    }

    package static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
