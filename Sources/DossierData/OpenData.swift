import DossierCore
import DossierLink
import DossierPlan
import DossierValidate
import Foundation

/// The site's open data (SPEC, "Open data"): the entities, the articles, the mentions and
/// the observations, as JSON, CSV and one SQLite database, with a JSON Schema for each JSON
/// file. Everything is derived from the linked graph and the build's date; an entity is
/// written `<singular>:<id>` and every URL is absolute.
public struct OpenData: Sendable {
    public static let entitiesFile = "data/entities.json"
    public static let articlesFile = "data/articles.json"
    public static let mentionsFile = "data/mentions.csv"
    public static let observationsFile = "data/observations.csv"
    public static let databaseFile = "data/dossier.sqlite"
    /// The files made from the graph, in the order they are written.
    public static let files = [entitiesFile, articlesFile, mentionsFile, observationsFile, databaseFile]
    /// Raised when what the files hold, or how, changes.
    static let format = "dossier-data 2"

    let builder: PageBuilder
    var graph: SiteGraph { builder.graph }
    var baseURL: String { builder.baseURL }

    public init(builder: PageBuilder) {
        self.builder = builder
    }

    /// `institution:jiangsu-ipa`.
    func name(_ ref: EntityRef) -> String {
        (graph.config.kind(folder: ref.kind)?.singular ?? ref.kind) + ":" + ref.id
    }

    func url(_ ref: EntityRef) -> String { baseURL + ref.path }
    func url(article index: Int) -> String { baseURL + "articles/\(graph.articles[index].article.slug)/" }
    func date(_ value: DateValue) -> String { value.datetime(in: graph.config.timeZone) }

    /// Everything the files are made of: the articles and entities with their linking,
    /// their order, the base URL and the build's date (figures' statuses depend on it).
    package var fingerprint: Fingerprint {
        var hasher = FingerprintHasher()
        hasher.combine(Self.format)
        hasher.combine(baseURL)
        hasher.combine(builder.asOf?.isoDay ?? "")
        hasher.combine(graph.config.staleAfter)
        for kind in graph.config.kinds {
            hasher.combine(kind.folder)
            hasher.combine(kind.singular)
        }
        for linked in graph.articles { hasher.combine(linked.key) }
        for ref in graph.entityOrder {
            hasher.combine(graph.entities[ref]!.key)
            hasher.combine(graph.mentionCount(ref))
        }
        return hasher.finalize()
    }

    // MARK: - Rows

    /// The mentions in an article's text, one per entity and sentence, in the order the
    /// article names the entities (a figure it only reports adds none): each entity, and
    /// the position of each sentence it is named in.
    func forEachMention(in linked: LinkedArticle, _ body: (EntityRef, [Citation.Quote]) throws -> Void) rethrows {
        for (slot, ref) in linked.entities.enumerated() {
            let quotes = linked.quotes.quotes(at: slot)
            if !quotes.isEmpty { try body(ref, quotes) }
        }
    }

    /// How many rows each table holds, without reading a sentence.
    public func rowCounts() -> [String: Int] {
        let mentions = graph.articles.parallelMap { linked in
            var count = 0
            forEachMention(in: linked) { count += $1.count }
            return count
        }.reduce(0, +)
        let observations = graph.observations.values.reduce(0) { $0 + $1.count }
        return [
            Self.entitiesFile: graph.entityOrder.count, Self.articlesFile: graph.articles.count,
            Self.mentionsFile: mentions, Self.observationsFile: observations,
            Self.databaseFile: graph.entityOrder.count + graph.articles.count + mentions + observations,
        ]
    }

    /// The figure's observations, oldest first, as `observations.csv` lists them.
    func observations(_ ref: EntityRef) -> [(observation: Observation, article: Int)] {
        graph.observations[ref] ?? []
    }

    /// Every observation, figure by figure in the entities' order.
    func allObservations() -> [(figure: EntityRef, observation: Observation, article: Int)] {
        graph.entityOrder.flatMap { ref in observations(ref).map { (ref, $0.observation, $0.article) } }
    }

    // MARK: - JSON

