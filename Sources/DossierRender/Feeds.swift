import DossierCore
import DossierLink
import DossierMarkdown
import DossierPlan
import DossierTemplate
import DossierValidate

/// Atom feeds, the sitemap and robots.txt: the files whose URLs are absolute.
package struct Feeds {
    package let graph: SiteGraph
    /// Where the site is published (site.yml's base_url or `--base-url`).
    package let baseURL: String
    /// The summary entry of every article the entity feeds to be written show,
    /// made once: a popular article is in dozens of feeds.
    private let summaryEntries: [Int: String]

    package init(graph: SiteGraph, baseURL: String, entityFeeds: [EntityRef]) {
        self.graph = graph
        self.baseURL = baseURL
        var shown = Set<Int>()
        for ref in entityFeeds {
            shown.formUnion((graph.citations[ref] ?? []).prefix(graph.config.feedSize).map(\.article))
        }
        let partial = Feeds(graph: graph, baseURL: baseURL, summaryEntries: [:])
        let indices = shown.sorted()
        summaryEntries = Dictionary(
            uniqueKeysWithValues: zip(indices, indices.parallelMap { partial.entry($0, fullText: false) }))
    }

    private init(graph: SiteGraph, baseURL: String, summaryEntries: [Int: String]) {
        self.graph = graph
        self.baseURL = baseURL
        self.summaryEntries = summaryEntries
    }
    /// Atom ids come from site.yml's base_url, so they do not change with `--base-url`.
    package var idBase: String { graph.config.baseURL }

    /// Entries in each feed (site.yml's `feed_size`).
    package var entryLimit: Int { graph.config.feedSize }

    /// The articles whose full text the site's feed shows.
    package var siteFeedArticles: [Int] { Array(graph.articles.indices.prefix(graph.config.feedSize)) }

    /// `bodies` holds the body of each of `siteFeedArticles` that the graph does not.
    package func siteFeed(bodies: [Int: RootRelativeHTML]) -> String {
        feed(title: graph.config.title, path: "", articles: siteFeedArticles, fullText: true, bodies: bodies)
    }

    package func entityFeed(_ ref: EntityRef) -> String {
        let name = graph.name(ref)
        return feed(
            title: "\(name) · \(graph.config.title)", path: ref.path,
            articles: (graph.citations[ref] ?? []).map(\.article), fullText: false)
    }

    /// Entity feeds carry summaries and links; the site's feed the full text too,
    /// so that a site of thousands of entities does not copy every article into hundreds of feeds.
    private func feed(
        title: String, path: String, articles: [Int], fullText: Bool, bodies: [Int: RootRelativeHTML] = [:]
    ) -> String {
        let zone = graph.config.timeZone
        let entries = articles.prefix(graph.config.feedSize)
        let newest =
            entries.map { graph.articles[$0].article }.map { $0.updated ?? $0.date }.max()
            ?? graph.articles.first.map { $0.article.updated ?? $0.article.date }
        let updated = newest?.rfc3339(in: zone) ?? "1970-01-01T00:00:00Z"
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="\(XML.escape(graph.config.language))">
            <title>\(XML.escape(title))</title>
            <id>\(XML.escape(idBase + path))</id>
            <link rel="self" type="application/atom+xml" href="\(XML.escape(baseURL + path + "feed.xml"))"/>
            <link rel="alternate" type="text/html" href="\(XML.escape(baseURL + path))"/>
            <updated>\(updated)</updated>
            <author><name>\(XML.escape(graph.config.author ?? graph.config.title))</name></author>
            <generator>Dossier</generator>

            """
        for index in entries {
            xml += fullText ? entry(index, body: bodies[index]) : summaryEntries[index] ?? entry(index, fullText: false)
        }
        return xml + "</feed>\n"
    }

    private func entry(_ index: Int, fullText: Bool = true, body: RootRelativeHTML? = nil) -> String {
        let zone = graph.config.timeZone
        let linked = graph.articles[index]
        let article = linked.article
        let url = baseURL + "articles/\(article.slug)/"
        var xml = "<entry>\n"
        xml += "<title>\(XML.escape(article.title))</title>\n"
        xml += "<id>\(XML.escape(idBase + "articles/\(article.slug)/"))</id>\n"
        xml += "<link rel=\"alternate\" type=\"text/html\" href=\"\(XML.escape(url))\"/>\n"
        xml += "<published>\(article.date.rfc3339(in: zone))</published>\n"
        xml += "<updated>\((article.updated ?? article.date).rfc3339(in: zone))</updated>\n"
        if let author = article.author { xml += "<author><name>\(XML.escape(author))</name></author>\n" }
        for ref in linked.entities {
            let kind = graph.config.kind(folder: ref.kind)?.singular ?? ref.kind
            xml += "<category term=\"\(XML.escape(kind + ":" + ref.id))\" label=\"\(XML.escape(graph.name(ref)))\"/>\n"
        }
        if !linked.summary.isEmpty { xml += "<summary>\(XML.escape(linked.summary))</summary>\n" }
        if fullText, let body = body ?? linked.body {
            xml +=
                "<content type=\"html\" xml:base=\"\(XML.escape(url))\">\(XML.escape(body.html(root: baseURL)))</content>\n"
        }
        return xml + "</entry>\n"
    }

    /// The weekly digest's feed (`digest/feed.xml`): an entry a week, newest first.
    package func digestFeed(title: String, entries: [DigestEntry]) -> String {
        let updated = entries.map(\.updated).max() ?? "1970-01-01T00:00:00Z"
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="\(XML.escape(graph.config.language))">
            <title>\(XML.escape(title + " · " + graph.config.title))</title>
            <id>\(XML.escape(idBase + "digest/"))</id>
            <link rel="self" type="application/atom+xml" href="\(XML.escape(baseURL + "digest/feed.xml"))"/>
            <link rel="alternate" type="text/html" href="\(XML.escape(baseURL + "digest/"))"/>
            <updated>\(updated)</updated>
            <author><name>\(XML.escape(graph.config.author ?? graph.config.title))</name></author>
            <generator>Dossier</generator>

            """
        for entry in entries {
            xml += "<entry>\n<title>\(XML.escape(entry.title))</title>\n"
            xml += "<id>\(XML.escape(idBase + entry.path))</id>\n"
            xml += "<link rel=\"alternate\" type=\"text/html\" href=\"\(XML.escape(baseURL + entry.path))\"/>\n"
            xml += "<published>\(entry.published)</published>\n<updated>\(entry.updated)</updated>\n"
            xml += "<content type=\"html\">\(XML.escape(entry.html))</content>\n</entry>\n"
        }
        return xml + "</feed>\n"
    }

    package func sitemap(paths: [String]) -> String {
        var lastModified: [String: String] = [:]
        for linked in graph.articles {
            lastModified["articles/\(linked.article.slug)/"] = (linked.article.updated ?? linked.article.date).isoDay
        }
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">

            """
        for path in paths where path.isEmpty || path.hasSuffix("/") {
            xml += "<url><loc>\(XML.escape(baseURL + path))</loc>"
            if let date = lastModified[path] { xml += "<lastmod>\(date)</lastmod>" }
            xml += "</url>\n"
        }
        return xml + "</urlset>\n"
    }

    package func robots() -> String {
        "User-agent: *\nAllow: /\n\nSitemap: \(baseURL)sitemap.xml\n"
    }
}

package enum XML {
    /// Escapes text for XML and drops the characters XML 1.0 cannot hold.
    package static func escape(_ text: String) -> String {
        // Control characters are the only ones below 0x20 that XML refuses; the rest is checked only when present.
        let suspicious = text.utf8.contains { (byte: UInt8) -> Bool in
            let control: Bool = byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D
            return control || byte == 0xEF
        }
        guard suspicious, !text.unicodeScalars.allSatisfy(isAllowed) else { return HTML.escape(text) }
        var cleaned = ""
        cleaned.unicodeScalars.append(contentsOf: text.unicodeScalars.filter(isAllowed))
        return HTML.escape(cleaned)
    }

    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }
}
