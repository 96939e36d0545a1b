import DossierKit
import Foundation

/// Search recall (pages returned / pages that hold the term) for each Pagefind
/// version against each way of indexing Chinese, on the sample site and a
/// generated corpus: the table that chose Dossier's pinned version and its
/// character indexing (docs/search.md).
struct SearchRecall {
    struct Row {
        var site: String
        var version: String
        var method: String
        var terms: Int
        var recall: Double
        var precision: Double
    }

    static let versions = ["1.4.0", "1.5.2"]
    static let methods: [(name: String, segment: String, api: Bool)] = [
        ("Pagefind's own word segmentation, query as typed", "words", true),
        ("Dossier: a character index, queries split likewise, results holding the query exactly", "chars", false),
    ]

    let dossier: String
    let repository = Bench.repository

    /// `sites`: a name, the site folder, and its terms file.
    func measure(sites: [(name: String, folder: String, terms: String)], say: (String) -> Void) throws -> [Row] {
        let python = repository + "/.dossier-tool/venv/bin/python"
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw BenchError("no \(python): `make test-deps` installs Playwright there")
        }
        var rows: [Row] = []
        for version in Self.versions {
            let binary = try pagefind(version)
            for site in sites {
                for method in Self.methods {
                    let output = NSTemporaryDirectory() + "dossier-recall-\(getpid())"
                    try? FileManager.default.removeItem(atPath: output)
                    defer { try? FileManager.default.removeItem(atPath: output) }
                    let build = Bench.run(
                        [dossier, "build", "--clean", "--output", output], in: site.folder,
                        environment: ["DOSSIER_PAGEFIND": binary, "DOSSIER_SEARCH_SEGMENT": method.segment])
                    guard build.status == 0, build.output.contains("Search: indexed") else {
                        throw BenchError("building \(site.folder) with Pagefind \(version) failed:\n\(build.output)")
                    }
                    let json = output + ".json"
                    defer { try? FileManager.default.removeItem(atPath: json) }
                    var arguments = [
                        python, repository + "/Scripts/search-recall.py", "--site", output, "--terms-file", site.terms,
                        "--json", json,
                    ]
                    if method.api { arguments.append("--api") }
                    let recall = Bench.run(arguments, in: repository)
                    guard recall.status == 0, let data = FileManager.default.contents(atPath: json),
                        let report = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                        let terms = report["terms"] as? [[String: Any]]
                    else { throw BenchError("search-recall.py failed on \(site.name):\n\(recall.output)") }
                    let returned = terms.reduce(0) { $0 + ($1["returned"] as? Int ?? 0) }
                    let correct = terms.reduce(0) { $0 + ($1["correct"] as? Int ?? 0) }
                    let row = Row(
                        site: site.name, version: version, method: method.name, terms: terms.count,
                        recall: report["overall_recall"] as? Double ?? 0,
                        precision: returned == 0 ? 1 : Double(correct) / Double(returned))
                    say(
                        String(
                            format: "recall: %@, Pagefind %@, %@: %.3f", site.name, version, method.segment, row.recall)
                    )
                    rows.append(row)
                }
            }
        }
        return rows
    }

    /// The binary of a Pagefind version, installed once into its own virtual environment.
    func pagefind(_ version: String) throws -> String {
        let venv = repository + "/.dossier-tool/pagefind-\(version)"
        if let binary = SearchIndex.binary(inVenv: venv) { return binary }
        for step in [
            ["python3", "-m", "venv", venv],
            [venv + "/bin/python", "-m", "pip", "install", "--quiet", "pagefind-bin-extended==\(version)"],
        ] {
            let result = Bench.run(step, in: repository)
            guard result.status == 0 else { throw BenchError("cannot install Pagefind \(version):\n\(result.output)") }
        }
        guard let binary = SearchIndex.binary(inVenv: venv) else {
            throw BenchError("Pagefind \(version) installed no binary in \(venv)")
        }
        return binary
    }

    static func table(_ rows: [Row]) -> String {
        var text =
            "| site | Pagefind | indexing and query | terms | recall | precision |\n| --- | --- | --- | ---: | ---: | ---: |\n"
        for row in rows {
            text += "| \(row.site) | \(row.version) | \(row.method) | \(row.terms) | "
            text += String(format: "%.3f | %.3f |\n", row.recall, row.precision)
        }
        return text
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension Bench {
    /// Runs a program to completion (`arguments[0]` looked up on the PATH), its output captured.
    static func run(_ arguments: [String], in folder: String, environment: [String: String] = [:]) -> (
        status: Int32, output: String
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        guard (try? process.run()) != nil else { return (-1, "cannot run \(arguments[0])") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
