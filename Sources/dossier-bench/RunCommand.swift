import ArgumentParser
import Foundation

/// Builds the same generated corpus with Dossier and with Hugo, alternating,
/// and writes the medians and ratios into BENCHMARKS.md.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract:
            "Times full and incremental builds of Dossier against Hugo on generated corpora; writes BENCHMARKS.md.")

    @Option(parsing: .upToNextOption, help: "Corpus sizes, in articles.") var sizes: [Int] = [1_000, 10_000]
    @Option(help: "Timed repetitions of each build.") var repetitions = 3
    @Option(help: "Untimed builds of each before the timed ones (0 for the long 100k run).") var warmUps = 1
    @Option(help: "Where corpora are generated.") var work = "/tmp/dossier-bench"
    @Option(help: "The dossier binary to time.") var dossier = ".build/release/dossier"
    @Option(help: "The Markdown report to write.") var report = "BENCHMARKS.md"
    @Flag(help: "Skip Hugo (Dossier's own figures only).") var noHugo = false
    @Flag(help: "Skip the search recall table (Pagefind versions against ways of indexing Chinese).") var noRecall =
        false
    @Option(help: "The generated corpus the recall table uses, in articles.") var recallCorpus = 1_000
    @Flag(help: "Skip timing the search page in headless Chromium on a corpus of real Chinese words.") var noLatency =
        false
    @Option(help: "The corpus of real Chinese words the search page is timed on, in articles.") var latencyCorpus =
        1_000
    @Flag(help: "Skip timing search indexing and dossier serve's reload (for the long 100k run).") var buildsOnly =
        false
    @Option(help: "Time Hugo only on corpora of at most this many articles.") var hugoUpTo = Int.max
    @Option(help: "Time search indexing and dossier serve's reload only on corpora of at most this many articles.")
    var searchUpTo = Int.max
    @Option(
        help:
            "Another dossier binary (built from the commit before a change) to time in the same run, alternating, on a copy of each corpus: what the change costs."
    )
    var baseline: String?

    struct Row {
        var size: Int
        var dossier: Measurement
        var hugo: Measurement?
        var incremental: [(String, Measurement, Int)]
        /// The same, with `--baseline`'s binary.
        var baseline: Measurement? = nil
        var baselineIncremental: [(String, Measurement, Int)] = []
        /// `dossier build --clean --no-search -v`: each stage's time and the resident memory after it.
        var stages: [String] = []
        /// The open data's export (the `-v` stage "wrote the open data"): in the full build, and in each rebuild.
        var export: Double? = nil
        /// The full build the export was timed in (the first timed one).
        var exportBuild: Double? = nil
        var exportIncremental: [(String, Double)] = []
        /// Search indexing, after the rest.
        var search: SearchTimes?
        /// `dossier serve`: an edit saved to the reload event, each round.
        var reload: [Double] = []
    }

    func run() throws {
        let dossierPath = URL(fileURLWithPath: dossier).standardized.path
        guard FileManager.default.isExecutableFile(atPath: dossierPath) else {
            throw ValidationError("no dossier binary at \(dossier): run `swift build -c release` first")
        }
        let baselinePath = try baseline.map { path -> String in
            let binary = URL(fileURLWithPath: path).standardized.path
            guard FileManager.default.isExecutableFile(atPath: binary) else {
                throw ValidationError("no dossier binary at \(path) (--baseline)")
            }
            return binary
        }
        var rows: [Row] = []
        for size in sizes {
            let folder = "\(work)/\(size)"
            let corpus = Corpus(articles: size, seed: 1)
            try corpus.write(to: folder, hugoTemplate: Bench.sharedFolder + "/bench/hugo")
            let site = folder + "/dossier"
            // The baseline builds its own copy, so that neither build's store or output is the other's.
            let baselineSite = folder + "/dossier-baseline"
            if baselinePath != nil {
                try? FileManager.default.removeItem(atPath: baselineSite)
                try FileManager.default.copyItem(atPath: site, toPath: baselineSite)
            }
            var baselineRuns: [Measurement] = []
            let hugoSite = folder + "/hugo"
            func cleanDossier() { try? FileManager.default.removeItem(atPath: site + "/Public") }
            func cleanHugo() { try? FileManager.default.removeItem(atPath: hugoSite + "/public") }
            var dossierRuns: [Measurement] = []
            var hugoRuns: [Measurement] = []
            var stages: [String] = []
            var exportBuild: Double?
            let stagesLog = work + "/stages.log"
            // The baseline's build, before this one's on odd repetitions and after it on even ones,
            // so that neither always follows Hugo's.
            func baselineBuild(_ repetition: Int) throws {
                guard let baselinePath else { return }
                try? FileManager.default.removeItem(atPath: baselineSite + "/Public")
                let b = measureProcess([baselinePath, "build", "--clean", "--no-search"], in: baselineSite)
                guard b.status == 0 else { throw ValidationError("the baseline build failed on \(baselineSite)") }
                if repetition >= warmUps { baselineRuns.append(b) }
                say(
                    "size \(size), run \(repetition): baseline \(String(format: "%.2f s (%.2f s CPU)", b.seconds, b.cpuSeconds))"
                )
            }
            for repetition in 0..<(warmUps + repetitions) {
                if repetition % 2 == 1 { try baselineBuild(repetition) }
                cleanDossier()
                // The first timed build says how long each stage took, and the memory after it (`-v`).
                let firstTimed = repetition == warmUps
                let d = measureProcess(
                    [dossierPath, "build", "--clean", "--no-search"] + (firstTimed ? ["-v"] : []), in: site,
                    errors: firstTimed ? stagesLog : nil)
                if firstTimed { exportBuild = d.seconds }
                if firstTimed, let log = try? String(contentsOfFile: stagesLog, encoding: .utf8) {
                    stages = log.split(separator: "\n").filter {
                        $0.hasPrefix("dossier: ") && $0.contains(" s, ") && $0.contains("MiB")
                    }
                    .map { String($0.dropFirst("dossier: ".count)) }
                }
                guard d.status == 0 else { throw ValidationError("dossier build failed on \(site)") }
                if repetition % 2 == 0 { try baselineBuild(repetition) }
                var h: Measurement?
                if !noHugo && size <= hugoUpTo {
                    cleanHugo()
                    h = measureProcess(["hugo", "--quiet"], in: hugoSite)
                }
                if repetition >= warmUps {
                    dossierRuns.append(d)
                    if let h { hugoRuns.append(h) }
                }
                say(
                    "size \(size), run \(repetition): dossier \(String(format: "%.2f s (%.2f s CPU)", d.seconds, d.cpuSeconds))"
                        + (h.map { String(format: ", hugo %.2f s", $0.seconds) } ?? ""))
            }
            // Incremental rebuilds, each from the full build just made (the baseline's from its own).
            let newest = corpus.articles.last!
            let entity = corpus.entities[corpus.entities.count / 2]
            let renamed = corpus.entities[corpus.entities.count / 3]
            func scenarios(_ site: String) -> [(String, () throws -> Void)] {
                let articles = site + "/Content/articles"
                let newestFile = "\(articles)/\(newest.date.prefix(4))/\(newest.slug).md"
                let entityFile = "\(site)/Content/\(entity.kind)/\(entity.id).md"
                let renamedFile = "\(site)/Content/\(renamed.kind)/\(renamed.id).md"
                return [
                    (
                        "one article added",
                        {
                            let text =
                                "---\ntitle: 新增一篇\ndate: 2025-06-01\n---\n\n据悉，[\(entity.name)](\(entity.singular):\(entity.id))相关工作稳步推进。\n"
                            try FileManager.default.createDirectory(
                                atPath: articles + "/2025", withIntermediateDirectories: true)
                            try Data(text.utf8).write(to: URL(fileURLWithPath: articles + "/2025/added-article.md"))
                        }
                    ),
                    (
                        "one article edited",
                        {
                            let text = try String(contentsOfFile: newestFile, encoding: .utf8)
                            try Data((text + "\n补充一句。\n").utf8).write(to: URL(fileURLWithPath: newestFile))
                        }
                    ),
                    (
                        "one entity's description edited",
                        {
                            let text = try String(contentsOfFile: entityFile, encoding: .utf8)
                            try Data((text + "\n补充说明。\n").utf8).write(to: URL(fileURLWithPath: entityFile))
                        }
                    ),
                    (
                        "one entity's name changed",
                        {
                            // Every article whose text holds the old or the new name is linked again.
                            let text = try String(contentsOfFile: renamedFile, encoding: .utf8)
                            try Data(
                                text.replacingOccurrences(
                                    of: "name: \(renamed.name)\n", with: "name: \(renamed.name)新\n"
                                )
                                .utf8
                            ).write(
                                to: URL(fileURLWithPath: renamedFile))
                        }
                    ),
                    (
                        "a fresh checkout (every file touched)",
                        {
                            // What CI sees: the store restored, every file with a new modification time, the same bytes.
                            let now = Date()
                            let enumerator = FileManager.default.enumerator(atPath: site + "/Content")
                            while let path = enumerator?.nextObject() as? String {
                                try? FileManager.default.setAttributes(
                                    [.modificationDate: now], ofItemAtPath: site + "/Content/" + path)
                            }
                        }
                    ),
                    ("nothing changed", {}),
                    (
                        "a template changed",
                        {
                            let templates = site + "/Templates"
                            try FileManager.default.createDirectory(
                                atPath: templates, withIntermediateDirectories: true)
                            // A visible change to every article page.
                            let base = Bench.repository + "/Templates/article.mustache"
                            let text = try String(contentsOfFile: base, encoding: .utf8)
                            try Data(text.replacingOccurrences(of: "</article>", with: "<p>—</p></article>").utf8)
                                .write(
                                    to: URL(fileURLWithPath: templates + "/article.mustache"))
                        }
                    ),
                ]
            }
            var exportIncremental: [(String, Double)] = []
            func rebuilds(_ binary: String, _ site: String) throws -> [(String, Measurement, Int)] {
                var results: [(String, Measurement, Int)] = []
                var lastChange = Date()
                for (name, change) in scenarios(site) {
                    try change()
                    if name == "nothing changed" {
                        // A build trusts only file times at least `BuildInputs.settled` (2 s) old: the
                        // build before this one, made once they are, records them, and this one finds them.
                        Thread.sleep(until: lastChange.addingTimeInterval(2.5))
                        _ = measureProcess([binary, "build", "--no-search"], in: site)
                    } else {
                        lastChange = Date()
                    }
                    let before = Self.modificationTimes(site + "/Public")
                    let log = work + "/incremental.log"
                    let m = measureProcess([binary, "build", "--no-search", "-v"], in: site, errors: log)
                    if binary == dossierPath, let seconds = Self.exportSeconds(log) {
                        exportIncremental.append((name, seconds))
                    }
                    let after = Self.modificationTimes(site + "/Public")
                    let rewritten = after.filter { before[$0.key] != $0.value }.count
                    results.append((name, m, rewritten))
                    say(
                        "size \(size), \(binary == dossierPath ? "" : "baseline, ")\(name): \(String(format: "%.2f", m.seconds)) s, \(rewritten) files rewritten"
                    )
                }
                return results
            }
            let incremental = try rebuilds(dossierPath, site)
            let baselineIncremental = try baselinePath.map { try rebuilds($0, baselineSite) } ?? []
            let newestFile = "\(site)/Content/articles/\(newest.date.prefix(4))/\(newest.slug).md"
            var reload: [Double] = []
            var search: SearchTimes?
            if !buildsOnly && size <= searchUpTo {
                reload = try ServeLatency.measure(dossier: dossierPath, site: site, article: newestFile)
                say(
                    "size \(size), serve reload: " + reload.map { String(format: "%.2f s", $0) }.joined(separator: ", ")
                )
                search = try SearchTimes.measure(dossier: dossierPath, site: site, work: work)
                if let search {
                    say(
                        "size \(size), search: \(search.pages) pages in \(String(format: "%.2f", search.full)) s; "
                            + "Pagefind alone \(String(format: "%.2f", search.pagefindPublished)) s on the published pages, "
                            + "\(String(format: "%.2f", search.pagefindGiven)) s on Dossier's; "
                            + "after one article added \(String(format: "%.2f", search.afterAdded)) s")
                }
            }
            rows.append(
                Row(
                    size: size, dossier: medianOf(dossierRuns), hugo: hugoRuns.isEmpty ? nil : medianOf(hugoRuns),
                    incremental: incremental, baseline: baselineRuns.isEmpty ? nil : medianOf(baselineRuns),
                    baselineIncremental: baselineIncremental, stages: stages, export: Self.exportSeconds(stagesLog),
                    exportBuild: exportBuild,
                    exportIncremental: exportIncremental, search: search, reload: reload))
        }
        var recall: [SearchRecall.Row] = []
        if !noRecall {
            let corpusFolder = "\(work)/\(recallCorpus)"
            if !FileManager.default.fileExists(atPath: corpusFolder + "/dossier/Content") {
                try Corpus(articles: recallCorpus, seed: 1).write(
                    to: corpusFolder, hugoTemplate: Bench.sharedFolder + "/bench/hugo")
            }
            let fixtures = Bench.repository + "/Tests/Fixtures/search/"
            recall = try SearchRecall(dossier: dossierPath).measure(
                sites: [
                    ("sample site", Bench.repository, fixtures + "sample-terms.txt"),
                    ("generated, \(recallCorpus) articles", corpusFolder + "/dossier", fixtures + "corpus-terms.txt"),
                ], say: say)
        }
        var latency: SearchLatency?
        if !noLatency && !buildsOnly {
            latency = try SearchLatency.measure(dossier: dossierPath, articles: latencyCorpus, count: 30, work: work)
            if let latency {
                say(
                    String(
                        format:
                            "search page: median %.3f s, worst %.3f s, at most %.0f KiB to the first results; recall %.3f",
                        latency.medianSeconds, latency.worstSeconds, latency.worstFirstKiB, latency.recall))
            }
        }
        try writeReport(rows, recall: recall, latency: latency)
        say("Wrote \(report)")
    }

    private func medianOf(_ runs: [Measurement]) -> Measurement {
        Measurement(
            seconds: median(runs.map(\.seconds)), peakMiB: median(runs.map(\.peakMiB)), status: 0,
            cpuSeconds: median(runs.map(\.cpuSeconds)))
    }

    /// The seconds `-v` gave the open data's export ("wrote the open data: 0.412 s, …") in a build's log.
    static func exportSeconds(_ log: String) -> Double? {
        guard let text = try? String(contentsOfFile: log, encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.contains("wrote the open data: ") })
        else { return nil }
        let after = line[line.range(of: "wrote the open data: ")!.upperBound...]
        return Double(after.prefix { $0.isNumber || $0 == "." })
    }

    static func modificationTimes(_ folder: String) -> [String: Date] {
        var times: [String: Date] = [:]
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let path = enumerator?.nextObject() as? String {
            if let attributes = enumerator?.fileAttributes, attributes[.type] as? FileAttributeType == .typeRegular {
                times[path] = attributes[.modificationDate] as? Date
            }
        }
        return times
    }

}

/// A line on stdout at once, even when stdout is a file.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