    public func entity(_ ref: EntityRef) -> JSON {
        let linked = graph.entities[ref]!
        let entity = linked.entity
        var members: [(String, JSON)] = [
            ("entity", .string(name(ref))), ("kind", .string(ref.kind)), ("id", .string(ref.id)),
            ("name", .string(entity.name)),
            ("names", names(entity)), ("aliases", .strings(entity.aliases.map(\.value))),
            ("relations", relations(ref)),
            ("start", .string(entity.start.map(date))), ("end", .string(entity.end.map(date))),
            ("declared_status", .string(entity.status?.rawValue)),
        ]
        let standing = builder.standings[ref]
        if let figure = entity.figure {
            members += [
                ("status", .string(status(ref))),
                ("url", .string(url(ref))), ("mentions", .int(graph.mentionCount(ref))),
                ("metric", .string(figure.metric)), ("unit", .string(figure.unit)), ("target", .number(figure.target)),
                (
                    "baseline",
                    figure.baseline.map {
                        .object([("value", .number($0.value)), ("date", .string(date($0.date)))])
                    } ?? .null
                ),
                ("deadline", .string(figure.deadline.map(date))),
                ("direction", .string(figure.direction?.rawValue ?? inferredDirection(figure))),
                ("stale", standing.map { .bool($0.stale) } ?? .null),
                ("progress", .number(standing?.progress.map(Double.init))),
                ("as_of", .string(standing == nil ? nil : builder.asOf?.isoDay)),
                (
                    "observations",
                    .array(
                        observations(ref).map { item in
                            .object([
                                ("date", .string(date(item.observation.date))),
                                ("value", .number(item.observation.value)),
                                ("article", .string(graph.articles[item.article].article.slug)),
                            ])
                        })
                ),
            ]
        } else {
            members += [
                ("status", .string(entity.status?.rawValue)), ("url", .string(url(ref))),
                ("mentions", .int(graph.mentionCount(ref))),
            ]
        }
        return .object(members)
    }

    /// Its names in other languages, by tag.
    func names(_ entity: Entity) -> JSON { .object(entity.names.map { ($0.language, .string($0.value)) }) }

    /// Its typed relations, both ways, as its page lists them.
    func relations(_ ref: EntityRef) -> JSON {
        .array(
            builder.relationGroups(ref).flatMap { group in
                group.entities.map { .object([("relation", .string(group.key)), ("entity", .string(name($0)))]) }
            })
    }

    /// A figure's standing on the build's date; any other entity's status as its file gives it.
    func status(_ ref: EntityRef) -> String? {
        let entity = graph.entities[ref]!.entity
        guard entity.figure != nil, let standing = builder.standings[ref] else { return entity.status?.rawValue }
        return standing.status.rawValue
    }

    /// From baseline to target, else increase (SPEC, "Target ledger").
    func inferredDirection(_ figure: Entity.Figure) -> String {
        if let baseline = figure.baseline, let target = figure.target, target < baseline.value { return "decrease" }
        return "increase"
    }

    public func article(_ index: Int) -> JSON {
        let linked = graph.articles[index]
        let article = linked.article
        return .object([
            ("slug", .string(article.slug)), ("title", .string(article.title)), ("date", .string(date(article.date))),
            ("updated", .string(article.updated.map(date))), ("author", .string(article.author)),
            ("source", .string(article.sourceName)), ("source_url", .string(article.sourceURL)),
            ("summary", .string(linked.summary)), ("url", .string(url(article: index))),
            ("entities", .strings(linked.entities.map(name))),
        ])
    }

    // MARK: - Writing

    /// Writes every file: `place` gives each file's scratch path to write it at (a fresh,
    /// hidden file that is then renamed into place); `sentences` gives, for articles whose
    /// sentences are not in the graph, every sentence a mention is in. Articles are read
    /// a chunk at a time, so no more than a chunk's sentences are held at once.
    public func write(
        place: @escaping (_ file: String, _ write: (_ path: String) throws -> Void) throws -> Void,
        sentences: @escaping ([Int]) throws -> [Int: [String]]
    ) throws -> [String: Int] {
        var rows: [String: Int] = [:]
        let observations = allObservations()
        // The JSON files and the observations on a second core, while this one makes the
        // mentions and the database: `place` (the output folder's) may be called from both.
        let side = Unchecked(place)
        let sideFailure = Unchecked(Failure())
        let group = DispatchGroup()
        DispatchQueue.global(qos: .userInitiated).async(group: group) {
            do {
                try writeJSONAndObservations(observations, place: side.value)
            } catch {
                sideFailure.value.error = error
            }
        }
        defer { group.wait() }
        rows[Self.entitiesFile] = graph.entityOrder.count
        rows[Self.articlesFile] = graph.articles.count
        rows[Self.observationsFile] = observations.count
        // The mentions go to the CSV file and to the database in the same pass over the
        // articles; the database is finished, and both are put in place, after it.
        var mentionCount = 0
        try place(Self.databaseFile) { databasePath in
            try DataDatabase.write(at: databasePath) { database in
                try database.insert("entities", graph.entityOrder.map { entityRow($0) })
                try database.insert("articles", graph.articles.indices.map { articleRow($0) })
                let mentionRows = try DataDatabase.Inserter(database.db, table: "mentions")
                let names = Dictionary(uniqueKeysWithValues: graph.entityOrder.map { ($0, name($0)) })
                try place(Self.mentionsFile) { path in
                    try TextSink.write(to: path) { sink in
                        sink.record(["article", "date", "entity", "sentence"])
                        // Each chunk's rows go to the CSV file on the other core while this one
                        // puts them in the database; the sink is that queue's alone.
                        let csv = DispatchQueue(label: "dossier.mentions.csv")
                        let shared = Unchecked(sink)
                        defer { csv.sync {} }
                        for chunk in stride(from: 0, to: graph.articles.count, by: Self.chunkSize) {
                            let indices = Array(chunk..<min(chunk + Self.chunkSize, graph.articles.count))
                            let stored = try sentences(indices.filter { graph.articles[$0].sentences == nil })
                            var rows: [(slug: String, day: String, entity: String, text: String)] = []
                            for index in indices {
                                let linked = graph.articles[index]
                                let texts = linked.sentences ?? stored[index] ?? []
                                let slug = linked.article.slug
                                let day = date(linked.article.date)
                                // An entity's name is made once, not for each of its rows.
                                forEachMention(in: linked) { ref, quotes in
                                    let entity = names[ref] ?? name(ref)
                                    for quote in quotes {
                                        let n = Int(quote.sentence)
                                        let text = n < texts.count ? texts[n] : ""
                                        rows.append((slug, day, entity, text))
                                    }
                                }
                            }
                            let batch = Unchecked(rows)
                            csv.async {
                                for row in batch.value { shared.value.record(row.slug, row.day, row.entity, row.text) }
                            }
                            for row in rows {
                                mentionCount += 1
                                try mentionRows.insert(mentionCount, row.slug, row.day, row.entity, row.text)
                            }
                        }
                    }
                }
                try database.insert(
                    "observations",
                    observations.enumerated().map { n, item in
                        [
                            .int(n + 1), .text(name(item.figure)), .text(date(item.observation.date)),
                            .real(item.observation.value),
                            .optionalText(graph.entities[item.figure]?.entity.figure?.unit),
                            .text(graph.articles[item.article].article.slug),
                        ]
                    })
            }
        }
        group.wait()
        if let error = sideFailure.value.error { throw error }
        rows[Self.mentionsFile] = mentionCount
        rows[Self.databaseFile] = graph.entityOrder.count + graph.articles.count + mentionCount + observations.count
        return rows
    }

