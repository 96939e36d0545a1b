import DossierCore
import DossierLink
import DossierValidate
import Foundation

/// The mention rows, `mentions.csv` and the data cache (`DataCache`): what the cache holds
/// is kept up to date article by article, and the rows are made as bytes, a chunk of
/// articles at a time, in the order of the database's key.
extension OpenData {
    /// What every row in the cache depends on besides its article (`LinkedArticle.key`): how
    /// the rows are made and the tables' shape, the base URL, how an entity is written, and
    /// the time zone dates are written in.
    var cacheContext: String {
        var hasher = FingerprintHasher()
        hasher.combine(Self.format)
        hasher.combine(DossierVersion.string)
        hasher.combine(DataDatabase.articlesTable(in: "cache") + DataDatabase.mentionsTable(in: "cache"))
        hasher.combine(baseURL)
        hasher.combine(graph.config.timeZone.identifier)
        for kind in graph.config.kinds {
            hasher.combine(kind.folder)
            hasher.combine(kind.singular)
        }
        return hasher.finalize().description
    }

    /// How `mentions.csv` is made, as the core making the database tells the other.
    enum MentionsPlan: Sendable {
        /// From the rows, the sentences read from the store; the rows of the articles in
        /// `handingOver` are handed over for the cache as they are made.
        case make(handingOver: Set<Int>)
        /// From the last build's file (`MentionsSplice`), laid out from the `known` articles'
        /// rows, with the rows of the `missing` ones made anew; else from the rows.
        case splice(file: FileIdentity, known: [String: (key: Fingerprint, csv: Int)], missing: [Int])
    }

    /// Brings the cache to the graph's articles: the rows of those gone or changed are
    /// removed, and those of the new and changed articles added, in the order of the table's
    /// key (each then goes at its end). A few are made here; many are handed over by the
    /// other core. The other core is `told` how to make `mentions.csv` (once: a cache found
    /// damaged or unusable midway is made again from rows made here).
    func update(
        _ cache: DataCache, _ rows: MentionRows, plan: Handover<MentionsPlan>, chunks: Handover<MentionChunk>,
        told: inout Bool, sentences: ([Int]) throws -> [Int: SentenceBytes]
    ) throws {
        let known = try cache.keys()
        let previous = try cache.takeMentionsFile().flatMap(FileIdentity.init(recorded:))
        let missing = rows.order.filter { known[graph.articles[$0].article.slug]?.key != graph.articles[$0].key }
        let handOver = !told && missing.count > Self.chunkSize
        if !told {
            told = true
            if handOver {
                _ = plan.put(.make(handingOver: Set(missing)))
            } else {
                _ = plan.put(
                    previous.map { .splice(file: $0, known: known, missing: missing) } ?? .make(handingOver: []))
            }
            plan.finish()
        } else {
            while (try? chunks.take()) != nil {}  // what an earlier attempt was handed, let go
        }
        var current: [String: Fingerprint] = [:]
        for linked in graph.articles { current[linked.article.slug] = linked.key }
        for (article, entry) in known where current[article] != entry.key { try cache.remove(article) }
        let keys = { (index: Int) in graph.articles[index].key }
        func insert() throws {
            try cache.insert(articles: missing.map(articleRow))
            if handOver {
                while let chunk = try chunks.take() { try cache.insert(chunk, names: rows.names, keys: keys) }
                return
            }
            try forEachChunk(of: missing, rows, sentences: sentences) { chunk in
                var unused: [UInt8] = []
                for n in chunk.articles.indices { chunk.articles[n].csv(names: rows.names, into: &unused) }
                try cache.insert(chunk, names: rows.names, keys: keys)
            }
        }
        if missing.count > Self.chunkSize { try cache.withoutIndexes(insert) } else { try insert() }
    }

