import DossierCore
import Foundation
import GRDB

/// Writing: a build's one transaction, what it changes besides the linked rows,
/// and the store refusing a second writer.
extension BuildStore {
    /// What one build changes besides the linked rows, written when it commits.
    package struct Changes: Sendable {
        package var sources: [(path: String, source: Source)] = []
        /// Files whose only change is their modification time.
        package var touched: [(path: String, size: Int64, modified: Int64)] = []
        /// Paths of files gone from the site.
        package var removed: [String] = []
        /// The names linked with, when they changed.
        package var registry: [String: String]?
        /// What the graph derived anew, when it did.
        package var derived: [UInt8]?

        package init(
            sources: [(path: String, source: Source)] = [],
            touched: [(path: String, size: Int64, modified: Int64)] = [], removed: [String] = [],
            registry: [String: String]? = nil, derived: [UInt8]? = nil
        ) {
            self.sources = sources
            self.touched = touched
            self.removed = removed
            self.registry = registry
            self.derived = derived
        }
    }

    /// Runs `body` in the build's one transaction: what the build writes is seen by
    /// others only once it commits, and a build killed before that leaves the store
    /// as it was. `body` gets a writer for linked rows (so that no more than a batch
    /// of bodies is held in memory) and returns the rest to write. Waits while another
    /// build holds the store (the busy timeout); throws `Busy` when it cannot have it,
    /// before `body` runs. `body` may not use the store otherwise.
    package func transaction<T>(_ body: (_ write: ([LinkedRow]) throws -> Void) throws -> (T, Changes)) throws -> T {
        var result: T?
        var started = false
        var written: [(path: String, linked: Linked)] = []
        var committed = Changes()
        do {
            try queue.inTransaction(.immediate) { db in
                started = true
                let (value, changes) = try body { rows in
                    if keepsRemembering { written += rows.map { ($0.path, $0.linked) } }
                    do {
                        let linked = try db.cachedStatement(sql: "INSERT OR REPLACE INTO linked VALUES (?, ?, ?)")
                        let text = try db.cachedStatement(
                            sql: "INSERT OR REPLACE INTO linked_text VALUES (?, ?, ?, ?, ?)")
                        for row in rows {
                            let sentences = RecordCoding.sentences(row.sentences)
                            try linked.execute(arguments: [row.path, row.linked.key.blob, Data(row.linked.linking)])
                            try text.execute(arguments: [
                                row.path, row.body, Self.checksum(Array(row.body.utf8)).blob, Data(sentences),
                                Self.checksum(sentences).blob,
                            ])
                        }
                    } catch {
                        throw Damaged(reason: "it could not be written: \(error)")
                    }
                }
                do {
                    try Self.write(changes, db)
                } catch {
                    throw Damaged(reason: "it could not be written: \(error)")
                }
                result = value
                committed = changes
                return .commit
            }
        } catch  where !started {
            throw Busy(reason: "\(error)")
        }
        if keepsRemembering { remember(written, committed) }
        return result!
    }

    /// The store could not be had for writing: the build goes on without updating it.
    package struct Busy: Error {
        package var reason: String

        package init(reason: String) {
            self.reason = reason
        }
    }

    private static func write(_ changes: Changes, _ db: Database) throws {
        let source = try db.cachedStatement(sql: "INSERT OR REPLACE INTO source VALUES (?, ?, ?, ?, ?, ?, ?)")
        for (path, row) in changes.sources {
            try source.execute(arguments: [
                path, row.size, row.modified, row.hash.blob, row.context.blob, Data(row.record), Data(row.diagnostics),
            ])
        }
        let touch = try db.cachedStatement(sql: "UPDATE source SET size = ?, modified = ? WHERE path = ?")
        for (path, size, modified) in changes.touched { try touch.execute(arguments: [size, modified, path]) }
        if let registry = changes.registry {
            try db.execute(sql: "DELETE FROM registry")
            let insert = try db.cachedStatement(sql: "INSERT INTO registry VALUES (?, ?)")
            for (entry, meaning) in registry.sorted(by: { $0.key < $1.key }) {
                try insert.execute(arguments: [entry, meaning])
            }
            try db.execute(sql: "UPDATE meta SET value = 'saved' WHERE name = 'registry'")
        }
        if let derived = changes.derived {
            try db.execute(
                sql: "INSERT OR REPLACE INTO derived VALUES ('graph', ?, ?)",
                arguments: [Data(derived), Self.checksum(derived).blob])
        }
        for path in changes.removed {
            try db.execute(sql: "DELETE FROM source WHERE path = ?", arguments: [path])
            try db.execute(sql: "DELETE FROM linked WHERE path = ?", arguments: [path])
            try db.execute(sql: "DELETE FROM linked_text WHERE path = ?", arguments: [path])
        }
    }
}
