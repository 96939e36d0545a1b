import DossierCore
import DossierStore

/// What the content says, read and checked field by field; references are
/// still as written, and are resolved by the linking stage.
public struct Entity: Sendable {
    public enum Status: String, Sendable, CaseIterable { case planned, active, completed, superseded }

    public struct Figure: Sendable {
        public var metric: String?
        public var unit: String?
        public var target: Double?
        public var baseline: Observation?
        public var deadline: DateValue?
        /// `direction: increase | decrease`; nil: from baseline to target, else increase.
        public var direction: Direction? = nil

        public enum Direction: String, Sendable, CaseIterable { case increase, decrease }

        public init(
            metric: String? = nil, unit: String? = nil, target: Double? = nil, baseline: Observation? = nil,
            deadline: DateValue? = nil
        ) {
            self.metric = metric
            self.unit = unit
            self.target = target
            self.baseline = baseline
            self.deadline = deadline
        }
    }

    public var ref: EntityRef
    public var source: SourceText
    public var name: String
    public var aliases: [Located<String>]
    /// Its name in other languages (`names: { en: … }`), in the order written.
    public var names: [LocalName] = []
    public var exclude: [Located<String>]
    public var parent: Located<String>?
    public var related: [Located<String>]
    public var responsible: [Located<String>]
    public var start: DateValue?
    public var end: DateValue?
    public var status: Status?
    public var supersededBy: Located<String>?
    public var figure: Figure?
    public var body: String
    public var bodyLineOffset: Int
    /// Where `name:` is written, for warnings about the name.
    public var nameLocation: SourceLocation? = nil
    /// Where the fields editorial lint speaks of (`FileChecks.placedEntityFields`) are written.
    public var fieldPlaces: [String: SourceLocation] = [:]
    /// The destinations of the description's links that may be annotations.
    package var links = TextLinks.found([])
    /// Its links to other pages and files (`article:`, `page:`, relative paths).
    package var pageLinks = TextLinks.found([])
    /// Old paths (relative to the site's root) that lead here.
    public var redirectFrom: [Located<String>] = []
    /// The file's path in the site (`Content/institutions/…`).
    package var file: String? = nil

    public init(
        ref: EntityRef, source: SourceText, name: String, aliases: [Located<String>], exclude: [Located<String>],
        parent: Located<String>? = nil, related: [Located<String>], responsible: [Located<String>],
        start: DateValue? = nil, end: DateValue? = nil, status: Status? = nil, supersededBy: Located<String>? = nil,
        figure: Figure? = nil, body: String, bodyLineOffset: Int, nameLocation: SourceLocation? = nil
    ) {
        self.ref = ref
        self.source = source
        self.name = name
        self.aliases = aliases
        self.exclude = exclude
        self.parent = parent
        self.related = related
        self.responsible = responsible
        self.start = start
        self.end = end
        self.status = status
        self.supersededBy = supersededBy
        self.figure = figure
        self.body = body
        self.bodyLineOffset = bodyLineOffset
        self.nameLocation = nameLocation
    }
}

/// The destinations of a text's links that may be annotations, each where it is
/// written: as found when the file was checked now, or as the build store keeps
/// them (coded, and decoded only when they must be checked again).
package enum TextLinks: Sendable {
    case found([Located<String>])
    case stored(ArraySlice<UInt8>)

    /// Whether the file was checked in this build.
    package var areNew: Bool {
        if case .found = self { return true }
        return false
    }
}

/// An entity's name in another language, with the language's BCP 47 tag.
public struct LocalName: Sendable, Equatable {
    public var language: String
    public var name: Located<String>
    public var value: String { name.value }

    public init(language: String, name: Located<String>) {
        self.language = language
        self.name = name
    }
}

/// A reported value of a target figure.
public struct Observation: Sendable, Hashable {
    public var value: Double
    public var date: DateValue
    public var note: String?

    public init(value: Double, date: DateValue, note: String? = nil) {
        self.value = value
        self.date = date
        self.note = note
    }
}

public struct Article: Sendable {
    public struct ReportedObservation: Sendable {
        public var figure: Located<String>
        public var observation: Observation

        /// The figure reported, written `id` or `figure:id`.
        public var figureRef: EntityRef {
            let id = figure.value.hasPrefix("figure:") ? String(figure.value.dropFirst(7)) : figure.value
            return EntityRef(kind: "figures", id: id)
        }

        public init(figure: Located<String>, observation: Observation) {
            self.figure = figure
            self.observation = observation
        }
    }