    /// `mentions.csv`, as `plan` says: made a chunk of articles at a time, in the order of the
    /// database's key, handing over rows for the cache as they are made; or from the last
    /// build's file, at `current`, when it is still the one the cache was laid out in. Gives
    /// how many rows the file has, and which file it is once in place.
    func writeMentions(
        _ rows: MentionRows, plan: MentionsPlan, to chunks: Handover<MentionChunk>,
        place: (_ file: String, _ write: (_ path: String) throws -> Void) throws -> Void, current: String,
        sentences: @escaping ([Int]) throws -> [Int: SentenceBytes]
    ) throws -> (rows: Int, file: FileIdentity?) {
        var count = 0
        try place(Self.mentionsFile) { path in
            if case .splice(let file, let known, let missing) = plan, let old = MappedFile(current) {
                var made: [Int: [UInt8]] = [:]
                try forEachChunk(of: missing, rows, sentences: sentences) { chunk in
                    for n in chunk.articles.indices {
                        var bytes: [UInt8] = []
                        chunk.articles[n].csv(names: rows.names, into: &bytes)
                        made[chunk.articles[n].index] = bytes
                    }
                }
                if let splice = MentionsSplice(
                    file: file, known: known, order: rows.order, articles: graph.articles, made: made),
                    splice.matches(old)
                {
                    try TextSink.write(to: path) { sink in splice.write(from: old, to: sink) }
                    count = mentionRowCount()
                    return
                }
            }
            var handingOver: Set<Int> = []
            if case .make(let set) = plan { handingOver = set }
            try TextSink.write(to: path) { sink in
                MentionsSplice.header.withUnsafeBytes { sink.append(raw: $0) }
                try forEachChunk(of: rows.order, rows, sentences: sentences) { chunk in
                    for n in chunk.articles.indices { sink.records(of: &chunk.articles[n], names: rows.names) }
                    if !handingOver.isEmpty {
                        let part = chunk.filter { handingOver.contains($0.index) }
                        // The database failed: its error is thrown, and no file is put in place.
                        if !part.articles.isEmpty, !chunks.put(part) { throw CancellationError() }
                    }
                    count += chunk.rowCount
                }
            }
        }
        return (count, FileIdentity(path: current))
    }

    /// The mention rows of these articles, a chunk at a time, in their order.
    func forEachChunk(
        of indices: [Int], _ rows: MentionRows, sentences: ([Int]) throws -> [Int: SentenceBytes],
        _ body: (inout MentionChunk) throws -> Void
    ) throws {
        for start in stride(from: 0, to: indices.count, by: Self.chunkSize) {
            var chunk = try mentionChunk(
                Array(indices[start..<min(start + Self.chunkSize, indices.count)]), rows, sentences: sentences)
            try body(&chunk)
        }
    }

    static let chunkSize = 1_000

    /// How the mention rows are made: the articles in the order of the database's key (their
    /// slugs' bytes, as SQLite compares them), and each entity's name by its number.
    struct MentionRows: Sendable {
        let order: [Int]
        let names: [[UInt8]]
        let numbers: [EntityRef: Int32]

        init(data: OpenData) {
            let articles = data.graph.articles
            order = articles.indices.sorted {
                articles[$0].article.slug.utf8.lexicographicallyPrecedes(articles[$1].article.slug.utf8)
            }
            names = data.graph.entityOrder.map { Array(data.name($0).utf8) }
            numbers = Dictionary(uniqueKeysWithValues: data.graph.entityOrder.enumerated().map { ($1, Int32($0)) })
        }
    }

    /// The mention rows of these articles, their sentences read from the store (or the graph).
    func mentionChunk(
        _ indices: [Int], _ rows: MentionRows, sentences: ([Int]) throws -> [Int: SentenceBytes]
    ) throws -> MentionChunk {
        let stored = try sentences(indices.filter { graph.articles[$0].sentences == nil })
        var chunk = MentionChunk()
        chunk.articles.reserveCapacity(indices.count)
        for index in indices {
            let linked = graph.articles[index]
            var article = MentionChunk.Article(
                index: index, slug: Array(linked.article.slug.utf8), day: Array(date(linked.article.date).utf8),
                sentences: linked.sentences.map(SentenceBytes.init) ?? stored[index] ?? SentenceBytes([]))
            forEachMention(in: linked) { ref, quotes in
                let entity = rows.numbers[ref]!
                for quote in quotes { article.rows.append((entity, quote.sentence)) }
            }
            chunk.articles.append(article)
        }
        return chunk
    }
}
