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

    /// Brings the cache to the graph's articles: the rows of those gone or changed are
    /// removed, and those of the new and changed articles added, in the order of the table's
    /// key (each then goes at its end). A few are made here; many are handed over by the
    /// other core, which is `told` which in `wanted` (once: a cache found damaged or unusable
    /// midway is made again from rows made here) and hands them over in `chunks`.
    func update(
        _ cache: DataCache, _ rows: MentionRows, wanted: Handover<Set<Int>>, chunks: Handover<MentionChunk>,
        told: inout Bool, sentences: ([Int]) throws -> [Int: SentenceBytes]
    ) throws {
        let known = try cache.keys()
        var current: [String: Fingerprint] = [:]
        for linked in graph.articles { current[linked.article.slug] = linked.key }
        for (article, key) in known where current[article] != key { try cache.remove(article) }
        let missing = rows.order.filter { known[graph.articles[$0].article.slug] != graph.articles[$0].key }
        let articles = { missing.map { (articleRow($0), graph.articles[$0].key) } }
        if told {
            while (try? chunks.take()) != nil {}  // what an earlier attempt was handed, let go
        } else {
            told = true
            let handOver = missing.count > Self.chunkSize
            _ = wanted.put(handOver ? Set(missing) : [])
            wanted.finish()
            if handOver {
                try cache.withoutIndexes {
                    try cache.insert(articles: articles())
                    while let chunk = try chunks.take() { try cache.insert(chunk, names: rows.names) }
                }
                return
            }
        }
        func insert() throws {
            try cache.insert(articles: articles())
            for start in stride(from: 0, to: missing.count, by: Self.chunkSize) {
                let indices = Array(missing[start..<min(start + Self.chunkSize, missing.count)])
                try cache.insert(try mentionChunk(indices, rows, sentences: sentences), names: rows.names)
            }
        }
        if missing.count > Self.chunkSize { try cache.withoutIndexes(insert) } else { try insert() }
    }

    /// `mentions.csv`, a chunk of articles at a time, in the order of the database's key;
    /// the rows of the articles in `handingOver` are handed over for the cache as they are
    /// made. Gives how many rows the file has.
    func writeMentions(
        _ rows: MentionRows, handingOver: Set<Int>, to chunks: Handover<MentionChunk>,
        place: (_ file: String, _ write: (_ path: String) throws -> Void) throws -> Void,
        sentences: @escaping ([Int]) throws -> [Int: SentenceBytes]
    ) throws -> Int {
        var count = 0
        try place(Self.mentionsFile) { path in
            try TextSink.write(to: path) { sink in
                sink.record(["article", "date", "entity", "sentence"])
                for start in stride(from: 0, to: rows.order.count, by: Self.chunkSize) {
                    let indices = Array(rows.order[start..<min(start + Self.chunkSize, rows.order.count)])
                    let chunk = try mentionChunk(indices, rows, sentences: sentences)
                    if !handingOver.isEmpty {
                        let part = chunk.filter { handingOver.contains($0.index) }
                        // The database failed: its error is thrown, and no file is put in place.
                        if !part.articles.isEmpty, !chunks.put(part) { throw CancellationError() }
                    }
                    chunk.forEachRow(names: rows.names) { article, day, entity, sentence, _ in
                        sink.record(article, day, entity, sentence)
                    }
                    count += chunk.rowCount
                }
            }
        }
        return count
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
