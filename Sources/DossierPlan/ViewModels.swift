import DossierTemplate

// What each template receives, as types: `PageBuilder` makes them from the site's
// graph, and each says what it is as a template value (`TemplateRepresentable`),
// under the names the templates read (`dateISO` is `{{date_iso}}`). A property
// that is nil is not there at all; one that is `OrFalse` is `false` when empty,
// so that Mustache does not look the name up in an enclosing context. Every page
// template receives `PageView`'s values beside its own (`PageContext`).

/// The values of one page: what every page has, and what its template shows.
public struct PageContext<Content: TemplateObjectModel>: TemplateObjectModel {
    public var page: PageView
    public var content: Content

    public func write(into object: inout TemplateObject) {
        page.write(into: &object)
        content.write(into: &object)
    }
}

/// Two view models as one object; where both have a name, the second's value is shown.
public struct Merged<First: TemplateObjectModel, Second: TemplateObjectModel>: TemplateObjectModel {
    public var first: First
    public var second: Second

    public init(_ first: First, _ second: Second) {
        self.first = first
        self.second = second
    }

    public func write(into object: inout TemplateObject) {
        first.write(into: &object)
        second.write(into: &object)
    }
}

/// A value that is `false`, rather than missing, when there is none.
public enum OrFalse<Value: TemplateRepresentable>: TemplateRepresentable {
    case value(Value)
    case none

    public init(_ value: Value?) { self = value.map(OrFalse.value) ?? .none }

    public var templateValue: TemplateValue {
        switch self {
        case .value(let value): return value.templateValue
        case .none: return .bool(false)
        }
    }
}

/// What every page has (`base.mustache` lays every page out with it).
public struct PageView: TemplateObjectModel {
    public var site: SiteView
    /// The interface's words, by key: `{{t.search}}` (`Templates/i18n` in a later version).
    public var t: TemplateValue
    /// The way from this page up to the site's root: `../../` on an article's page.
    public var root: String
    /// The entity kinds' indexes, in site.yml's order.
    public var nav: [NavItem]
    /// The standalone pages with `menu:`, in its order (`kind` is `page`).
    public var menu: [NavItem]
    public var articlesCurrent: Bool
    public var searchCurrent: Bool
    public var digestCurrent: Bool = false
    public var dataCurrent: Bool = false
    /// The page's schema.org JSON-LD, a whole `<script>` element, escaped.
    public var jsonLD: String = ""
    /// The page's title, then the site's: `标题 · 站点`.
    public var pageTitle: String
    public var canonical: String
    public var feedHref: String
    /// The template's name (`article`), for a class on `<body>`.
    public var template: String
    public var favicon: String?
    /// The page's own description, else the site's.
    public var description: String?

    public func write(into object: inout TemplateObject) {
        object["site"] = site.templateValue
        object["t"] = t.templateValue
        object["root"] = root.templateValue
        object["nav"] = nav.templateValue
        object["menu"] = menu.templateValue
        object["articles_current"] = articlesCurrent.templateValue
        object["search_current"] = searchCurrent.templateValue
        object["digest_current"] = digestCurrent.templateValue
        object["data_current"] = dataCurrent.templateValue
        object["json_ld"] = jsonLD.templateValue
        object["page_title"] = pageTitle.templateValue
        object["canonical"] = canonical.templateValue
        object["feed_href"] = feedHref.templateValue
        object["template"] = template.templateValue
        object.set("favicon", favicon)
        object.set("description", description)
    }
}

public struct SiteView: TemplateObjectModel {
    public var title: String
    /// Empty when site.yml has none.
    public var description: String
    public var language: String
    public var author: String

    public func write(into object: inout TemplateObject) {
        object["title"] = title.templateValue
        object["description"] = description.templateValue
        object["language"] = language.templateValue
        object["author"] = author.templateValue
    }
}

public struct NavItem: TemplateObjectModel {
    public var label: String
    public var href: String
    public var kind: String
    public var current: Bool

    public func write(into object: inout TemplateObject) {
        object["label"] = label.templateValue
        object["href"] = href.templateValue
        object["kind"] = kind.templateValue
        object["current"] = current.templateValue
    }
}

