import DossierCore
import DossierData
import DossierPlan
import DossierPublish
import DossierStore
import Foundation

/// Writes the open data into the output folder, or keeps it when what it is made from
/// is unchanged (`OpenData.fingerprint`); gives the files for the data page.
enum OpenDataExport {
    static func run(
        builder: PageBuilder, output: OutputFolder, clean: Bool, store: BuildStore?
    ) throws -> [DataFile] {
        let data = OpenData(builder: builder)
        let fingerprint = data.fingerprint
        let graph = builder.graph
        var rows: [String: Int]
        if !clean, OpenData.files.allSatisfy({ output.isCurrent($0, fingerprint: fingerprint) }) {
            OpenData.files.forEach(output.keepCurrent)
            rows = data.rowCounts()
        } else {
            // The data cache lives beside the build store (none without one: the data then
            // makes its own for the build); a clean build starts it afresh.
            let cache = store.map { ($0.path as NSString).deletingLastPathComponent + "/" + OpenData.cacheFile }
            if clean, let cache { for suffix in ["", "-journal"] { unlink(cache + suffix) } }
            rows = try data.write(
                place: { file, make in try output.writeMade(file, fingerprint: fingerprint, make) },
                current: { output.path + "/" + $0 },
                sentences: { indices in
                    guard let store, !indices.isEmpty else { return [:] }
                    let paths = indices.map { graph.articles[$0].article.source.path }
                    let found = try store.allSentences(paths)
                    var result: [Int: SentenceBytes] = [:]
                    for (index, path) in zip(indices, paths) { result[index] = found[path] }
                    return result
                }, cache: cache)
        }
        for schema in OpenData.schemas { try output.write(schema.path, Data(schema.text.utf8)) }
        let words = [
            OpenData.entitiesFile: ("data_entities", "JSON"), OpenData.articlesFile: ("data_articles", "JSON"),
            OpenData.mentionsFile: ("data_mentions", "CSV"), OpenData.observationsFile: ("data_observations", "CSV"),
            OpenData.databaseFile: ("data_database", "SQLite"),
        ]
        var files = OpenData.files.map { file in
            DataFile(
                path: file, word: words[file]!.0, rows: rows[file],
                bytes: OutputFolder.size(of: output.path + "/" + file) ?? 0,
                format: words[file]!.1)
        }
        files += OpenData.schemas.map { schema in
            DataFile(
                path: schema.path,
                word: schema.path.contains("entities") ? "data_schema_entities" : "data_schema_articles", rows: nil,
                bytes: schema.text.utf8.count, format: "JSON Schema"
            )
        }
        return files
    }
}
