import DossierCore
import DossierLink
import DossierLoad
import DossierMarkdown
import DossierTemplate
import Foundation

/// A page to render: the template and the values it shows.
public struct Page {
    /// The page's folder in the output (`articles/x/`; `` for the home page), or a file name for `404.html`.
    public var path: String
    public var template: String
    public var context: TemplateObject

    /// The file written: `articles/x/index.html`.
    public var file: String { Self.file(for: path) }

    public static func file(for path: String) -> String {
        path.isEmpty || path.hasSuffix("/") ? path + "index.html" : path
    }

    public init(path: String, template: String, context: TemplateObject) {
        self.path = path
        self.template = template
        self.context = context
    }
}

/// A page of the site, before its context is built: cheap to list, so that
/// contexts are built (and rendered) in parallel, each where it is needed.
public enum PageSpec: Sendable {
    case home
    case notFound
    case search
    case articles(page: Int, of: Int)
    case article(Int)
    case kind(EntityKind)
    case entity(EntityRef, page: Int, of: Int)

    /// The page's folder (or file name, for 404.html) in the output.
    public var path: String {
        switch self {
        case .home: return ""
        case .notFound: return "404.html"
        case .search: return "search/"
        case .articles(let n, _): return PagePath.listPage("articles/", n)
        case .article: return ""  // replaced by PageBuilder.path(of:)
        case .kind(let kind): return kind.folder + "/"
        case .entity(let ref, let n, _): return PagePath.listPage(ref.path, n)
        }
    }
}

/// Turns the `SiteGraph` into the context of every page, ready for a template.
public struct PageBuilder: Sendable {
    package let graph: SiteGraph
    package let baseURL: String
    package let strings: [String: String]
    package let format: Formatting
    package let zone: TimeZone
    package let favicon: String?
    /// What every link to an article shows, computed once rather than for each of the many pages that list it.
    let articleFacts: [(title: String, date: String, dateISO: String, summary: String, path: String)]
    /// The interface strings, as templates read them.
    let stringTable: TemplateValue

    /// `baseURL` is site.yml's unless `--base-url` overrides it.
    public init(graph: SiteGraph, baseURL: String? = nil, favicon: String? = nil) {
        self.graph = graph
        var base = baseURL ?? graph.config.baseURL
        if !base.hasSuffix("/") { base += "/" }
        self.baseURL = base
        strings = UIStrings.table(for: graph.config.language)
        stringTable = .object(TemplateObject(strings))
        format = Formatting(language: graph.config.language)
        zone = graph.config.timeZone
        self.favicon = favicon
        let format = self.format
        let zone = self.zone
        articleFacts = graph.articles.map { linked in
            let article = linked.article
            return (
                article.title, format.date(article.date), article.date.datetime(in: zone), linked.summary,
                "articles/\(article.slug)/"
            )
        }
    }

    package var config: SiteConfig { graph.config }

    /// Every page of the site, in a stable order.
    public func specs() -> [PageSpec] {
        var specs: [PageSpec] = [.home, .notFound, .search]
        let articlePages = pageCount(graph.articles.count)
        specs += (1...articlePages).map { .articles(page: $0, of: articlePages) }
        specs += graph.articles.indices.map { .article($0) }
        specs += config.kinds.map { .kind($0) }
        for ref in graph.entityOrder {
            let count = pageCount(graph.citations[ref]?.count ?? 0)
            specs += (1...count).map { .entity(ref, page: $0, of: count) }
        }
        return specs
    }

    /// The folder (or file) a page is written to.
    public func path(of spec: PageSpec) -> String {
        if case .article(let index) = spec { return "articles/\(graph.articles[index].article.slug)/" }
        return spec.path
    }

    /// `body` is the article's HTML, for an article page whose body the build store
    /// keeps; `sentences`, by article, those an entity page quotes that the store keeps.
    public func page(_ spec: PageSpec, body: RootRelativeHTML? = nil, sentences: [Int: [String]] = [:]) -> Page {
        switch spec {
        case .home: return home()
        case .notFound: return notFound()
        case .search: return search()
        case .articles(let n, let count): return articleIndex(page: n, of: count)
        case .article(let index): return article(index, body: body)
        case .kind(let kind): return kindIndex(kind)
        case .entity(let ref, let n, let count): return entity(ref, page: n, of: count, sentences: sentences)
        }
    }

