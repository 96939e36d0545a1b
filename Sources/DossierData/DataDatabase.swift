import DossierCore
import Foundation
import GRDB
import GRDBSQLite

/// `data/dossier.sqlite`: the open data's four tables in one SQLite database, for Datasette
/// and SQL. It is made the same way each time, so that the same data gives the same
/// bytes with the same SQLite: a fresh file, a fixed page size, the rollback journal (no
/// WAL files beside it), no migration table, and everything in one transaction in a fixed
/// order. The articles and the mentions are copied whole from the cache (`DataCache`),
/// which SQLite does cell by cell in each table's order; that order is the table's key, so
/// the copy's bytes depend on the rows alone, not on when each came into the cache.
struct DataDatabase {
    enum Value {
        case null
        case int(Int)
        case real(Double)
        case text(String)

        static func optionalText(_ value: String?) -> Value { value.map(Value.text) ?? .null }
        static func optionalReal(_ value: Double?) -> Value { value.map(Value.real) ?? .null }
    }

    static let pageSize = 16384

    static let tables = """
        CREATE TABLE entities (
            entity TEXT PRIMARY KEY NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL,
            names TEXT NOT NULL, aliases TEXT NOT NULL, relations TEXT NOT NULL,
            start TEXT, "end" TEXT, declared_status TEXT, status TEXT, url TEXT NOT NULL,
            mentions INTEGER NOT NULL, metric TEXT, unit TEXT, target REAL, baseline REAL, baseline_date TEXT,
            deadline TEXT, direction TEXT, stale INTEGER, progress INTEGER, as_of TEXT);
        \(articlesTable(in: "main"))
        \(mentionsTable(in: "main"))
        CREATE TABLE observations (
            id INTEGER PRIMARY KEY, figure TEXT NOT NULL REFERENCES entities(entity), date TEXT NOT NULL,
            value REAL NOT NULL, unit TEXT, article TEXT NOT NULL REFERENCES articles(slug));
        """

    /// The articles, in the data and in the cache alike (see `mentionsTable`), keyed by slug.
    static func articlesTable(in schema: String) -> String {
        """
        CREATE TABLE \(schema).articles (
            slug TEXT PRIMARY KEY NOT NULL, title TEXT NOT NULL, date TEXT NOT NULL, updated TEXT,
            author TEXT, source TEXT, source_url TEXT, summary TEXT NOT NULL, url TEXT NOT NULL,
            entities TEXT NOT NULL) WITHOUT ROWID;
        \(cacheIndexes[0].sql(in: schema));
        """
    }

    /// The mentions, in the data and in the cache alike (SQLite copies rows as they are stored
    /// only between tables of the same shape): one row per entity and sentence, keyed by the
    /// article and the row's place among its rows (1, 2, …, in the order of `mentions.csv`).
    /// The key leads with the article, so it indexes that join column; the entity has its index.
    /// The key's columns come first: SQLite 3.40's `integrity_check` reports the columns of a
    /// `WITHOUT ROWID` table declared before its key's last column as NULL when they are not.
    static func mentionsTable(in schema: String) -> String {
        """
        CREATE TABLE \(schema).mentions (
            article TEXT NOT NULL REFERENCES articles(slug), position INTEGER NOT NULL, date TEXT NOT NULL,
            entity TEXT NOT NULL REFERENCES entities(entity), sentence TEXT NOT NULL,
            PRIMARY KEY (article, position)) WITHOUT ROWID;
        \(cacheIndexes[1].sql(in: schema));
        """
    }

    /// An index of a table copied from the cache, which must have it too.
    struct Index: Sendable {
        let name: String
        let table: String
        let column: String

        func sql(in schema: String) -> String { "CREATE INDEX \(schema).\(name) ON \(table)(\(column))" }
    }

    static let cacheIndexes = [
        Index(name: "articles_date", table: "articles", column: "date"),
        Index(name: "mentions_entity", table: "mentions", column: "entity"),
    ]

