import DossierCore
import Foundation
import GRDB

/// What a build remembers between builds, in `.dossier-cache/store.sqlite`
/// beside the site: for each source file, its size, modification time and
/// content hash, what reading it gave and what linking made of it (the body's
/// HTML, mentions and sentences). It holds plain rows (paths, fingerprints,
/// bytes), not the stages' types; `Builder.build` passes values between it and
/// the stages.
///
/// SQLite keeps it consistent: a build writes it in one transaction, so a build
/// killed midway leaves the store as the last finished build left it, and two
/// builds (or `serve` and `check`) share it, each waiting for the other's
/// transaction. A store that is damaged, of another format or written by
/// another version of Dossier is thrown away: the build is then a full one.
/// What was written to an output folder is that folder's manifest's business.
public final class BuildStore: @unchecked Sendable {
    public static let folderName = ".dossier-cache"
    public static let fileName = "store.sqlite"
    /// Changes whenever a row's meaning changes.
    package static let format = "dossier-store 21"

    package struct Source: Sendable {
        package var size: Int64
        package var modified: Int64
        package var hash: Fingerprint
        /// What reading the file depended on besides its bytes (its kind, the site's time zone).
        package var context: Fingerprint
        package var record: [UInt8]
        package var diagnostics: [UInt8]

        package init(
            size: Int64, modified: Int64, hash: Fingerprint, context: Fingerprint, record: [UInt8], diagnostics: [UInt8]
        ) {
            self.size = size
            self.modified = modified
            self.hash = hash
            self.context = context
            self.record = record
            self.diagnostics = diagnostics
        }
    }

    package struct Linked: Sendable {
        /// The article's content hash together with the kinds and options its links depend on.
        package var key: Fingerprint
        /// `RecordCoding.linking`: mentions, first paragraph, the names found in the text.
        package var linking: [UInt8]

        package init(key: Fingerprint, linking: [UInt8]) {
            self.key = key
            self.linking = linking
        }
    }

    /// An article's row as linking made it.
    package struct LinkedRow: Sendable {
        package var path: String
        package var linked: Linked
        package var body: String
        package var sentences: [String]

        package init(path: String, linked: Linked, body: String, sentences: [String]) {
            self.path = path
            self.linked = linked
            self.body = body
            self.sentences = sentences
        }
    }

    let queue: DatabaseQueue
    package let path: String

    /// Why the store was started afresh, when it was (for `-v`).
    package private(set) var resetReason: String?
    /// Set by `keepRemembering()`: the rows read stay in memory, and each commit is applied to them.
    package private(set) var keepsRemembering = false
    /// SQLite's count of other connections' commits when the rows were read (`PRAGMA data_version`).
    private var dataVersion: Int?
    /// The file's device and inode when it was opened: a store deleted and made again is another file.
    private var fileIdentity: (UInt64, UInt64)?
    /// What builds committed since the rows kept in memory were last handed over, applied at the next
    /// `takeRemembered()` (by then the build that held them has let them go, so they are not copied).
    private var committed: [(rows: [(path: String, linked: Linked)], changes: Changes)] = []

    private init(queue: DatabaseQueue, path: String) {
        self.queue = queue
        self.path = path
    }

    package static func location(site: SiteLocation) -> String { site.absolute(folderName) + "/" + fileName }

