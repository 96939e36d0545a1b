import DossierKit
import Foundation

/// Search indexing, timed beside Pagefind alone: Dossier's whole index (after a build,
/// with its segmented copies of the pages made anew), Pagefind's CLI on the published
/// pages (with its own segmentation of Chinese) and on the pages Dossier gives it
/// (its copies), and Dossier's index after one article is added, with the part of it
/// Pagefind itself took.
struct SearchTimes {
    var pages: Int
    var full: Double
    var pagefindPublished: Double
    var pagefindGiven: Double
    var afterAdded: Double
    var afterAddedPagefind: Double

    static let explanation = """
        Pagefind cannot update an index in place: every index is made whole. "Pagefind alone" is its command \
        line run by hand on the same site: on the published pages (where it segments Chinese into words with its \
        own dictionary, which loses pages: see the recall table) and on the copies Dossier gives it, with every \
        Chinese character a word (docs/search.md). Dossier's whole index is made after a build with no copies \
        kept; after one article added, only the pages written since the last index are copied again, and the \
        last column is the part of that run Pagefind itself took.


        """

    static func measure(dossier: String, site: String, work: String) throws -> SearchTimes? {
        let tools = Tools.locate(
            environment: ProcessInfo.processInfo.environment,
            executable: Bundle.main.executableURL?.resolvingSymlinksInPath().path,
            currentDirectory: FileManager.default.currentDirectoryPath)
        guard let pagefind = tools.pagefind else {
            say("search: Pagefind is not installed; no search figures")
            return nil
        }
        let manager = FileManager.default
        try? manager.removeItem(atPath: site + "/Public/pagefind")
        try? manager.removeItem(atPath: site + "/.dossier-cache/search")
        guard let whole = searchLine(Bench.run([dossier, "build", "-v"], in: site).output) else {
            throw BenchError("dossier build printed no search line in \(site)")
        }
        let scratch = work + "/pagefind-alone"
        func alone(_ pages: String) -> Double {
            try? manager.removeItem(atPath: scratch)
            defer { try? manager.removeItem(atPath: scratch) }
            return measureProcess([pagefind, "--site", pages, "--output-path", scratch, "--silent"], in: site).seconds
        }
        let published = alone(site + "/Public")
        let copies = (try? manager.contentsOfDirectory(atPath: site + "/.dossier-cache/search"))?.first
        guard let copies else { throw BenchError("no search copies in \(site)/.dossier-cache/search") }
        let given = alone(site + "/.dossier-cache/search/" + copies + "/pages")

        let added = site + "/Content/articles/2025/search-added.md"
        try manager.createDirectory(
            atPath: (added as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data("---\ntitle: 检索新增\ndate: 2025-06-02\n---\n\n新增一篇文章，测量检索索引。\n".utf8).write(
            to: URL(fileURLWithPath: added))
        defer { try? manager.removeItem(atPath: added) }
        guard let after = searchLine(Bench.run([dossier, "build", "-v"], in: site).output) else {
            throw BenchError("dossier build printed no search line in \(site)")
        }
        return SearchTimes(
            pages: whole.pages, full: whole.seconds, pagefindPublished: published, pagefindGiven: given,
            afterAdded: after.seconds, afterAddedPagefind: after.pagefind)
    }

    /// "Search: indexed 31 pages in 0.42 s", as `dossier build` prints it, and
    /// "(Pagefind 0.380 s)" from its `-v` line.
    static func searchLine(_ output: String) -> (pages: Int, seconds: Double, pagefind: Double)? {
        let lines = output.split(separator: "\n")
        guard let line = lines.first(where: { $0.hasPrefix("Search: indexed ") }) else { return nil }
        let words = line.split(separator: " ")
        guard words.count >= 6, let pages = Int(words[2]), let seconds = Double(words[5]) else { return nil }
        var pagefind = 0.0
        if let stage = lines.first(where: { $0.contains("for search (Pagefind ") }),
            let range = stage.range(of: "(Pagefind ")
        {
            pagefind = Double(stage[range.upperBound...].prefix { $0 == "." || $0.isNumber }) ?? 0
        }
        return (pages, seconds, pagefind)
    }
}