    static let chunkSize = 1_000

    /// `entities.json`, `articles.json` and `observations.csv`.
    func writeJSONAndObservations(
        _ observations: [(figure: EntityRef, observation: Observation, article: Int)],
        place: (_ file: String, _ write: (_ path: String) throws -> Void) throws -> Void
    ) throws {
        try place(Self.entitiesFile) { path in
            try TextSink.write(to: path) { sink in sink.jsonArray(graph.entityOrder.lazy.map(entity)) }
        }
        try place(Self.articlesFile) { path in
            try TextSink.write(to: path) { sink in sink.jsonArray(graph.articles.indices.lazy.map(article)) }
        }
        try place(Self.observationsFile) { path in
            try TextSink.write(to: path) { sink in
                sink.record(["figure", "date", "value", "unit", "article"])
                for item in observations {
                    sink.record([
                        name(item.figure), date(item.observation.date), JSON.format(item.observation.value),
                        graph.entities[item.figure]?.entity.figure?.unit ?? "",
                        graph.articles[item.article].article.slug,
                    ])
                }
            }
        }
    }

    func entityRow(_ ref: EntityRef) -> [DataDatabase.Value] {
        let entity = graph.entities[ref]!.entity
        let figure = entity.figure
        let standing = builder.standings[ref]
        return [
            .text(name(ref)), .text(ref.kind), .text(ref.id), .text(entity.name), .text(names(entity).text()),
            .text(JSON.strings(entity.aliases.map(\.value)).text()), .text(relations(ref).text()),
            .optionalText(entity.start.map(date)), .optionalText(entity.end.map(date)),
            .optionalText(entity.status?.rawValue), .optionalText(status(ref)),
            .text(url(ref)), .int(graph.mentionCount(ref)),
            .optionalText(figure?.metric), .optionalText(figure?.unit), .optionalReal(figure?.target),
            .optionalReal(figure?.baseline?.value), .optionalText(figure?.baseline.map { date($0.date) }),
            .optionalText(figure?.deadline.map(date)),
            .optionalText(figure.map { $0.direction?.rawValue ?? inferredDirection($0) }),
            standing.map { .int($0.stale ? 1 : 0) } ?? .null,
            standing?.progress.map { .int($0) } ?? .null,
            .optionalText(standing == nil ? nil : builder.asOf?.isoDay),
        ]
    }

    func articleRow(_ index: Int) -> [DataDatabase.Value] {
        let linked = graph.articles[index]
        let article = linked.article
        return [
            .text(article.slug), .text(article.title), .text(date(article.date)),
            .optionalText(article.updated.map(date)), .optionalText(article.author), .optionalText(article.sourceName),
            .optionalText(article.sourceURL), .text(linked.summary), .text(url(article: index)),
            .text(JSON.strings(linked.entities.map(name)).text()),
        ]
    }
}
