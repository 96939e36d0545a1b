import DossierCore

/// UTF-8 text as the mentions are written: a row's fields are pieces of bytes already held
/// (the article's slug and date, the entity's name, the sentence in the article's stored
/// sentences), never a string made for the row.
typealias Bytes = UnsafeBufferPointer<UInt8>

/// The mention rows of a run of articles, in order: for each article its slug, its date and
/// its sentences as the store keeps them; for each row the entity (a number into the names)
/// and the sentence (a position in the article's sentences). `mentions.csv` and the mention
/// cache are written from chunks.
struct MentionChunk: Sendable {
    struct Article: Sendable {
        /// Its place in the graph's articles.
        let index: Int
        let slug: [UInt8]
        let day: [UInt8]
        let sentences: SentenceBytes
        var rows: [(entity: Int32, sentence: Int32)] = []
        /// The bytes its rows take in `mentions.csv`, once they were written there (`csv`).
        var csv: Int?

        /// Each row's article, date, entity and sentence, and its place among the article's
        /// rows (from 1), in order. A sentence the article does not have (none: the linking
        /// and the store agree) is empty.
        func forEachRow(names: [[UInt8]], _ body: (Bytes, Bytes, Bytes, Bytes, Int) throws -> Void) rethrows {
            try slug.withUnsafeBufferPointer { slug in
                try day.withUnsafeBufferPointer { day in
                    try sentences.bytes.withUnsafeBufferPointer { all in
                        let ranges = sentences.ranges
                        for (position, row) in rows.enumerated() {
                            let n = Int(row.sentence)
                            let sentence =
                                n < ranges.count ? Bytes(rebasing: all[ranges[n]]) : Bytes(start: nil, count: 0)
                            try names[Int(row.entity)].withUnsafeBufferPointer { entity in
                                try body(slug, day, entity, sentence, position + 1)
                            }
                        }
                    }
                }
            }
        }

        /// Appends its rows as `mentions.csv` has them (RFC 4180), and records how many bytes they took.
        mutating func csv(names: [[UInt8]], into out: inout [UInt8]) {
            let start = out.count
            forEachRow(names: names) { article, day, entity, sentence, _ in
                CSV.field(utf8: article, into: &out)
                out.append(0x2C)
                CSV.field(utf8: day, into: &out)
                out.append(0x2C)
                CSV.field(utf8: entity, into: &out)
                out.append(0x2C)
                CSV.field(utf8: sentence, into: &out)
                out.append(contentsOf: [0x0D, 0x0A])
            }
            csv = out.count - start
        }
    }

    var articles: [Article] = []
    var rowCount: Int { articles.reduce(0) { $0 + $1.rows.count } }

    /// The chunk's articles that `keep` keeps.
    func filter(_ keep: (Article) -> Bool) -> MentionChunk { MentionChunk(articles: articles.filter(keep)) }

    /// Every row of its articles, in order (`Article.forEachRow`).
    func forEachRow(names: [[UInt8]], _ body: (Bytes, Bytes, Bytes, Bytes, Int) throws -> Void) rethrows {
        for article in articles { try article.forEachRow(names: names, body) }
    }
}
