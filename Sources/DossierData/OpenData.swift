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
    /// The mention cache's file, in the build store's folder (`DataCache`).
    public static let cacheFile = DataCache.fileName
    /// The files made from the graph, in the order they are written.
    public static let files = [entitiesFile, articlesFile, mentionsFile, observationsFile, databaseFile]
    /// Raised when what the files hold, or how, changes.
    static let format = "dossier-data 7"

    let builder: PageBuilder
    let graph: SiteGraph
    let baseURL: String
    /// Each entity's name in the data, made once.
    let names: [EntityRef: String]

    public init(builder: PageBuilder) {
        self.builder = builder
        graph = builder.graph
        baseURL = builder.baseURL
        let graph = graph
        names = Dictionary(uniqueKeysWithValues: graph.entityOrder.map { ($0, Self.name($0, in: graph.config)) })
    }

    /// `institution:jiangsu-ipa`.
    func name(_ ref: EntityRef) -> String { names[ref] ?? Self.name(ref, in: graph.config) }

    static func name(_ ref: EntityRef, in config: SiteConfig) -> String {
        (config.kind(folder: ref.kind)?.singular ?? ref.kind) + ":" + ref.id
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
        let entities = linked.entities
        try linked.quotes.forEachList { slot, quotes in
            if slot < entities.count, !quotes.isEmpty { try body(entities[slot], quotes) }
        }
    }

    /// How many mention rows there are, without reading a sentence.
    func mentionRowCount() -> Int {
        graph.articles.parallelMap { linked in
            var count = 0
            forEachMention(in: linked) { count += $1.count }
            return count
        }.reduce(0, +)
    }

    /// How many rows each table holds, without reading a sentence.
    public func rowCounts() -> [String: Int] {
        let mentions = mentionRowCount()
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
            ("names", otherNames(entity)), ("aliases", .strings(entity.aliases.map(\.value))),
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
    func otherNames(_ entity: Entity) -> JSON { .object(entity.names.map { ($0.language, .string($0.value)) }) }

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
    /// hidden file that is then renamed into place), and `current` where a file is now;
    /// `sentences` gives, for articles whose sentences are not in the graph, every sentence a
    /// mention is in, as the store keeps them; `cache` is where the cache is kept between
    /// builds (`DataCache`; nil: beside the database, for this build alone). Articles are read
    /// a chunk at a time, so no more than a chunk's sentences are held at once.
    ///
    /// The work is split between two cores. This one makes the database, which SQLite
    /// does on one thread: the rows of the articles the cache lacks, then the tables,
    /// the articles and mentions copied from the cache. The other writes `mentions.csv`, the JSON files
    /// and the observations. `place` (the output folder's) may be called from both.
    package func write(
        place: @escaping (_ file: String, _ write: (_ path: String) throws -> Void) throws -> Void,
        current: (String) -> String,
        sentences: @escaping ([Int]) throws -> [Int: SentenceBytes],
        cache: String?
    ) throws -> [String: Int] {
        let observations = allObservations()
        let rows = MentionRows(data: self)
        // How the other core makes `mentions.csv` (`MentionsPlan`), told once this one knows
        // what the cache lacks; the rows it hands over; the file it made, recorded in the cache.
        let plan = Handover<MentionsPlan>(capacity: 1)
        let chunks = Handover<MentionChunk>(capacity: 2)
        let made = Handover<FileIdentity>(capacity: 1)
        let side = Unchecked((place: place, sentences: sentences, mentions: 0))
        let sideFailure = Unchecked(Failure())
        let mentionsPath = current(Self.mentionsFile)
        let group = DispatchGroup()
        DispatchQueue.global(qos: .userInitiated).async(group: group) {
            do {
                defer { made.finish() }
                let plan = try plan.take() ?? .make(handingOver: [])
                func mentions() throws {
                    let mentions = try writeMentions(
                        rows, plan: plan, to: chunks, place: side.value.place, current: mentionsPath,
                        sentences: side.value.sentences)
                    chunks.finish()
                    side.value.mentions = mentions.rows
                    if let file = mentions.file { _ = made.put(file) }
                    made.finish()
                }
                // Rows to hand over come first: the database waits for them.
                if case .make(let handingOver) = plan, !handingOver.isEmpty {
                    try mentions()
                    try writeJSONAndObservations(observations, place: side.value.place)
                } else {
                    try writeJSONAndObservations(observations, place: side.value.place)
                    try mentions()
                }
            } catch {
                chunks.finish(throwing: error)
                sideFailure.value.error = error
            }
        }
        defer {
            plan.cancel()
            chunks.cancel()
            made.cancel()
            group.wait()
        }
        var told = false
        try place(Self.databaseFile) { databasePath in
            func write(cache cachePath: String) throws {
                try DataDatabase.write(
                    at: databasePath, cache: cachePath, context: cacheContext,
                    update: { cache in
                        try update(cache, rows, plan: plan, chunks: chunks, told: &told, sentences: sentences)
                    },
                    { try fill($0, observations: observations) },
                    recorded: { cache in
                        // Waits for the other core's `mentions.csv`, laid out from the rows now in the cache.
                        if let file = try made.take() { try cache.setMentionsFile(file.text) }
                    })
            }
            // A cache this build cannot use (none, not writable, not a file, held by another
            // build past the busy timeout): it makes one of its own beside the database.
            let own = databasePath + "-cache"
            defer { for suffix in ["", "-journal"] { unlink(own + suffix) } }
            if let cache {
                do { try write(cache: cache) } catch { try write(cache: own) }
            } else {
                try write(cache: own)
            }
        }
        group.wait()
        if let error = sideFailure.value.error { throw error }
        let mentionCount = side.value.mentions
        return [
            Self.entitiesFile: graph.entityOrder.count, Self.articlesFile: graph.articles.count,
            Self.mentionsFile: mentionCount, Self.observationsFile: observations.count,
            Self.databaseFile: graph.entityOrder.count + graph.articles.count + mentionCount + observations.count,
        ]
    }

    /// The tables, the articles and mentions copied from the cache.
    func fill(_ database: DataDatabase, observations: [(figure: EntityRef, observation: Observation, article: Int)])
        throws
    {
        try database.insert("entities", graph.entityOrder.map { entityRow($0) })
        try database.copyFromCache()
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
            .text(name(ref)), .text(ref.kind), .text(ref.id), .text(entity.name), .text(otherNames(entity).text()),
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