    public var slug: String
    /// Where the slug was given (the `slug:` field, or the file itself).
    public var slugLocation: SourceLocation
    public var source: SourceText
    public var title: String
    public var date: DateValue
    public var updated: DateValue?
    public var author: String?
    public var sourceName: String?
    public var sourceURL: String?
    public var summary: String?
    public var draft: Bool
    public var autolink: AutolinkMode?
    public var observations: [ReportedObservation]
    public var body: String
    public var bodyLineOffset: Int
    /// A table of contents, or none, whatever site.yml says; nil: as site.yml says.
    public var toc: Bool? = nil
    /// Where `title:` is written, for editorial lint's warnings about the article.
    public var titleLocation: SourceLocation? = nil
    /// Old paths (relative to the site's root) that lead here.
    public var redirectFrom: [Located<String>] = []
    /// The destinations of the text's links that may be annotations.
    package var links = TextLinks.found([])
    /// Its links to other pages and files (`article:`, `page:`, relative paths).
    package var pageLinks = TextLinks.found([])
    /// The SHA-256 of the file's bytes: what the article's linking is keyed by.
    package var contentHash: Fingerprint? = nil
    /// The file's path in the site (`Content/articles/…`), to read it again.
    package var file = ""

    /// The folder of an article written as `<slug>/index.md`, whose files are copied beside its page.
    public var bundle: String? { Self.bundle(of: file) }

    package static func bundle(of file: String) -> String? {
        guard file.hasSuffix("/index.md"), file != "Content/articles/index.md" else { return nil }
        return String(file.dropLast("/index.md".count))
    }
}

/// A standalone page (`Content/pages/**/<slug>.md`): an about page, a methodology
/// note. It is linked like an article, but not listed as one.
public struct SitePage: Sendable {
    public var slug: String
    public var slugLocation: SourceLocation
    public var source: SourceText
    public var title: String
    public var summary: String?
    /// Its place in the site's navigation; nil: not there.
    public var menu: Int?
    public var draft: Bool
    public var toc: Bool?
    public var autolink: AutolinkMode?
    public var redirectFrom: [Located<String>]
    public var body: String
    public var bodyLineOffset: Int
    package var links = TextLinks.found([])
    package var pageLinks = TextLinks.found([])
    /// The file's path in the site (`Content/pages/…`).
    package var file = ""

    public init(
        slug: String, slugLocation: SourceLocation, source: SourceText, title: String, summary: String?, menu: Int?,
        draft: Bool, toc: Bool?, autolink: AutolinkMode?, redirectFrom: [Located<String>], body: String,
        bodyLineOffset: Int
    ) {
        self.slug = slug
        self.slugLocation = slugLocation
        self.source = source
        self.title = title
        self.summary = summary
        self.menu = menu
        self.draft = draft
        self.toc = toc
        self.autolink = autolink
        self.redirectFrom = redirectFrom
        self.body = body
        self.bodyLineOffset = bodyLineOffset
    }
}

/// Everything the content folder holds, read and checked, before linking.
public struct Content: Sendable {
    public var root: String
    public var config: SiteConfig
    public var articles: [Article]
    public var entities: [Entity]
    /// Standalone pages, by slug.
    public var pages: [SitePage] = []
    /// What links between pages lead to (`PageTargets`).
    public var targets = PageTargets()
    /// Every file of `Content/`, by its path in the site, for relative links to be checked against.
    public var files: Set<String> = []
    /// Articles dated after the build's date, left out of this build (built only with `--future`),
    /// but checked like the others: a scheduled build publishes them without a person looking.
    public var futureArticles: [Article] = []
    public var futureLeftOut = 0
    /// Files of `Content/static/`, by their path in the output.
    public var staticFiles: [(output: String, file: String)]
    /// Entities whose files exist but could not be read: references to them are
    /// not reported again as unknown.
    public var unreadableEntities: [EntityRef] = []
    /// Drafts left out of this build (built only with `--drafts`).
    public var draftsLeftOut = 0
    /// What reading changed in the build store.
    package var sourceChanges = BuildStore.Changes()
    /// How many content files were parsed (the others came from the store).
    public var parsedFiles = 0
    /// The fingerprint of site.yml's text.
    package var configKey = Fingerprint(words: (0, 0, 0, 0))

    package init(
        root: String, config: SiteConfig, articles: [Article], entities: [Entity],
        staticFiles: [(output: String, file: String)], unreadableEntities: [EntityRef] = [], draftsLeftOut: Int = 0,
        sourceChanges: BuildStore.Changes = BuildStore.Changes(), parsedFiles: Int = 0,
        configKey: Fingerprint = Fingerprint(words: (0, 0, 0, 0))
    ) {
        self.root = root
        self.config = config
        self.articles = articles
        self.entities = entities
        self.staticFiles = staticFiles
        self.unreadableEntities = unreadableEntities
        self.draftsLeftOut = draftsLeftOut
        self.sourceChanges = sourceChanges
        self.parsedFiles = parsedFiles
        self.configKey = configKey
    }
}
