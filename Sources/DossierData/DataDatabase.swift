import DossierCore
import Foundation
import GRDB
import GRDBSQLite

/// `data/dossier.sqlite`: the open data's four tables in one SQLite database, for Datasette
/// and SQL. It is made the same way each time, so that the same data gives the same
/// bytes with the same SQLite: a fresh file, a fixed page size, the rollback journal (no
/// WAL files beside it), no migration table, and everything in one transaction in a fixed
/// order, indexes last.
struct DataDatabase {
    enum Value {
        case null
        case int(Int)
        case real(Double)
        case text(String)

        static func optionalText(_ value: String?) -> Value { value.map(Value.text) ?? .null }
        static func optionalReal(_ value: Double?) -> Value { value.map(Value.real) ?? .null }
    }

    static let pageSize = 4096

    static let tables = """
        CREATE TABLE entities (
            entity TEXT PRIMARY KEY NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL,
            names TEXT NOT NULL, aliases TEXT NOT NULL, relations TEXT NOT NULL,
            start TEXT, "end" TEXT, declared_status TEXT, status TEXT, url TEXT NOT NULL,
            mentions INTEGER NOT NULL, metric TEXT, unit TEXT, target REAL, baseline REAL, baseline_date TEXT,
            deadline TEXT, direction TEXT, stale INTEGER, progress INTEGER, as_of TEXT);
        CREATE TABLE articles (
            slug TEXT PRIMARY KEY NOT NULL, title TEXT NOT NULL, date TEXT NOT NULL, updated TEXT,
            author TEXT, source TEXT, source_url TEXT, summary TEXT NOT NULL, url TEXT NOT NULL,
            entities TEXT NOT NULL);
        CREATE TABLE mentions (
            id INTEGER PRIMARY KEY, article TEXT NOT NULL REFERENCES articles(slug), date TEXT NOT NULL,
            entity TEXT NOT NULL REFERENCES entities(entity), sentence TEXT NOT NULL);
        CREATE TABLE observations (
            id INTEGER PRIMARY KEY, figure TEXT NOT NULL REFERENCES entities(entity), date TEXT NOT NULL,
            value REAL NOT NULL, unit TEXT, article TEXT NOT NULL REFERENCES articles(slug));
        """
    static let indexes = """
        CREATE INDEX mentions_article ON mentions(article);
        CREATE INDEX mentions_entity ON mentions(entity);
        CREATE INDEX observations_figure ON observations(figure);
        CREATE INDEX observations_article ON observations(article);
        CREATE INDEX articles_date ON articles(date);
        CREATE INDEX entities_kind ON entities(kind);
        """
    static let columns = [
        "entities": 23, "articles": 10, "mentions": 5, "observations": 6,
    ]

    let db: Database

    /// Makes the database at `path` (which must not exist) in one transaction: `body` fills it.
    static func write(at path: String, _ body: (DataDatabase) throws -> Void) throws {
        unlink(path)
        unlink(path + "-journal")
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false  // rows are inserted table by table
        configuration.prepareDatabase { db in
            // No sync to the disk: the file is a fresh one under a temporary name, renamed into
            // place once whole, as every file of the output is (a build killed before leaves none).
            try db.execute(
                sql:
                    "PRAGMA page_size = \(pageSize); PRAGMA journal_mode = DELETE; PRAGMA synchronous = OFF")
        }
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.write { db in
                try db.execute(sql: tables)
                try body(DataDatabase(db: db))
                try db.execute(sql: indexes)
            }
            try queue.close()
        } catch let error as DatabaseError {
            throw EnvironmentError("cannot write \(path): \(error.message ?? "\(error)")")
        }
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
        let db: Database

        init(_ db: Database, table: String) throws {
            guard let count = DataDatabase.columns[table] else { preconditionFailure("no table \(table)") }
            self.count = count
            self.db = db
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

        /// A row of `mentions`, bound without an array.
        func insert(_ id: Int, _ article: String, _ date: String, _ entity: String, _ sentence: String) throws {
            let raw = statement.sqliteStatement
            sqlite3_reset(raw)
            var code = sqlite3_bind_int64(raw, 1, Int64(id))
            if code == SQLITE_OK { code = Self.bind(raw, 2, article) }
            if code == SQLITE_OK { code = Self.bind(raw, 3, date) }
            if code == SQLITE_OK { code = Self.bind(raw, 4, entity) }
            if code == SQLITE_OK { code = Self.bind(raw, 5, sentence) }
            guard code == SQLITE_OK else { throw Self.failure(raw, code) }
            code = sqlite3_step(raw)
            guard code == SQLITE_DONE else { throw Self.failure(raw, code) }
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
