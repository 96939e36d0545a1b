import DossierCore
import Foundation
import GRDB

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

        var database: (any DatabaseValueConvertible)? {
            switch self {
            case .null: return nil
            case .int(let value): return value
            case .real(let value): return value
            case .text(let value): return value
            }
        }
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
            try db.execute(sql: "PRAGMA page_size = \(pageSize); PRAGMA journal_mode = DELETE")
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
        guard !rows.isEmpty, let count = Self.columns[table] else { return }
        let statement = try db.cachedStatement(
            sql: "INSERT INTO \(table) VALUES (\(Array(repeating: "?", count: count).joined(separator: ", ")))")
        for row in rows {
            precondition(row.count == count, "a row of \(table) with \(row.count) values")
            try statement.execute(arguments: StatementArguments(row.map(\.database)))
        }
    }
}
