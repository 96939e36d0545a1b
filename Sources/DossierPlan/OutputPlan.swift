import DossierCore
import DossierLink

/// Every file a build writes: the pages, the feeds, the sitemap and robots.txt,
/// and the files copied (the theme's assets, the site's static files). A static
/// file may not take the place of a generated one, nor of an asset: the one check
/// made after the validate stage, since which files are generated is what
/// planning decides.
public struct OutputPlan: Sendable {
    /// The files made, by their path in the output.
    public var generated: Set<String>
    /// The files copied, by their path in the output, with the file each is copied from.
    public var copies: [(output: String, file: String)]

    /// `redirects`: the files `redirect_from` asks for, each where it is written.
    public init(
        pages: [String], graph: SiteGraph, assets: [(output: String, file: String)],
        staticFiles: [(output: String, file: String)], redirects: [(file: String, written: SourceLocation)] = [],
        others: [String] = [], site: SiteLocation, diagnostics: inout Diagnostics
    ) {
        let feeds = ["feed.xml", "digest/feed.xml"] + graph.entityOrder.map { $0.path + "feed.xml" }
        generated = Set(pages + feeds + ["sitemap.xml", "robots.txt"] + others)
        copies = assets.map { ("assets/" + $0.output, $0.file) }
        var copied = Set(copies.map(\.output))
        for file in staticFiles {
            if generated.contains(file.output) || !copied.insert(file.output).inserted {
                diagnostics.error(
                    "this file would take the place of another file of the site, '\(file.output)'",
                    at: SourceLocation(path: site.displayPath(file.file)))
            }
            copies.append((file.output, site.absolute(file.file)))
        }
        var redirected: [String: SourceLocation] = [:]
        for redirect in redirects {
            // A folder of its path may not be a file of the site either (`feed.xml/index.html`).
            let folders = redirect.file.split(separator: "/").dropLast().indices.map {
                redirect.file.split(separator: "/")[...$0].joined(separator: "/")
            }
            if let file = folders.first(where: { generated.contains($0) || copied.contains($0) }) {
                diagnostics.error(
                    "'redirect_from' names \(redirect.file), inside \(file), which is a file of the site",
                    at: redirect.written)
            } else if generated.contains(redirect.file) || copied.contains(redirect.file) {
                diagnostics.error(
                    "'redirect_from' names \(redirect.file), which is a page or file of the site", at: redirect.written)
            } else if let first = redirected[redirect.file] {
                diagnostics.error(
                    "'redirect_from' names \(redirect.file), which \(first.path) also names", at: redirect.written)
            } else {
                redirected[redirect.file] = redirect.written
            }
        }
        generated.formUnion(redirected.keys)
    }
}
