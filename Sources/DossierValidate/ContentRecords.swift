import DossierCore
import DossierStore
import Foundation

/// How the load stage's values are kept in the build store: what a file was read
/// into, and the small values of its front matter.
extension RecordCoding {
    package static func located(_ w: inout BinaryWriter, _ value: Located<String>) {
        w.string(value.value)
        location(&w, value.location)
    }

    package static func located(_ r: inout BinaryReader) throws -> Located<String> {
        Located(try r.string(), at: try location(&r))
    }

    package static func date(_ w: inout BinaryWriter, _ value: DateValue) {
        for part in [value.year, value.month, value.day, value.hour, value.minute, value.second] { w.signed(part) }
        w.bool(value.hasTime)
        w.optional(value.utcOffset) { $0.signed($1) }
        w.optional(value.written) { $0.string($1) }
    }

    package static func date(_ r: inout BinaryReader) throws -> DateValue {
        let parts = try (0..<6).map { _ in try r.signed() }
        return DateValue(
            year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4], second: parts[5],
            hasTime: try r.bool(), utcOffset: try r.optional { try $0.signed() },
            written: try r.optional { try $0.string() })
    }

    package static func observation(_ w: inout BinaryWriter, _ value: Observation) {
        w.double(value.value)
        date(&w, value.date)
        w.optional(value.note) { $0.string($1) }
    }

    package static func observation(_ r: inout BinaryReader) throws -> Observation {
        Observation(value: try r.double(), date: try date(&r), note: try r.optional { try $0.string() })
    }
    /// A text's links, all in its own file: each without the file's path, and all
    /// as one run of bytes, which a build decodes only if it must check them again
    /// (a slice of the stored record until then).
    private static func links(_ w: inout BinaryWriter, _ links: TextLinks) {
        switch links {
        case .stored(let bytes): w.raw(Array(bytes))
        case .found(let found):
            var inner = BinaryWriter()
            inner.list(found) { w, link in
                w.string(link.value)
                w.signed(link.location.line)
                w.signed(link.location.column)
            }
            w.raw(inner.bytes)
        }
    }

    package static func links(_ links: TextLinks, path: String) throws -> [Located<String>] {
        switch links {
        case .found(let found): return found
        case .stored(let bytes):
            var r = BinaryReader(Array(bytes))
            let found = try r.list { r in
                let url = try r.string()
                return Located(url, at: SourceLocation(path: path, line: try r.signed(), column: try r.signed()))
            }
            guard r.atEnd else { throw BinaryReader.Damaged() }
            return found
        }
    }

    private static func autolink(_ r: inout BinaryReader) throws -> AutolinkMode {
        guard let mode = AutolinkMode(rawValue: try r.string()) else { throw BinaryReader.Damaged() }
        return mode
    }

    // MARK: What a file was read into

    /// An article's front matter, without its text: a build that finds the file
    /// unchanged does not read it, and reads it only if it must be linked again.
    package static func article(_ value: Article) -> [UInt8] {
        var w = BinaryWriter()
        w.string(value.slug)
        location(&w, value.slugLocation)
        w.string(value.source.path)
        w.string(value.title)
        date(&w, value.date)
        w.optional(value.updated) { date(&$0, $1) }
        for text in [value.author, value.sourceName, value.sourceURL, value.summary] {
            w.optional(text) { $0.string($1) }
        }
        w.bool(value.draft)
        w.optional(value.autolink) { $0.string($1.rawValue) }
        w.list(value.observations) { w, item in
            located(&w, item.figure)
            observation(&w, item.observation)
        }
        w.signed(value.bodyLineOffset)
        w.optional(value.toc) { $0.bool($1) }
        w.list(value.redirectFrom) { located(&$0, $1) }
        w.optional(value.titleLocation) { location(&$0, $1) }
        links(&w, value.links)
        links(&w, value.pageLinks)
        return w.bytes
    }

    package static func article(_ bytes: [UInt8]) throws -> Article {
        var r = BinaryReader(bytes)
        let slug = try r.string()
        let slugLocation = try location(&r)
        let path = try r.string()
        let title = try r.string()
        let articleDate = try date(&r)
        let updated = try r.optional { try date(&$0) }
        let texts = try (0..<4).map { _ in try r.optional { try $0.string() } }
        let draft = try r.bool()
        let autolink = try r.optional(autolink)
        let observations = try r.list { r in
            Article.ReportedObservation(figure: try located(&r), observation: try observation(&r))
        }
        let offset = try r.signed()
        let toc = try r.optional { try $0.bool() }
        let redirectFrom = try r.list { try located(&$0) }
        let titleLocation = try r.optional { try location(&$0) }
        let links = TextLinks.stored(try r.rawSlice())
        let pageLinks = TextLinks.stored(try r.rawSlice())
        guard r.atEnd else { throw BinaryReader.Damaged() }
        var article = Article(
            slug: slug, slugLocation: slugLocation, source: SourceText(path: path, text: ""), title: title,
            date: articleDate,
            updated: updated, author: texts[0], sourceName: texts[1], sourceURL: texts[2], summary: texts[3],
            draft: draft,
            autolink: autolink, observations: observations, body: "", bodyLineOffset: offset)
        article.links = links
        article.pageLinks = pageLinks
        article.toc = toc
        article.redirectFrom = redirectFrom
        article.titleLocation = titleLocation
        return article
    }

    /// An entity, with its text: entities are few, and their descriptions are linked on every build.
    package static func entity(_ value: Entity) -> [UInt8] {
        var w = BinaryWriter()
        w.string(value.ref.kind)
        w.string(value.ref.id)
        w.string(value.source.path)
        w.string(value.source.text)
        w.string(value.name)
        for list in [value.aliases, value.exclude] { w.list(list) { located(&$0, $1) } }
        w.optional(value.parent) { located(&$0, $1) }
        for list in [value.related, value.responsible] { w.list(list) { located(&$0, $1) } }
        w.optional(value.start) { date(&$0, $1) }
        w.optional(value.end) { date(&$0, $1) }
        w.optional(value.status) { $0.string($1.rawValue) }
        w.optional(value.supersededBy) { located(&$0, $1) }
        w.optional(value.figure) { w, figure in
            w.optional(figure.metric) { $0.string($1) }
            w.optional(figure.unit) { $0.string($1) }
            w.optional(figure.target) { $0.double($1) }
            w.optional(figure.baseline) { observation(&$0, $1) }
            w.optional(figure.deadline) { date(&$0, $1) }
            w.optional(figure.direction) { $0.string($1.rawValue) }
        }
        w.string(value.body)
        w.signed(value.bodyLineOffset)
        w.optional(value.nameLocation) { location(&$0, $1) }
        w.list(value.fieldPlaces.sorted { $0.key < $1.key }) { w, item in
            w.string(item.key)
            location(&w, item.value)
        }
        w.list(value.redirectFrom) { located(&$0, $1) }
        w.list(value.names) { w, local in
            w.string(local.language)
            located(&w, local.name)
        }
        links(&w, value.links)
        links(&w, value.pageLinks)
        return w.bytes
    }

    package static func entity(_ bytes: [UInt8]) throws -> Entity {
        var r = BinaryReader(bytes)
        let ref = EntityRef(kind: try r.string(), id: try r.string())
        let source = SourceText(path: try r.string(), text: try r.string())
        let name = try r.string()
        let aliases = try r.list { try located(&$0) }
        let exclude = try r.list { try located(&$0) }
        let parent = try r.optional { try located(&$0) }
        let related = try r.list { try located(&$0) }
        let responsible = try r.list { try located(&$0) }
        let start = try r.optional { try date(&$0) }
        let end = try r.optional { try date(&$0) }
        let status = try r.optional { r in
            guard let status = Entity.Status(rawValue: try r.string()) else { throw BinaryReader.Damaged() }
            return status
        }
        let supersededBy = try r.optional { try located(&$0) }
        let figure = try r.optional { r in
            var figure = Entity.Figure(
                metric: try r.optional { try $0.string() }, unit: try r.optional { try $0.string() },
                target: try r.optional { try $0.double() }, baseline: try r.optional { try observation(&$0) },
                deadline: try r.optional { try date(&$0) })
            figure.direction = try r.optional { r in
                guard let direction = Entity.Figure.Direction(rawValue: try r.string()) else {
                    throw BinaryReader.Damaged()
                }
                return direction
            }
            return figure
        }
        let body = try r.string()
        let offset = try r.signed()
        let nameLocation = try r.optional { try location(&$0) }
        let places = try r.list { r in (try r.string(), try location(&r)) }
        let redirectFrom = try r.list { try located(&$0) }
        let names = try r.list { r in LocalName(language: try r.string(), name: try located(&r)) }
        let links = TextLinks.stored(try r.rawSlice())
        let pageLinks = TextLinks.stored(try r.rawSlice())
        guard r.atEnd else { throw BinaryReader.Damaged() }
        var entity = Entity(
            ref: ref, source: source, name: name, aliases: aliases, exclude: exclude, parent: parent, related: related,
            responsible: responsible, start: start, end: end, status: status, supersededBy: supersededBy,
            figure: figure,
            body: body, bodyLineOffset: offset, nameLocation: nameLocation)
        entity.links = links
        entity.pageLinks = pageLinks
        entity.redirectFrom = redirectFrom
        entity.names = names
        entity.fieldPlaces = Dictionary(places, uniquingKeysWith: { a, _ in a })
        return entity
    }

    /// A standalone page, with its text: pages are few, and linked on every build.
    package static func page(_ value: SitePage) -> [UInt8] {
        var w = BinaryWriter()
        w.string(value.slug)
        location(&w, value.slugLocation)
        w.string(value.source.path)
        w.string(value.source.text)
        w.string(value.title)
        w.optional(value.summary) { $0.string($1) }
        w.optional(value.menu) { $0.signed($1) }
        w.bool(value.draft)
        w.optional(value.toc) { $0.bool($1) }
        w.optional(value.autolink) { $0.string($1.rawValue) }
        w.list(value.redirectFrom) { located(&$0, $1) }
        w.string(value.body)
        w.signed(value.bodyLineOffset)
        links(&w, value.links)
        links(&w, value.pageLinks)
        return w.bytes
    }

    package static func page(_ bytes: [UInt8]) throws -> SitePage {
        var r = BinaryReader(bytes)
        let slug = try r.string()
        let slugLocation = try location(&r)
        let source = SourceText(path: try r.string(), text: try r.string())
        let title = try r.string()
        let summary = try r.optional { try $0.string() }
        let menu = try r.optional { try $0.signed() }
        let draft = try r.bool()
        let toc = try r.optional { try $0.bool() }
        let autolink = try r.optional(autolink)
        let redirectFrom = try r.list { try located(&$0) }
        let body = try r.string()
        let offset = try r.signed()
        let links = TextLinks.stored(try r.rawSlice())
        let pageLinks = TextLinks.stored(try r.rawSlice())
        guard r.atEnd else { throw BinaryReader.Damaged() }
        var page = SitePage(
            slug: slug, slugLocation: slugLocation, source: source, title: title, summary: summary, menu: menu,
            draft: draft, toc: toc, autolink: autolink, redirectFrom: redirectFrom, body: body, bodyLineOffset: offset)
        page.links = links
        page.pageLinks = pageLinks
        return page
    }

}

extension DateValue {
    package init(
        year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, hasTime: Bool, utcOffset: Int?,
        written: String?
    ) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.hasTime = hasTime
        self.utcOffset = utcOffset
        self.written = written
    }
}
