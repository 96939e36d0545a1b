import DossierCore
import DossierLink
import DossierMarkdown
import DossierTemplate
import DossierValidate
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
        -> PageView
    {
        let root = root ?? PagePath.root(from: dir)
        return PageView(
            site: SiteView(
                title: config.title, description: config.description ?? "", language: config.language,
                author: config.author ?? ""),
            t: stringTable, root: root,
            nav: config.kinds.map { kind in
                NavItem(
                    label: kind.label, href: root + kind.folder + "/", kind: kind.folder,
                    current: kind.folder == current)
            },
            articlesCurrent: current == "articles", searchCurrent: current == "search",
            pageTitle: title.map { "\($0) · \(config.title)" } ?? config.title, canonical: baseURL + dir,
            feedHref: root + "feed.xml", template: template, favicon: favicon.map { root + $0 },
            description: config.description)
    }

    /// A page of `template`, at `path`, with `page`'s values and `content`'s.
    func page<Content: TemplateObjectModel>(_ path: String, _ template: String, _ page: PageView, _ content: Content)
        -> Page
    {
        Page(path: path, template: template, context: PageContext(page: page, content: content).templateObject)
    }

    func entityLink(_ ref: EntityRef, root: String) -> EntityLink {
        EntityLink(
            name: graph.name(ref), href: root + ref.path, kind: ref.kind,
            kindLabel: config.kind(folder: ref.kind)?.label ?? ref.kind)
    }

    func articleLink(_ index: Int, root: String) -> ArticleLink {
        let facts = articleFacts[index]
        return ArticleLink(
            title: facts.title, href: root + facts.path, date: facts.date, dateISO: facts.dateISO,
            summary: facts.summary,
            entities: graph.articles[index].entities.prefix(6).map { entityLink($0, root: root) })
    }

    func pagination(dir: String, page: Int, pages: Int, root: String) -> Pagination {
        guard pages > 1 else { return Pagination(show: false) }
        // A window, not every number: the first and last pages and those near this one,
        // so that no list page grows with the length of its list.
        var items: [PageNumber] = []
        var last = 0
        for n in 1...pages where n == 1 || n == pages || abs(n - page) <= Self.paginationWindow {
            if n > last + 1 { items.append(PageNumber(current: false, gap: true)) }
            items.append(
                PageNumber(number: n, href: root + PagePath.listPage(dir, n), current: n == page, gap: false))
            last = n
        }
        return Pagination(
            show: true, current: page, total: pages, pages: items,
            prev: page > 1 ? root + PagePath.listPage(dir, page - 1) : nil,
            next: page < pages ? root + PagePath.listPage(dir, page + 1) : nil)
    }

    // MARK: - Pages

    package func home() -> Page {
        let kinds = config.kinds.map { kind -> KindSummary in
            let refs = graph.entities(of: kind)
            let top = refs.sorted { (graph.mentionCount($1), $0) < (graph.mentionCount($0), $1) }.prefix(8)
            return KindSummary(
                label: kind.label, href: kind.folder + "/", kind: kind.folder, count: refs.count,
                top: top.map { Merged(entityLink($0, root: ""), MentionCount(count: graph.mentionCount($0))) })
        }
        return page(
            "", "home", base(dir: "", title: nil, template: "home"),
            HomeView(
                latestArticles: graph.articles.indices.prefix(10).map { articleLink($0, root: "") },
                moreArticles: graph.articles.count > 10, kinds: kinds,
                figures: graph.entityOrder.filter { graph.entities[$0]?.entity.figure != nil }.map {
                    figureSummary($0, root: "")
                }))
    }

    package func notFound() -> Page {
        var view = base(dir: "", title: strings["not_found"], template: "404", root: baseURL)
        view.canonical = baseURL + "404.html"
        return page("404.html", "404", view, NoContent())
    }

    /// The search page: the index is Pagefind's, the filters the page kinds.
    package func search() -> Page {
        let kinds =
            [SearchKind(value: "article", label: strings["search_article"] ?? "article", kind: "articles")]
            + config.kinds.map { SearchKind(value: $0.singular, label: $0.label, kind: $0.folder) }
        return page(
            "search/", "search", base(dir: "search/", title: strings["search"], template: "search", current: "search"),
            SearchView(searchKinds: kinds))
    }

    package func articleIndex(page n: Int, of count: Int) -> Page {
        let dir = PagePath.listPage("articles/", n)
        let root = PagePath.root(from: dir)
        return page(
            dir, "articles",
            base(dir: dir, title: strings["all_articles"], template: "articles", current: "articles"),
            ArticlesView(
                articles: slice(Array(graph.articles.indices), page: n).map { articleLink($0, root: root) },
                pagination: pagination(dir: "articles/", page: n, pages: count, root: root),
                total: graph.articles.count))
    }

    package func article(_ index: Int, body: RootRelativeHTML? = nil) -> Page {
        let linked = graph.articles[index]
        let article = linked.article
        let dir = "articles/\(article.slug)/"
        let root = PagePath.root(from: dir)
        var view = base(dir: dir, title: article.title, template: "article", current: "articles")
        if let summary = Formatting.metaDescription(linked.summary) { view.description = summary }
        let fields = ArticleFields(
            title: article.title, date: format.date(article.date), dateISO: article.date.datetime(in: zone),
            html: (body ?? linked.body)?.onPage ?? "", summary: linked.summary,
            updated: article.updated.map(format.date), updatedISO: article.updated?.datetime(in: zone),
            author: article.author, source: article.sourceName, sourceURL: article.sourceURL.map(ExternalURL.href))
        let groups = config.kinds.compactMap { kind -> MentionGroup? in
            let refs = linked.entities.filter { $0.kind == kind.folder }
            guard !refs.isEmpty else { return nil }
            return MentionGroup(
                label: kind.label, kind: kind.folder, entities: refs.map { entityLink($0, root: root) })
        }
        // The values of target figures this article reports, in the order it gives them.
        let reported = article.observations.compactMap { reported -> Merged<EntityLink, ReportedValue>? in
            let ref = reported.figureRef
            guard graph.entities[ref] != nil else { return nil }
            let unit = graph.entities[ref]?.entity.figure?.unit ?? ""
            let observation = reported.observation
            return Merged(
                entityLink(ref, root: root),
                ReportedValue(
                    value: format.quantity(observation.value, unit: unit), date: format.date(observation.date),
                    dateISO: observation.date.datetime(in: zone), note: observation.note))
        }
        // Articles are newest first: the previous one is older.
        return page(
            dir, "article", view,
            ArticleView(
                article: fields, mentionGroups: groups, reported: reported,
                related: graph.relatedArticles[index].map { articleLink($0, root: root) },
                previous: index + 1 < graph.articles.count ? articleLink(index + 1, root: root) : nil,
                next: index > 0 ? articleLink(index - 1, root: root) : nil))
    }
}