    /// The site's store, opened or made. A store that cannot be used is replaced by an
    /// empty one; nil only when not even that can be made (the build then stores nothing).
    package static func open(at path: String, fresh: Bool = false) -> BuildStore? {
        let folder = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // The cache file of Dossier before the store.
        unlink(folder + "/build.bin")
        do {
            let store = try BuildStore(queue: connect(path), path: path)
            if let reason = try store.prepare() ?? (fresh ? "a clean build was asked for" : nil) {
                try store.reset()
                store.resetReason = reason
            } else {
                // Damage inside the file shows when its rows are read, before any is trusted
                // (rather than through `PRAGMA quick_check`, which reads the whole file every build).
                (store.remembered, store.dataVersion) = try store.readRemembered()
            }
            return store
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
        {
            // Another build holds it past the busy timeout: this one goes without, and leaves it alone.
            return nil
        } catch {
            // Damaged beyond SQLite's use: start again from nothing.
            for suffix in ["", "-journal", "-wal", "-shm"] { unlink(path + suffix) }
            guard let store = try? BuildStore(queue: connect(path), path: path), (try? store.reset()) != nil else {
                return nil
            }
            store.resetReason = "the store could not be read (\(error)); it was made anew"
            return store
        }
    }

    static func connect(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        // `build`, `serve` and `check` of one site share the store: each waits for the other's transaction.
        configuration.busyMode = .timeout(60)
        configuration.label = "dossier-store"
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    /// Nil when the store is this format and version; else why it is not.
    private func prepare() throws -> String? {
        try queue.write { db -> String? in
            guard try db.tableExists("meta") else {
                return try Self.tables(db).isEmpty ? "" : "a foreign database"
            }
            let rows = try Row.fetchAll(db, sql: "SELECT name, value FROM meta")
            let meta = Dictionary(
                rows.map { ($0["name"] as String, $0["value"] as String) }, uniquingKeysWith: { a, _ in a })
            if meta["format"] != Self.format { return "a store of another format (\(meta["format"] ?? "none"))" }
            if meta["version"] != DossierVersion.string { return "a store of Dossier \(meta["version"] ?? "unknown")" }
            guard try db.tableExists("source"), try db.tableExists("linked"), try db.tableExists("linked_text"),
                try db.tableExists("registry"), try db.tableExists("derived"),
                try db.tableExists("output")
            else {
                return "a store without its tables"
            }
            return nil
        }
    }

    private static func tables(_ db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    }

    private func reset() throws {
        try queue.inTransaction(.immediate) { db in
            for table in try Self.tables(db) {
                try db.execute(sql: "DROP TABLE \(table.quotedDatabaseIdentifier)")
            }
            try db.execute(
                sql: """
                    CREATE TABLE meta (name TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
                    CREATE TABLE source (
                        path TEXT PRIMARY KEY NOT NULL, size INTEGER NOT NULL, modified INTEGER NOT NULL,
                        hash BLOB NOT NULL, context BLOB NOT NULL, record BLOB NOT NULL, diagnostics BLOB NOT NULL);
                    CREATE TABLE linked (path TEXT PRIMARY KEY NOT NULL, key BLOB NOT NULL, linking BLOB NOT NULL);
                    CREATE TABLE linked_text (
                        path TEXT PRIMARY KEY NOT NULL, body TEXT NOT NULL, body_check BLOB NOT NULL,
                        sentences BLOB NOT NULL, sentences_check BLOB NOT NULL);
                    CREATE TABLE registry (entry TEXT PRIMARY KEY NOT NULL, meaning TEXT NOT NULL);
                    CREATE TABLE derived (name TEXT PRIMARY KEY NOT NULL, value BLOB NOT NULL, value_check BLOB NOT NULL);
                    CREATE TABLE output (
                        folder TEXT PRIMARY KEY NOT NULL, manifest BLOB NOT NULL, files BLOB NOT NULL, inputs BLOB NOT NULL,
                        pages INTEGER NOT NULL, drafts INTEGER NOT NULL, future INTEGER NOT NULL,
                        base_url TEXT NOT NULL);
                    INSERT INTO meta VALUES ('registry', 'none');
                    """)
            try db.execute(
                sql: "INSERT INTO meta VALUES ('format', ?), ('version', ?)",
                arguments: [Self.format, DossierVersion.string])
            return .commit
        }
    }

    // MARK: Reading

    /// What the last builds left: every source file's row and every linked
    /// article's key and linking, by path (not the bodies and sentences), and the
    /// names they were linked with (see `NameTable`), nil when none are known.
    package struct Remembered: Sendable {
        package var sources: [String: Source] = [:]
        package var linked: [String: Linked] = [:]
        package var registry: [String: String]?
        /// What the graph derived from the articles' mentions as a whole (`RecordCoding.derived`).
        package var derived: [UInt8]?

        package init(
            sources: [String: Source] = [:], linked: [String: Linked] = [:], registry: [String: String]? = nil,
            derived: [UInt8]? = nil
        ) {
            self.sources = sources
            self.linked = linked
            self.registry = registry
            self.derived = derived
        }
    }

    private var remembered = Remembered()

    /// What the store remembers, read when it was opened; handed over once, so that the store does not keep
    /// it, unless it keeps remembering.
    package func takeRemembered() -> Remembered {
        defer { if !keepsRemembering { remembered = Remembered() } }
        for (rows, changes) in committed { apply(rows, changes) }
        committed = []
        return remembered
    }

    /// For a process that builds again and again (`serve`) with this store open: the rows read when it
    /// was opened stay in memory, and what each build commits is applied to them, so that the next
    /// build reads nothing from the file. Call before the first `takeRemembered()`.
    package func keepRemembering() {
        keepsRemembering = true
        // A store made anew has no rows; its version is taken now.
        if dataVersion == nil { dataVersion = try? queue.read { try Self.dataVersion($0) } }
        fileIdentity = Self.identity(of: path)
    }

    private static func dataVersion(_ db: Database) throws -> Int? {
        try Int.fetchOne(db, sql: "PRAGMA data_version")
    }

    private static func identity(of path: String) -> (UInt64, UInt64)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (UInt64(info.st_dev), UInt64(info.st_ino))
    }

    /// Whether what this store keeps in memory is still what its file holds: false once another
    /// connection (a `dossier build` or `check` beside `serve`) has committed to it, or it could not be
    /// told; the store should then be opened again.
    package var isCurrent: Bool {
        guard keepsRemembering, let dataVersion, let fileIdentity, let now = Self.identity(of: path),
            now == fileIdentity
        else { return false }
        return (try? queue.read { try Self.dataVersion($0) }) == dataVersion
    }

    /// What a build committed, for the rows kept in memory.
    func remember(_ rows: [(path: String, linked: Linked)], _ changes: Changes) {
        committed.append((rows, changes))
    }

    private func apply(_ rows: [(path: String, linked: Linked)], _ changes: Changes) {
        for row in rows { remembered.linked[row.path] = row.linked }
        for (path, source) in changes.sources { remembered.sources[path] = source }
        for (path, size, modified) in changes.touched {
            remembered.sources[path]?.size = size
            remembered.sources[path]?.modified = modified
        }
        if let registry = changes.registry { remembered.registry = registry }
        if let derived = changes.derived { remembered.derived = derived }
        for path in changes.removed {
            remembered.sources[path] = nil
            remembered.linked[path] = nil
        }
    }

    /// The rows, and SQLite's count of commits they were read at (in the same transaction).
    private func readRemembered() throws -> (Remembered, Int?) {
        try queue.read { db in
            var result = Remembered()
            // Columns by index, each blob copied once, straight from SQLite's buffer.
            func bytes(_ row: Row, _ index: Int) throws -> [UInt8] {
                try row.withUnsafeData(atIndex: index) { $0.map { [UInt8]($0) } ?? [] }
            }
            func fingerprint(_ row: Row, _ index: Int) throws -> Fingerprint? {
                try row.withUnsafeData(atIndex: index) { data in
                    guard let data, data.count == 32 else { return nil }
                    return data.withUnsafeBytes { Fingerprint(bytes: $0) }
                }
            }
            let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM source") ?? 0
            result.sources.reserveCapacity(count)
            let sources = try Row.fetchCursor(
                db, sql: "SELECT path, size, modified, hash, context, record, diagnostics FROM source")
            while let row = try sources.next() {
                guard let hash = try fingerprint(row, 3), let context = try fingerprint(row, 4) else { continue }
                result.sources[row[0]] = Source(
                    size: row[1], modified: row[2], hash: hash, context: context, record: try bytes(row, 5),
                    diagnostics: try bytes(row, 6))
            }
            result.linked.reserveCapacity(count)
            let linked = try Row.fetchCursor(db, sql: "SELECT path, key, linking FROM linked")
            while let row = try linked.next() {
                guard let key = try fingerprint(row, 1) else { continue }
                result.linked[row[0]] = Linked(key: key, linking: try bytes(row, 2))
            }
            if try String.fetchOne(db, sql: "SELECT value FROM meta WHERE name = 'registry'") == "saved" {
                var rows: [String: String] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT entry, meaning FROM registry") {
                    rows[row["entry"]] = row["meaning"]
                }
                result.registry = rows
            }
            if let row = try Row.fetchOne(db, sql: "SELECT value, value_check FROM derived WHERE name = 'graph'") {
                let value = Self.bytes(row["value"])
                if Fingerprint(blob: row["value_check"]) == Self.checksum(value) { result.derived = value }
            }
            return (result, try Self.dataVersion(db))
        }
    }