    static let indexes = """
        CREATE INDEX observations_figure ON observations(figure);
        CREATE INDEX observations_article ON observations(article);
        CREATE INDEX entities_kind ON entities(kind);
        """
    static let columns = [
        "entities": 23, "articles": 10, "mentions": 5, "observations": 6,
    ]

    let db: Database

    /// Makes the database at `path` (which must not exist). The cache at `cachePath`
    /// (made when there is none, made anew when it was made for another `context`) is brought
    /// up to date by `update` in a transaction of its own, and stays locked until the database
    /// is whole, so that another build of the site waits rather than changing it meanwhile.
    /// Then `body` fills the database in one transaction (`copyFromCache` for the articles and
    /// mentions), and `recorded` records in the cache what else was made from its rows.
    static func write(
        at path: String, cache cachePath: String, context: String, update: (DataCache) throws -> Void,
        _ body: (DataDatabase) throws -> Void, recorded: (DataCache) throws -> Void
    ) throws {
        do {
            try writeOnce(at: path, cache: cachePath, context: context, update: update, body, recorded: recorded)
        } catch let error as DatabaseError where [.SQLITE_CORRUPT, .SQLITE_NOTADB].contains(error.resultCode) {
            // A damaged cache (the data is a fresh file): made anew, from the store.
            for suffix in ["", "-journal"] { unlink(cachePath + suffix) }
            try writeOnce(at: path, cache: cachePath, context: context, update: update, body, recorded: recorded)
        } catch let error as DatabaseError {
            throw EnvironmentError("cannot write \(path): \(error.message ?? "\(error)")")
        }
    }

    private static func writeOnce(
        at path: String, cache cachePath: String, context: String, update: (DataCache) throws -> Void,
        _ body: (DataDatabase) throws -> Void, recorded: (DataCache) throws -> Void
    ) throws {
        // An empty file is the one the output folder made, with disk blocks reserved (`createReserved`);
        // anything else is what an earlier attempt left.
        var found = stat()
        if stat(path, &found) == 0, found.st_size > 0 { unlink(path) }
        unlink(path + "-journal")
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false  // rows are inserted table by table
        configuration.busyMode = .timeout(60)  // another build of the site holds the cache
        configuration.prepareDatabase { db in
            // No sync to the disk: the file is a fresh one under a temporary name, renamed into
            // place once whole, as every file of the output is (a build killed before leaves none).
            try db.execute(
                sql:
                    "PRAGMA page_size = \(pageSize); PRAGMA journal_mode = DELETE; PRAGMA synchronous = OFF")
        }
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        do {
            try queue.writeWithoutTransaction { db in
                try DataCache.attach(cachePath, to: db)
                try db.inTransaction(.immediate) {
                    try update(try DataCache(db: db, context: context))
                    return .commit
                }
                try db.inTransaction(.immediate) {
                    try db.execute(sql: tables)
                    try body(DataDatabase(db: db))
                    try db.execute(sql: indexes)
                    return .commit
                }
                try db.inTransaction(.immediate) {
                    try recorded(DataCache(attached: db))
                    return .commit
                }
                try db.execute(sql: "DETACH DATABASE cache")
            }
        } catch {
            try? queue.close()
            throw error
        }
        try queue.close()
    }

    /// The articles and the mentions, copied from the cache as SQLite stores them (its
    /// transfer of a whole table into an empty one of the same shape, indexes included),
    /// in the order of their key.
    func copyFromCache() throws {
        try db.execute(
            sql:
                "INSERT INTO main.articles SELECT * FROM cache.articles; INSERT INTO main.mentions SELECT * FROM cache.mentions"
        )
    }

    func insert(_ table: String, _ rows: [[Value]]) throws {
        guard !rows.isEmpty else { return }
        let inserter = try Inserter(db, table: table)
        for row in rows { try inserter.insert(row) }
    }

