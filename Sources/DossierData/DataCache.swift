import DossierCore
import Foundation
import GRDB

/// `.dossier-cache/data.sqlite`, beside the build store: every article's rows of the data's
/// `articles` and `mentions` tables, as the tables hold them, with the key of what each
/// article's rows were made from. A build makes the rows of the articles that changed,
/// removes those of the articles that are gone, and copies both tables whole into the data;
/// one article changed costs its own rows, not every article's.
///
/// It also keeps how many bytes each article's rows take in `mentions.csv`, and which file
/// (`FileIdentity`) is the `mentions.csv` laid out from exactly its rows, if one is: the next
/// build copies the unchanged articles' rows from that file (`MentionsSplice`).
///
/// It is only a cache: made afresh when it is missing, damaged, or was made for other
/// settings or by another version of Dossier, and the data does not depend on its history
/// (`DataDatabase`). It is attached to the data's connection as `cache`.
struct DataCache {
    static let fileName = "data.sqlite"

    let db: Database

    /// Attaches the cache at `path`, made if missing. It is locked from its first transaction
    /// until it is detached, so that two builds of a site take turns: nothing reads it before
    /// that transaction, which waits for the lock holding none (a connection that held a
    /// shared lock while it waited could wait for the other forever, and SQLite says
    /// "locked" at once rather than let it).
    static func attach(_ path: String, to db: Database) throws {
        try db.execute(sql: "ATTACH DATABASE ? AS cache", arguments: [path])
        try db.execute(
            sql:
                "PRAGMA cache.page_size = 65536; PRAGMA cache.locking_mode = EXCLUSIVE; PRAGMA cache.synchronous = NORMAL; PRAGMA cache.mmap_size = 1073741824"
        )
    }

    /// The cache, as it is.
    init(attached db: Database) {
        self.db = db
    }

    /// The cache in a transaction: emptied and made anew unless it was made for `context`.
    init(db: Database, context: String) throws {
        self.db = db
        let tables = try String.fetchAll(
            db, sql: "SELECT name FROM cache.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        if Set(tables) == ["meta", "keys", "articles", "mentions"],
            try String.fetchOne(db, sql: "SELECT value FROM cache.meta WHERE name = 'context'") == context
        {
            return
        }
        for table in tables { try db.execute(sql: "DROP TABLE cache.\(table.quotedDatabaseIdentifier)") }
        try db.execute(
            sql: """
                CREATE TABLE cache.meta (name TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
                CREATE TABLE cache.keys (article TEXT PRIMARY KEY NOT NULL, key TEXT NOT NULL, csv INTEGER NOT NULL);
                \(DataDatabase.articlesTable(in: "cache"))
                \(DataDatabase.mentionsTable(in: "cache"))
                """)
        try db.execute(sql: "INSERT INTO cache.meta VALUES ('context', ?)", arguments: [context])
    }

    /// Each article whose rows are here, with the key they were made from and the bytes its
    /// rows take in `mentions.csv`.
    func keys() throws -> [String: (key: Fingerprint, csv: Int)] {
        var keys: [String: (key: Fingerprint, csv: Int)] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT article, key, csv FROM cache.keys")
        while let row = try rows.next() {
            guard let key = Fingerprint(hex: row[1] as String) else { continue }  // made again
            keys[row[0]] = (key, row[2])
        }
        return keys
    }

    /// The file that is `mentions.csv` laid out from the rows here, taken: the rows are about to change.
    func takeMentionsFile() throws -> String? {
        let identity = try String.fetchOne(db, sql: "SELECT value FROM cache.meta WHERE name = 'csv'")
        try db.execute(sql: "DELETE FROM cache.meta WHERE name = 'csv'")
        return identity
    }

    /// Records the file that is `mentions.csv` laid out from the rows here.
    func setMentionsFile(_ identity: String) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO cache.meta VALUES ('csv', ?)", arguments: [identity])
    }

    /// Many rows are added faster without the indexes, made again after them.
    func withoutIndexes(_ body: () throws -> Void) throws {
        for index in DataDatabase.cacheIndexes { try db.execute(sql: "DROP INDEX cache.\(index.name)") }
        try body()
        for index in DataDatabase.cacheIndexes { try db.execute(sql: index.sql(in: "cache")) }
    }

    /// Removes an article's rows.
    func remove(_ article: String) throws {
        try db.execute(sql: "DELETE FROM cache.articles WHERE slug = ?", arguments: [article])
        try db.execute(sql: "DELETE FROM cache.mentions WHERE article = ?", arguments: [article])
        try db.execute(sql: "DELETE FROM cache.keys WHERE article = ?", arguments: [article])
    }

    /// Adds articles' rows; none of them has rows here.
    func insert(articles: [[DataDatabase.Value]]) throws {
        let rows = try DataDatabase.Inserter(db, table: "cache.articles")
        for article in articles { try rows.insert(article) }
    }

    /// Adds the mention rows of a chunk's articles, and for each the key its rows were made
    /// from (`keys`, by the article's place) and their bytes in `mentions.csv`.
    func insert(_ chunk: MentionChunk, names: [[UInt8]], keys: (Int) -> Fingerprint) throws {
        let rows = try DataDatabase.Inserter(db, table: "cache.mentions")
        try chunk.forEachRow(names: names) { article, day, entity, sentence, position in
            try rows.insert(article, day, entity, sentence, position: position)
        }
        let statement = try db.cachedStatement(sql: "INSERT INTO cache.keys VALUES (?, ?, ?)")
        for article in chunk.articles {
            guard let csv = article.csv else { preconditionFailure("a chunk's rows go in the cache once in CSV") }
            try statement.execute(
                arguments: [String(decoding: article.slug, as: UTF8.self), keys(article.index).description, csv])
        }
    }
}