/// A link to an entity's page.
public struct EntityLink: TemplateObjectModel {
    public var name: String
    public var href: String
    /// Its kind's folder: `initiatives`.
    public var kind: String
    public var kindLabel: String

    public func write(into object: inout TemplateObject) {
        object["name"] = name.templateValue
        object["href"] = href.templateValue
        object["kind"] = kind.templateValue
        object["kind_label"] = kindLabel.templateValue
    }
}

/// A link to an article's page, with what a list shows of it.
public struct ArticleLink: TemplateObjectModel {
    public var title: String
    public var href: String
    public var date: String
    public var dateISO: String
    public var summary: String
    /// The first six entities it names.
    public var entities: [EntityLink]
    /// A draft (built with `--drafts`).
    public var draft: Bool

    public func write(into object: inout TemplateObject) {
        object["title"] = title.templateValue
        object["href"] = href.templateValue
        object["date"] = date.templateValue
        object["date_iso"] = dateISO.templateValue
        object["summary"] = summary.templateValue
        object["entities"] = entities.templateValue
        object["draft"] = draft.templateValue
    }
}

/// The numbers of a list's pages, as a window around the current one.
public struct Pagination: TemplateObjectModel {
    /// False, and nothing else, on a list of one page.
    public var show: Bool
    public var current: Int?
    public var total: Int?
    public var pages: [PageNumber]?
    public var prev: String?
    public var next: String?

    public func write(into object: inout TemplateObject) {
        object["show"] = show.templateValue
        object.set("current", current)
        object.set("total", total)
        object.set("pages", pages)
        object.set("prev", prev)
        object.set("next", next)
    }
}

/// A page's number and link, or a gap between numbers.
public struct PageNumber: TemplateObjectModel {
    public var number: Int?
    public var href: String?
    public var current: Bool
    public var gap: Bool

    public func write(into object: inout TemplateObject) {
        object.set("number", number)
        object.set("href", href)
        object["current"] = current.templateValue
        object["gap"] = gap.templateValue
    }
}

/// Nothing beyond `PageView` (`404.mustache`).
public struct NoContent: TemplateObjectModel {
    public func write(into object: inout TemplateObject) {}
}

// MARK: - The home page, lists and search

public struct HomeView: TemplateObjectModel {
    /// The ten newest.
    public var latestArticles: [ArticleLink]
    public var moreArticles: Bool
    public var kinds: [KindSummary]
    /// Every target figure, with its progress: the ledger's order when the build has a date.
    public var figures: [FigureSummary]
    /// "As of 6 December 2026", when the figures' standing is shown.
    public var asOf: String? = nil

    public func write(into object: inout TemplateObject) {
        object["latest_articles"] = latestArticles.templateValue
        object["more_articles"] = moreArticles.templateValue
        object["kinds"] = kinds.templateValue
        object["figures"] = figures.templateValue
        object.set("as_of", asOf)
    }
}

public struct KindSummary: TemplateObjectModel {
    public var label: String
    public var href: String
    public var kind: String
    public var count: Int
    /// The eight entities mentioned most, each with its `count`.
    public var top: [Merged<EntityLink, MentionCount>]

    public func write(into object: inout TemplateObject) {
        object["label"] = label.templateValue
        object["href"] = href.templateValue
        object["kind"] = kind.templateValue
        object["count"] = count.templateValue
        object["top"] = top.templateValue
    }
}

public struct MentionCount: TemplateObjectModel {
    public var count: Int

    public func write(into object: inout TemplateObject) {
        object["count"] = count.templateValue
    }
}

public struct ArticlesView: TemplateObjectModel {
    public var articles: [ArticleLink]
    public var pagination: Pagination
    public var total: Int

    public func write(into object: inout TemplateObject) {
        object["articles"] = articles.templateValue
        object["pagination"] = pagination.templateValue
        object["total"] = total.templateValue
    }
}

public struct SearchView: TemplateObjectModel {
    /// The filters: articles, then each kind.
    public var searchKinds: [SearchKind]

    public func write(into object: inout TemplateObject) {
        object["search_kinds"] = searchKinds.templateValue
    }
}

public struct SearchKind: TemplateObjectModel {
    /// What Pagefind's `kind` filter holds.
    public var value: String
    public var label: String
    public var kind: String