    /// How many page numbers either side of the current one a list page links to.
    package static let paginationWindow = 2

    func pageCount(_ items: Int) -> Int { max(1, (items + config.paginate - 1) / config.paginate) }

    func slice<T>(_ items: [T], page n: Int) -> ArraySlice<T> {
        let size = config.paginate
        return items[min((n - 1) * size, items.count)..<min(n * size, items.count)]
    }

    // MARK: - Shared parts

    func base(dir: String, title: String?, template: String, root: String? = nil, current: String? = nil)
        -> TemplateObject
    {
        let root = root ?? PagePath.root(from: dir)
        let nav: [TemplateObject] = config.kinds.map { kind in
            [
                "label": .string(kind.label), "href": .string(root + kind.folder + "/"), "kind": .string(kind.folder),
                "current": .bool(kind.folder == current),
            ]
        }
        var context: TemplateObject = [
            "site": [
                "title": .string(config.title), "description": .string(config.description ?? ""),
                "language": .string(config.language), "author": .string(config.author ?? ""),
            ],
            "t": stringTable, "root": .string(root), "nav": .objects(nav),
            "articles_current": .bool(current == "articles"),
            "search_current": .bool(current == "search"),
            "page_title": .string(title.map { "\($0) · \(config.title)" } ?? config.title),
            "canonical": .string(baseURL + dir), "feed_href": .string(root + "feed.xml"), "template": .string(template),
        ]
        if let favicon { context["favicon"] = .string(root + favicon) }
        if let description = config.description { context["description"] = .string(description) }
        return context
    }

    func entityLink(_ ref: EntityRef, root: String) -> TemplateObject {
        let kind = config.kind(folder: ref.kind)
        return [
            "name": .string(graph.name(ref)), "href": .string(root + ref.path), "kind": .string(ref.kind),
            "kind_label": .string(kind?.label ?? ref.kind),
        ]
    }

    func articleLink(_ index: Int, root: String) -> TemplateObject {
        let facts = articleFacts[index]
        return [
            "title": .string(facts.title), "href": .string(root + facts.path), "date": .string(facts.date),
            "date_iso": .string(facts.dateISO), "summary": .string(facts.summary),
            "entities": .objects(graph.articles[index].entities.prefix(6).map { entityLink($0, root: root) }),
        ]
    }

    func pagination(dir: String, page: Int, pages: Int, root: String) -> TemplateValue {
        guard pages > 1 else { return ["show": false] }
        // A window, not every number: the first and last pages and those near this one,
        // so that no list page grows with the length of its list.
        var items: [TemplateObject] = []
        var last = 0
        for n in 1...pages where n == 1 || n == pages || abs(n - page) <= Self.paginationWindow {
            if n > last + 1 { items.append(["gap": true, "current": false]) }
            items.append([
                "number": .int(n), "href": .string(root + PagePath.listPage(dir, n)), "current": .bool(n == page),
                "gap": false,
            ])
            last = n
        }
        var context: TemplateObject = [
            "show": true, "current": .int(page), "total": .int(pages), "pages": .objects(items),
        ]
        if page > 1 { context["prev"] = .string(root + PagePath.listPage(dir, page - 1)) }
        if page < pages { context["next"] = .string(root + PagePath.listPage(dir, page + 1)) }
        return .object(context)
    }

    // MARK: - Pages

    package func home() -> Page {
        var context = base(dir: "", title: nil, template: "home")
        context["latest_articles"] = .objects(graph.articles.indices.prefix(10).map { articleLink($0, root: "") })
        context["more_articles"] = .bool(graph.articles.count > 10)
        context["kinds"] = .objects(
            config.kinds.map { kind -> TemplateObject in
                let refs = graph.entities(of: kind)
                let top = refs.sorted { (graph.mentionCount($1), $0) < (graph.mentionCount($0), $1) }.prefix(8)
                return [
                    "label": .string(kind.label), "href": .string(kind.folder + "/"), "kind": .string(kind.folder),
                    "count": .int(refs.count),
                    "top": .objects(
                        top.map {
                            var link = entityLink($0, root: "")
                            link["count"] = .int(graph.mentionCount($0))
                            return link
                        }),
                ]
            })
        context["figures"] = .objects(
            graph.entityOrder.filter { graph.entities[$0]?.entity.figure != nil }.map { figureSummary($0, root: "") })
        return Page(path: "", template: "home", context: context)
    }