    /// The bodies of these files' articles, as linking made them; read when their pages are written.
    /// Throws `Damaged` when one is missing, or is not what was stored.
    package func bodies(_ paths: [String]) throws -> [String: String] {
        try read(paths, column: "body") { _, bytes in String(decoding: bytes, as: UTF8.self) }
    }

    /// The sentences of these files' articles, read when the pages that quote them are written:
    /// each list at its full length, with only the sentences at `wanted` positions decoded.
    package func sentences(_ wanted: [(path: String, positions: Set<Int32>)]) throws -> [String: [String]] {
        let positions = Dictionary(wanted.map { ($0.path, $0.positions) }, uniquingKeysWith: { $0.union($1) })
        return try read(wanted.map(\.path), column: "sentences") { path, bytes in
            try RecordCoding.sentences(bytes, only: positions[path] ?? [])
        }
    }

    /// Every sentence of these files' articles that a mention is in (for the open data).
    package func allSentences(_ paths: [String]) throws -> [String: SentenceBytes] {
        try read(paths, column: "sentences") { _, bytes in try SentenceBytes(encoded: bytes) }
    }

    /// One column of `linked_text` for each path, checked against the checksum written with it
    /// (`<column>_check`): the bytes are fetched in the store's one connection, then
    /// checked and decoded on all cores.
    private func read<T: Sendable>(
        _ paths: [String], column: String, _ decode: @Sendable (_ path: String, _ bytes: [UInt8]) throws -> T
    ) throws -> [String: T] {
        let fetched: [(bytes: [UInt8], check: Fingerprint?)]
        do {
            fetched = try queue.read { db in
                let statement = try db.cachedStatement(
                    sql: "SELECT \(column), \(column)_check FROM linked_text WHERE path = ?")
                return try paths.map { path -> (bytes: [UInt8], check: Fingerprint?) in
                    let rows = try Row.fetchCursor(statement, arguments: [path])
                    guard let row = try rows.next() else { throw Damaged(reason: "no row for \(path)") }
                    return (
                        try row.withUnsafeData(atIndex: 0) { $0.map { [UInt8]($0) } ?? [] },
                        try row.withUnsafeData(atIndex: 1) { Fingerprint(blob: $0) }
                    )
                }
            }
        } catch let damage as Damaged {
            throw damage
        } catch {
            throw Damaged(reason: "\(error)")
        }
        let values = Array(zip(paths, fetched)).parallelMap { path, item -> T? in
            guard item.check == Self.checksum(item.bytes) else { return nil }
            return try? decode(path, item.bytes)
        }
        var result: [String: T] = [:]
        result.reserveCapacity(paths.count)
        for (path, value) in zip(paths, values) {
            guard let value else { throw Damaged(reason: "the row of \(path) is not what was stored") }
            result[path] = value
        }
        return result
    }

    static func checksum(_ bytes: [UInt8]) -> Fingerprint { FingerprintHasher.fingerprint(bytes: bytes) }

    /// The store turned out damaged while a build used it: the build starts again, afresh.
    package struct Damaged: Error, CustomStringConvertible {
        package var reason: String
        package var description: String { "the build store is damaged (\(reason))" }

        package init(reason: String) {
            self.reason = reason
        }
    }

    static func bytes(_ value: Data?) -> [UInt8] { value.map { [UInt8]($0) } ?? [] }
}

extension Fingerprint {
    /// The digest's 32 bytes, as stored.
    package var blob: Data {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for word in [words.0, words.1, words.2, words.3] {
            for shift in stride(from: 0, to: 64, by: 8) {
                bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
        return Data(bytes)
    }

    package init?(blob: Data?) {
        guard let blob, blob.count == 32 else { return nil }
        self = blob.withUnsafeBytes { Fingerprint(bytes: $0) }
    }
}