    public func write(into object: inout TemplateObject) {
        object["value"] = value.templateValue
        object["label"] = label.templateValue
        object["kind"] = kind.templateValue
    }
}

// MARK: - An article

public struct ArticleView: TemplateObjectModel {
    public var article: ArticleFields
    /// Its table of contents (`toc`), empty without one.
    public var toc: [TocEntry]
    /// The entities it names, by kind.
    public var mentionGroups: [MentionGroup]
    /// The target figures' values it reports.
    public var reported: [Merged<EntityLink, ReportedValue>]
    public var related: [ArticleLink]
    /// The next older article.
    public var previous: ArticleLink?
    /// The next newer article.
    public var next: ArticleLink?
    /// Its citation: meta tags, the formatted text and the BibTeX file.
    public var citation: CitationView

    public func write(into object: inout TemplateObject) {
        object["citation"] = citation.templateValue
        object["article"] = article.templateValue
        object["toc"] = toc.templateValue
        object["mention_groups"] = mentionGroups.templateValue
        object["reported"] = reported.templateValue
        object["related"] = related.templateValue
        object.set("previous", previous)
        object.set("next", next)
    }
}

/// How to cite an article: its Highwire meta tags, the citation as text, and where its
/// `cite.bib` and original source are.
public struct CitationView: TemplateObjectModel {
    public var meta: [MetaTag]
    public var text: String
    public var bibHref: String
    public var sourceURL: String?

    public func write(into object: inout TemplateObject) {
        object["meta"] = meta.templateValue
        object["text"] = text.templateValue
        object["bib_href"] = bibHref.templateValue
        object.set("source_url", sourceURL)
    }
}

public struct ArticleFields: TemplateObjectModel {
    public var title: String
    public var date: String
    public var dateISO: String
    /// The article's text as HTML, its mentions linked.
    public var html: String
    public var summary: String
    public var updated: String?
    public var updatedISO: String?
    public var author: String?
    public var source: String?
    public var sourceURL: String?
    /// A draft (built with `--drafts`).
    public var draft: Bool

    public func write(into object: inout TemplateObject) {
        object["title"] = title.templateValue
        object["date"] = date.templateValue
        object["date_iso"] = dateISO.templateValue
        object["html"] = html.templateValue
        object["summary"] = summary.templateValue
        object.set("updated", updated)
        object.set("updated_iso", updatedISO)
        object.set("author", author)
        object.set("source", source)
        object.set("source_url", sourceURL)
        object["draft"] = draft.templateValue
    }
}

/// A heading of a table of contents: `##` (level 2) or `###` (level 3).
public struct TocEntry: TemplateObjectModel {
    public var level: Int
    /// The heading's id: the link is `#` and it.
    public var id: String
    public var text: String

    public func write(into object: inout TemplateObject) {
        object["level"] = level.templateValue
        object["id"] = id.templateValue
        object["text"] = text.templateValue
    }
}

// MARK: - A standalone page

public struct StandalonePageView: TemplateObjectModel {
    public var page: PageFields
    /// Its table of contents (`toc`), empty without one.
    public var toc: [TocEntry]

    public func write(into object: inout TemplateObject) {
        object["page"] = page.templateValue
        object["toc"] = toc.templateValue
    }
}

public struct PageFields: TemplateObjectModel {
    public var title: String
    /// The page's text as HTML.
    public var html: String
    public var summary: String
    /// A draft (built with `--drafts`).
    public var draft: Bool

    public func write(into object: inout TemplateObject) {
        object["title"] = title.templateValue
        object["html"] = html.templateValue
        object["summary"] = summary.templateValue
        object["draft"] = draft.templateValue
    }
}

public struct MentionGroup: TemplateObjectModel {
    public var label: String
    public var kind: String
    public var entities: [EntityLink]

    public func write(into object: inout TemplateObject) {
        object["label"] = label.templateValue
        object["kind"] = kind.templateValue
        object["entities"] = entities.templateValue
    }
}

public struct ReportedValue: TemplateObjectModel {
    public var value: String
    public var date: String
    public var dateISO: String
    public var note: String?

    public func write(into object: inout TemplateObject) {
        object["value"] = value.templateValue
        object["date"] = date.templateValue
        object["date_iso"] = dateISO.templateValue
        object.set("note", note)
    }
}