    package func notFound() -> Page {
        var context = base(dir: "", title: strings["not_found"], template: "404", root: baseURL)
        context["canonical"] = .string(baseURL + "404.html")
        return Page(path: "404.html", template: "404", context: context)
    }

    /// The search page: the index is Pagefind's, the filters the page kinds.
    package func search() -> Page {
        var context = base(dir: "search/", title: strings["search"], template: "search", current: "search")
        var kinds: [TemplateObject] = [
            ["value": "article", "label": .string(strings["search_article"] ?? "article"), "kind": "articles"]
        ]
        kinds += config.kinds.map {
            ["value": .string($0.singular), "label": .string($0.label), "kind": .string($0.folder)]
        }
        context["search_kinds"] = .objects(kinds)
        return Page(path: "search/", template: "search", context: context)
    }

    package func articleIndex(page n: Int, of count: Int) -> Page {
        let dir = PagePath.listPage("articles/", n)
        let slice = slice(Array(graph.articles.indices), page: n)
        let root = PagePath.root(from: dir)
        var context = base(dir: dir, title: strings["all_articles"], template: "articles", current: "articles")
        context["articles"] = .objects(slice.map { articleLink($0, root: root) })
        context["pagination"] = pagination(dir: "articles/", page: n, pages: count, root: root)
        context["total"] = .int(graph.articles.count)
        return Page(path: dir, template: "articles", context: context)
    }

    package func article(_ index: Int, body: RootRelativeHTML? = nil) -> Page {
        let linked = graph.articles[index]
        let article = linked.article
        let dir = "articles/\(article.slug)/"
        let root = PagePath.root(from: dir)
        var context = base(dir: dir, title: article.title, template: "article", current: "articles")
        if let summary = Formatting.metaDescription(linked.summary) { context["description"] = .string(summary) }
        var fields: TemplateObject = [
            "title": .string(article.title), "date": .string(format.date(article.date)),
            "date_iso": .string(article.date.datetime(in: zone)), "html": .string((body ?? linked.body)?.onPage ?? ""),
            "summary": .string(linked.summary),
        ]
        if let updated = article.updated {
            fields["updated"] = .string(format.date(updated))
            fields["updated_iso"] = .string(updated.datetime(in: zone))
        }
        if let author = article.author { fields["author"] = .string(author) }
        if let source = article.sourceName { fields["source"] = .string(source) }
        if let url = article.sourceURL { fields["source_url"] = .string(ExternalURL.href(url)) }
        context["article"] = .object(fields)
        context["mention_groups"] = .objects(
            config.kinds.compactMap { kind -> TemplateObject? in
                let refs = linked.entities.filter { $0.kind == kind.folder }
                guard !refs.isEmpty else { return nil }
                return [
                    "label": .string(kind.label), "kind": .string(kind.folder),
                    "entities": .objects(refs.map { entityLink($0, root: root) }),
                ]
            })
        // The values of target figures this article reports, in the order it gives them.
        context["reported"] = .objects(
            article.observations.compactMap { reported -> TemplateObject? in
                let ref = reported.figureRef
                guard graph.entities[ref] != nil else { return nil }
                let unit = graph.entities[ref]?.entity.figure?.unit ?? ""
                var row = entityLink(ref, root: root)
                row["value"] = .string(format.quantity(reported.observation.value, unit: unit))
                row["date"] = .string(format.date(reported.observation.date))
                row["date_iso"] = .string(reported.observation.date.datetime(in: zone))
                if let note = reported.observation.note { row["note"] = .string(note) }
                return row
            })
        context["related"] = .objects(graph.relatedArticles[index].map { articleLink($0, root: root) })
        // Articles are newest first: the previous one is older.
        if index + 1 < graph.articles.count { context["previous"] = .object(articleLink(index + 1, root: root)) }
        if index > 0 { context["next"] = .object(articleLink(index - 1, root: root)) }
        return Page(path: dir, template: "article", context: context)
    }
}
