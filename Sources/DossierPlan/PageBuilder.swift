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
    /// A standalone page, by its index in `SiteGraph.pages`.
    case page(Int)
    /// The weekly digest's index, and a week's page, by its index in `Digest.weeks`.
    case digestIndex(page: Int, of: Int)
    case digestWeek(Int)
    /// `data/`: what the open data files hold.
    case data

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
        case .page: return ""  // replaced by PageBuilder.path(of:)
        case .digestIndex(let n, _): return PagePath.listPage("digest/", n)
        case .digestWeek: return ""  // replaced by PageBuilder.path(of:)
        case .data: return "data/"
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
    /// Each article's day in the site's time zone (a day number), for timelines and the digest.
    package let articleDays: [Int]
    /// The interface strings, as templates read them.
    let stringTable: TemplateValue
    /// The build's date, and each target figure's standing on it (nil: none shown).
    package let asOf: DateValue?
    package let standings: [EntityRef: TargetStanding]
    /// The weekly digest, up to the build's date.
    package let digest: Digest
    /// The open data's files, with their rows and sizes, once they are written (`data/`).
    public var dataFiles: [DataFile] = []

    /// `baseURL` is site.yml's unless `--base-url` overrides it; `words` are the theme's
    /// in the site's language (`ThemeWords`), which also label the default kinds.
    public init(
        graph: SiteGraph, words: [String: String], baseURL: String? = nil, favicon: String? = nil,
        asOf: DateValue? = nil
    ) {
        var graph = graph
        graph.config.label(with: words)
        self.graph = graph
        var base = baseURL ?? graph.config.baseURL
        if !base.hasSuffix("/") { base += "/" }
        self.baseURL = base
        strings = words
        stringTable = .object(TemplateObject(words))
        format = Formatting(language: graph.config.language, words: words)
        zone = graph.config.timeZone
        self.favicon = favicon
        self.asOf = asOf
        var standings: [EntityRef: TargetStanding] = [:]
        if let asOf {
            for ref in graph.entityOrder { standings[ref] = TargetStanding.of(ref, in: graph, asOf: asOf) }
        }
        self.standings = standings
        let format = self.format
        let zone = self.zone
        articleDays = graph.articles.map { $0.article.date.localized(to: zone).dayNumber }
        digest = Digest(graph: graph, articleDays: articleDays, asOf: asOf)
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
        specs += graph.pages.indices.map { .page($0) }
        let digestPages = pageCount(digest.weeks.count)
        specs += (1...digestPages).map { .digestIndex(page: $0, of: digestPages) }
        specs += digest.weeks.indices.map { .digestWeek($0) }
        specs.append(.data)
        return specs
    }

    /// The small pages `redirect_from` asks for: each old path's file, where it is
    /// written in the content, and the page it leads to (its folder from the root).
    public func redirects() -> [(file: String, written: SourceLocation, to: String)] {
        var result: [(file: String, written: SourceLocation, to: String)] = []
        for linked in graph.articles {
            for old in linked.article.redirectFrom {
                result.append((Page.file(for: old.value), old.location, "articles/\(linked.article.slug)/"))
            }
        }
        for linked in graph.pages {
            for old in linked.page.redirectFrom {
                result.append((Page.file(for: old.value), old.location, linked.page.slug + "/"))
            }
        }
        for ref in graph.entityOrder {
            for old in graph.entities[ref]?.entity.redirectFrom ?? [] {
                result.append((Page.file(for: old.value), old.location, ref.path))
            }
        }
        return result
    }

    /// The page that sends a reader from `file` on to the page at `target`: a refresh, a
    /// canonical link and a plain link, for browsers, search engines and people.
    public func redirect(from file: String, to target: String) -> String {
        let folder = (file as NSString).deletingLastPathComponent
        let relative = HTML.escape(PagePath.root(from: folder.isEmpty ? "" : folder + "/") + target)
        let absolute = HTML.escape(baseURL + target)
        let moved = HTML.escape(strings["moved"] ?? "This page has moved to")
        return """
            <!DOCTYPE html>
            <html lang="\(HTML.escape(config.language))">
            <head>
            <meta charset="utf-8">
            <title>\(HTML.escape(config.title))</title>
            <meta name="robots" content="noindex">
            <link rel="canonical" href="\(absolute)">
            <meta http-equiv="refresh" content="0; url=\(relative)">
            </head>
            <body>
            <p>\(moved) <a href="\(relative)">\(absolute)</a></p>
            </body>
            </html>

            """
    }

    /// The folder (or file) a page is written to.
    public func path(of spec: PageSpec) -> String {
        if case .article(let index) = spec { return "articles/\(graph.articles[index].article.slug)/" }
        if case .page(let index) = spec { return graph.pages[index].page.slug + "/" }
        if case .digestWeek(let index) = spec { return digest.weeks[index].path }
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
        case .page(let index): return standalonePage(index)
        case .digestIndex(let n, let count): return digestIndex(page: n, of: count)
        case .digestWeek(let index): return digestWeek(index)
        case .data: return dataPage()
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
        var view = PageView(
            site: SiteView(
                title: config.title, description: config.description ?? "", language: config.language,
                author: config.author ?? ""),
            t: stringTable, root: root,
            nav: config.kinds.map { kind in
                NavItem(
                    label: kind.label, href: root + kind.folder + "/", kind: kind.folder,
                    current: kind.folder == current)
            },
            menu: graph.menu.map { linked in
                NavItem(
                    label: linked.page.title, href: root + linked.page.slug + "/", kind: "page",
                    current: "page:" + linked.page.slug == current)
            },
            articlesCurrent: current == "articles", searchCurrent: current == "search",
            digestCurrent: current == "digest",
            pageTitle: title.map { "\($0) · \(config.title)" } ?? config.title, canonical: baseURL + dir,
            feedHref: root + "feed.xml", template: template, favicon: favicon.map { root + $0 },
            description: config.description)
        view.dataCurrent = current == "data"
        let lists: Set<String> = ["articles", "kind", "ledger", "digest", "data"]
        view.jsonLD = pageLD(
            canonical: view.canonical, name: title ?? config.title, collection: lists.contains(template))
        return view
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
            entities: graph.articles[index].entities.prefix(6).map { entityLink($0, root: root) },
            draft: graph.articles[index].article.draft)
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
                figures: ledger(graph.entityOrder.filter { graph.entities[$0]?.entity.figure != nil }).map {
                    figureSummary($0, root: "")
                }, asOf: asOf.map(asOfLabel)))
    }

    package func notFound() -> Page {
        var view = base(dir: "", title: strings["not_found"], template: "404", root: baseURL)
        view.canonical = baseURL + "404.html"
        view.jsonLD = pageLD(canonical: view.canonical, name: strings["not_found"], collection: false)
        return page("404.html", "404", view, NoContent())
    }

    /// The search page: the index is Pagefind's, the filters the page kinds.
    package func search() -> Page {
        let kinds =
            [SearchKind(value: "article", label: strings["search_article"] ?? "article", kind: "articles")]
            + config.kinds.map { SearchKind(value: $0.singular, label: $0.label, kind: $0.folder) }
            + (graph.pages.isEmpty
                ? [] : [SearchKind(value: "page", label: strings["search_page"] ?? "page", kind: "pages")])
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
        view.jsonLD = articleLD(index)
        let fields = ArticleFields(
            title: article.title, date: format.date(article.date), dateISO: article.date.datetime(in: zone),
            html: (body ?? linked.body)?.onPage ?? "", summary: linked.summary,
            updated: article.updated.map(format.date), updatedISO: article.updated?.datetime(in: zone),
            author: article.author, source: article.sourceName, sourceURL: article.sourceURL.map(ExternalURL.href),
            draft: article.draft)
        let html = fields.html
        let toc = (article.toc ?? config.toc) ? TableOfContents.entries(html: html) : []
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
                article: fields, toc: toc, mentionGroups: groups, reported: reported,
                related: graph.relatedArticles[index].map { articleLink($0, root: root) },
                previous: index + 1 < graph.articles.count ? articleLink(index + 1, root: root) : nil,
                next: index > 0 ? articleLink(index - 1, root: root) : nil,
                citation: CitationView(
                    meta: citationMeta(index), text: formattedCitation(index), bibHref: "cite.bib",
                    sourceURL: article.sourceURL.map(ExternalURL.href))))
    }
}

extension PageBuilder {
    /// A standalone page (`Content/pages/`), one folder below the root.
    package func standalonePage(_ index: Int) -> Page {
        let linked = graph.pages[index]
        let page = linked.page
        let dir = page.slug + "/"
        var view = base(dir: dir, title: page.title, template: "page", current: "page:" + page.slug)
        if let summary = Formatting.metaDescription(linked.summary) { view.description = summary }
        let html = linked.body.html(root: PagePath.root(from: dir))
        return self.page(
            dir, "page", view,
            StandalonePageView(
                page: PageFields(title: page.title, html: html, summary: linked.summary, draft: page.draft),
                toc: (page.toc ?? config.toc) ? TableOfContents.entries(html: html) : []))
    }
}
