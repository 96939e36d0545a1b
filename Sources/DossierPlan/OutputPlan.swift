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

    public init(
        pages: [String], graph: SiteGraph, assets: [(output: String, file: String)],
        staticFiles: [(output: String, file: String)], site: SiteLocation, diagnostics: inout Diagnostics
    ) {
        let feeds = ["feed.xml"] + graph.entityOrder.map { $0.path + "feed.xml" }
        generated = Set(pages + feeds + ["sitemap.xml", "robots.txt"])
        copies = assets.map { ("assets/" + $0.output, $0.file) }
        var copied = Set(copies.map(\.output))
        for file in staticFiles {
            if generated.contains(file.output) || !copied.insert(file.output).inserted {
                diagnostics.error(
                    "static file collides with a generated file '\(file.output)'",
                    at: SourceLocation(path: site.displayPath(file.file)))
            }
            copies.append((file.output, site.absolute(file.file)))
        }
    }
}
