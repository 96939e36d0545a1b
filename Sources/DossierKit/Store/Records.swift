import Foundation

/// The rows the build store keeps are plain bytes; these are the codings of the
/// values the stages hand it (what a file was read into, and what linking made
/// of an article), kept here so that the store itself knows no stage's types.
enum RecordCoding {
    // MARK: Small values

    static func location(_ w: inout BinaryWriter, _ value: SourceLocation) {
        w.string(value.path)
        w.signed(value.line)
        w.signed(value.column)
    }

    static func location(_ r: inout BinaryReader) throws -> SourceLocation {
        SourceLocation(path: try r.string(), line: try r.signed(), column: try r.signed())
    }

    static func located(_ w: inout BinaryWriter, _ value: Located<String>) {
        w.string(value.value)
        location(&w, value.location)
    }

    static func located(_ r: inout BinaryReader) throws -> Located<String> {
        Located(try r.string(), at: try location(&r))
    }

    static func date(_ w: inout BinaryWriter, _ value: DateValue) {
        for part in [value.year, value.month, value.day, value.hour, value.minute, value.second] { w.signed(part) }
        w.bool(value.hasTime)
        w.optional(value.utcOffset) { $0.signed($1) }
        w.optional(value.written) { $0.string($1) }
    }

    static func date(_ r: inout BinaryReader) throws -> DateValue {
        let parts = try (0..<6).map { _ in try r.signed() }
        return DateValue(
            year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4], second: parts[5],
            hasTime: try r.bool(), utcOffset: try r.optional { try $0.signed() },
            written: try r.optional { try $0.string() })
    }

    static func observation(_ w: inout BinaryWriter, _ value: Observation) {
        w.double(value.value)
        date(&w, value.date)
        w.optional(value.note) { $0.string($1) }
    }

    static func observation(_ r: inout BinaryReader) throws -> Observation {
        Observation(value: try r.double(), date: try date(&r), note: try r.optional { try $0.string() })
    }

    static func diagnostics(_ w: inout BinaryWriter, _ value: Diagnostics) {
        w.list(value.items) { w, item in
            w.bool(item.severity == .error)
            location(&w, item.location)
            w.string(item.message)
        }
    }

    static func diagnostics(_ r: inout BinaryReader) throws -> Diagnostics {
        var result = Diagnostics()
        for _ in 0..<(try r.int()) {
            let isError = try r.bool()
            let at = try location(&r)
            let message = try r.string()
            if isError { result.error(message, at: at) } else { result.warning(message, at: at) }
        }
        return result
    }

    // MARK: What a file was read into

    /// An article's front matter, without its text: a build that finds the file
    /// unchanged does not read it, and reads it only if it must be linked again.
    static func article(_ value: Article) -> [UInt8] {
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
        return w.bytes
    }

    static func article(_ bytes: [UInt8]) throws -> Article {
        var r = BinaryReader(bytes)
        let slug = try r.string()
        let slugLocation = try location(&r)
        let path = try r.string()
        let title = try r.string()
        let articleDate = try date(&r)
        let updated = try r.optional { try date(&$0) }
        let texts = try (0..<4).map { _ in try r.optional { try $0.string() } }
        let draft = try r.bool()
        let autolink = try r.optional { r in
            guard let mode = AutolinkMode(rawValue: try r.string()) else { throw BinaryReader.Damaged() }
            return mode
        }
        let observations = try r.list { r in
            Article.ReportedObservation(figure: try located(&r), observation: try observation(&r))
        }
        let offset = try r.signed()
        guard r.atEnd else { throw BinaryReader.Damaged() }
        return Article(
            slug: slug, slugLocation: slugLocation, source: SourceText(path: path, text: ""), title: title,
            date: articleDate,
            updated: updated, author: texts[0], sourceName: texts[1], sourceURL: texts[2], summary: texts[3],
            draft: draft,
            autolink: autolink, observations: observations, body: "", bodyLineOffset: offset)
    }

    /// An entity, with its text: entities are few, and their descriptions are linked on every build.
    static func entity(_ value: Entity) -> [UInt8] {
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
        }
        w.string(value.body)
        w.signed(value.bodyLineOffset)
        w.optional(value.nameLocation) { location(&$0, $1) }
        return w.bytes
    }

    static func entity(_ bytes: [UInt8]) throws -> Entity {
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
            Entity.Figure(
                metric: try r.optional { try $0.string() }, unit: try r.optional { try $0.string() },
                target: try r.optional { try $0.double() }, baseline: try r.optional { try observation(&$0) },
                deadline: try r.optional { try date(&$0) })
        }
        let body = try r.string()
        let offset = try r.signed()
        let nameLocation = try r.optional { try location(&$0) }
        guard r.atEnd else { throw BinaryReader.Damaged() }
        return Entity(
            ref: ref, source: source, name: name, aliases: aliases, exclude: exclude, parent: parent, related: related,
            responsible: responsible, start: start, end: end, status: status, supersededBy: supersededBy,
            figure: figure,
            body: body, bodyLineOffset: offset, nameLocation: nameLocation)
    }

    // MARK: What linking made of an article

    /// The entities the text names with its quotes about each (`QuoteTable`), the first paragraph and the
    /// names the linking depended on; the body and the sentences are kept apart,
    /// and read back only for the pages that show them.
    static func linking(_ value: StoredLinking) -> [UInt8] {
        var w = BinaryWriter()
        w.fingerprint(value.pageKey)
        w.string(value.firstParagraph)
        w.bool(value.scanned)
        w.list(value.hits) { $0.string($1) }
        w.list(value.named) { w, entity in
            w.string(entity.kind)
            w.string(entity.id)
        }
        w.raw(value.quotes.bytes)
        return w.bytes
    }

    static func linking(_ bytes: [UInt8]) throws -> StoredLinking {
        var r = BinaryReader(bytes)
        let pageKey = try r.fingerprint()
        let firstParagraph = try r.string()
        let scanned = try r.bool()
        let hits = try r.list { try $0.string() }
        let named = try r.list { r in EntityRef(kind: try r.string(), id: try r.string()) }
        guard let quotes = QuoteTable(bytes: try r.raw(), entities: named.count), r.atEnd else {
            throw BinaryReader.Damaged()
        }
        return StoredLinking(
            pageKey: pageKey, firstParagraph: firstParagraph, scanned: scanned, hits: hits, named: named, quotes: quotes
        )
    }

    // MARK: What the graph derived from all the mentions

    static func derived(_ value: DerivedLists) -> [UInt8] {
        var w = BinaryWriter()
        w.fingerprint(value.entities)
        w.list(value.members) { w, list in w.list(list) { $0.int(Int($1)) } }
        w.list(value.related) { w, list in w.list(list) { $0.int($1) } }
        w.list(value.coMentions) { w, list in
            w.list(list) { w, item in
                w.int(item.member)
                w.int(item.count)
            }
        }
        return w.bytes
    }

    static func derived(_ bytes: [UInt8]) throws -> DerivedLists {
        var r = BinaryReader(bytes)
        let entities = try r.fingerprint()
        let members = try r.list { r in try r.list { Int32(try $0.position()) } }
        let related = try r.list { r in try r.list { try $0.position() } }
        let coMentions = try r.list { r in try r.list { r in (member: try r.position(), count: try r.position()) } }
        guard r.atEnd else { throw BinaryReader.Damaged() }
        // Every position must be one of the lists' own.
        guard members.count == related.count, members.allSatisfy({ $0.allSatisfy { Int($0) < coMentions.count } }),
            related.allSatisfy({ $0.allSatisfy { $0 < related.count } }),
            coMentions.allSatisfy({ $0.allSatisfy { $0.member < coMentions.count } })
        else { throw BinaryReader.Damaged() }
        return DerivedLists(entities: entities, members: members, related: related, coMentions: coMentions)
    }

    static func sentences(_ value: [String]) -> [UInt8] {
        var w = BinaryWriter()
        w.list(value) { $0.string($1) }
        return w.bytes
    }

    /// The list at its full length, with only the sentences at `only` decoded (the others empty).
    static func sentences(_ bytes: [UInt8], only wanted: Set<Int32>) throws -> [String] {
        var r = BinaryReader(bytes)
        let count = try r.int()
        var sentences: [String] = []
        sentences.reserveCapacity(count)
        for position in 0..<count {
            if wanted.contains(Int32(truncatingIfNeeded: position)) {
                sentences.append(try r.string())
            } else {
                try r.skipString()
                sentences.append("")
            }
        }
        guard r.atEnd else { throw BinaryReader.Damaged() }
        return sentences
    }
}

extension DateValue {
    init(
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