    /// A table's prepared `INSERT`, its values bound with SQLite's own calls: the mentions
    /// are hundreds of thousands of rows, and GRDB's arguments allocate for each.
    struct Inserter {
        let statement: Statement
        let count: Int

        /// `table` may name its database: `cache.mentions`.
        init(_ db: Database, table: String) throws {
            let name = table.split(separator: ".").last.map(String.init) ?? table
            guard let count = DataDatabase.columns[name] else { preconditionFailure("no table \(table)") }
            self.count = count
            statement = try db.cachedStatement(
                sql: "INSERT INTO \(table) VALUES (\(Array(repeating: "?", count: count).joined(separator: ", ")))")
        }

        func insert(_ row: [Value]) throws {
            precondition(row.count == count, "a row of \(count) columns with \(row.count) values")
            let raw = statement.sqliteStatement
            sqlite3_reset(raw)
            for (n, value) in row.enumerated() {
                let column = Int32(n + 1)
                let code: Int32
                switch value {
                case .null: code = sqlite3_bind_null(raw, column)
                case .int(let number): code = sqlite3_bind_int64(raw, column, Int64(number))
                case .real(let number): code = sqlite3_bind_double(raw, column, number)
                case .text(let text): code = Self.bind(raw, column, text)
                }
                guard code == SQLITE_OK else { throw Self.failure(raw, code) }
            }
            let code = sqlite3_step(raw)
            guard code == SQLITE_DONE else { throw Self.failure(raw, code) }
        }

        /// A row of `mentions`, its text bound where it lies, without an array or a copy: the
        /// bindings are cleared once the row is in, before the bytes can go.
        func insert(_ article: Bytes, _ date: Bytes, _ entity: Bytes, _ sentence: Bytes, position: Int) throws {
            let raw = statement.sqliteStatement
            sqlite3_reset(raw)
            defer { sqlite3_clear_bindings(raw) }
            var code = Self.bind(raw, 1, article)
            if code == SQLITE_OK { code = sqlite3_bind_int64(raw, 2, Int64(position)) }
            if code == SQLITE_OK { code = Self.bind(raw, 3, date) }
            if code == SQLITE_OK { code = Self.bind(raw, 4, entity) }
            if code == SQLITE_OK { code = Self.bind(raw, 5, sentence) }
            guard code == SQLITE_OK else { throw Self.failure(raw, code) }
            code = sqlite3_step(raw)
            guard code == SQLITE_DONE else { throw Self.failure(raw, code) }
        }

        /// Text bound without a copy (`SQLITE_STATIC`): it must stay until the row is in.
        static func bind(_ raw: OpaquePointer?, _ column: Int32, _ bytes: Bytes) -> Int32 {
            // An empty string has no address: bound as a static empty text, not as NULL.
            guard let base = bytes.baseAddress, bytes.count > 0 else {
                return sqlite3_bind_text(raw, column, "", 0, nil)
            }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                sqlite3_bind_text(raw, column, $0, Int32(bytes.count), nil)
            }
        }

        static func bind(_ raw: OpaquePointer?, _ column: Int32, _ text: String) -> Int32 {
            var text = text
            return text.withUTF8 { bytes in
                // An empty string has no address: bound as a static empty text, not as NULL.
                guard let base = bytes.baseAddress, bytes.count > 0 else {
                    return sqlite3_bind_text(raw, column, "", 0, nil)
                }
                return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    sqlite3_bind_text(raw, column, $0, Int32(bytes.count), Self.transient)
                }
            }
        }

        /// `SQLITE_TRANSIENT`: SQLite copies the text before the call returns.
        static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

        static func failure(_ raw: OpaquePointer?, _ code: Int32) -> EnvironmentError {
            let message = sqlite3_db_handle(raw).flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? ""
            return EnvironmentError("SQLite could not write a row (\(code)): \(message)")
        }
    }
}
