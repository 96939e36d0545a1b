import DossierCore
import Foundation
import GRDB

/// What output folders were built from: for each, the manifest its last build
/// left, the identities of the files it lists, and the inputs the next build may
/// trust (`Builder`).
extension BuildStore {
    /// What an output folder's last build was made from (`BuildInputs`), for the
    /// manifest that build left there, with the numbers its report gave.
    package struct OutputRecord: Sendable, Equatable {
        package var manifest: Fingerprint
        /// `FileIdentities` of the files the manifest lists, as the build left them.
        package var files: Fingerprint
        /// Nil when the next build may not trust them (`Builder`): it then trusts only the files.
        package var inputs: Fingerprint?
        package var pages: Int
        package var draftsLeftOut: Int
        /// Articles dated after the build's date, left out.
        package var futureLeftOut = 0
        /// Where the site is published, as the build's report said.
        package var baseURL: String

        package init(
            manifest: Fingerprint, files: Fingerprint, inputs: Fingerprint? = nil, pages: Int, draftsLeftOut: Int,
            baseURL: String
        ) {
            self.manifest = manifest
            self.files = files
            self.inputs = inputs
            self.pages = pages
            self.draftsLeftOut = draftsLeftOut
            self.baseURL = baseURL
        }
    }

    /// The record of `folder` (a resolved path), read without opening the store for a
    /// build: nil when there is none, or the store is not this format and version.
    package static func outputRecord(at path: String, folder: String) -> OutputRecord? {
        guard FileManager.default.fileExists(atPath: path), let queue = try? connect(path) else { return nil }
        return outputRecord(in: queue, folder: folder)
    }

    /// The record of `folder` in this open store.
    package func outputRecord(folder: String) -> OutputRecord? { Self.outputRecord(in: queue, folder: folder) }

    fileprivate static func outputRecord(in queue: DatabaseQueue, folder: String) -> OutputRecord? {
        try? queue.read { db -> OutputRecord? in
            guard try db.tableExists("meta"), try db.tableExists("output") else { return nil }
            let meta = try Row.fetchAll(db, sql: "SELECT name, value FROM meta WHERE name IN ('format', 'version')")
            let values = Dictionary(
                meta.map { ($0["name"] as String, $0["value"] as String) }, uniquingKeysWith: { a, _ in a })
            guard values["format"] == format, values["version"] == DossierVersion.string,
                let row = try Row.fetchOne(
                    db, sql: "SELECT manifest, files, inputs, pages, drafts, future, base_url FROM output WHERE folder = ?",
                    arguments: [folder]),
                let manifest = Fingerprint(blob: row["manifest"]), let files = Fingerprint(blob: row["files"])
            else { return nil }
            var record = OutputRecord(
                manifest: manifest, files: files, inputs: Fingerprint(blob: row["inputs"]), pages: row["pages"],
                draftsLeftOut: row["drafts"],
                baseURL: row["base_url"])
            record.futureLeftOut = row["future"]
            return record
        }
    }

    /// Records (or, with nil, forgets) what `folder`'s build was made from, once its manifest is written.
    package func recordOutput(folder: String, _ record: OutputRecord?) throws {
        try queue.write { db in
            try db.execute(sql: "DELETE FROM output WHERE folder = ?", arguments: [folder])
            guard let record else { return }
            try db.execute(
                sql:
                    "INSERT INTO output (folder, manifest, files, inputs, pages, drafts, future, base_url) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: [
                    folder, record.manifest.blob, record.files.blob, record.inputs?.blob ?? Data(), record.pages,
                    record.draftsLeftOut, record.futureLeftOut, record.baseURL,
                ])
        }
    }
}
