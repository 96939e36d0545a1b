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

    struct Row {
        var size: Int
        var dossier: Measurement
        var hugo: Measurement?
        var incremental: [(String, Measurement, Int)]
        /// `dossier build --clean --no-search -v`: each stage's time and the resident memory after it.
        var stages: [String] = []
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
        var rows: [Row] = []
        for size in sizes {
            let folder = "\(work)/\(size)"
            let corpus = Corpus(articles: size, seed: 1)
            try corpus.write(to: folder, hugoTemplate: Bench.sharedFolder + "/bench/hugo")
            let site = folder + "/dossier"
            let hugoSite = folder + "/hugo"
            func cleanDossier() { try? FileManager.default.removeItem(atPath: site + "/Public") }
            func cleanHugo() { try? FileManager.default.removeItem(atPath: hugoSite + "/public") }
            var dossierRuns: [Measurement] = []
            var hugoRuns: [Measurement] = []
            var stages: [String] = []
            let stagesLog = work + "/stages.log"
            for repetition in 0..<(warmUps + repetitions) {
                cleanDossier()
                // The first timed build says how long each stage took, and the memory after it (`-v`).
                let firstTimed = repetition == warmUps
                let d = measureProcess(
                    [dossierPath, "build", "--clean", "--no-search"] + (firstTimed ? ["-v"] : []), in: site,
                    errors: firstTimed ? stagesLog : nil)
                if firstTimed, let log = try? String(contentsOfFile: stagesLog, encoding: .utf8) {
                    stages = log.split(separator: "\n").filter {
                        $0.hasPrefix("dossier: ") && $0.contains(" s, ") && $0.contains("MiB")
                    }
                    .map { String($0.dropFirst("dossier: ".count)) }
                }
                guard d.status == 0 else { throw ValidationError("dossier build failed on \(site)") }
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
                    "size \(size), run \(repetition): dossier \(String(format: "%.2f", d.seconds)) s"
                        + (h.map { String(format: ", hugo %.2f s", $0.seconds) } ?? ""))
            }
            // Incremental rebuilds, each from the full build just made.
            var incremental: [(String, Measurement, Int)] = []
            let articles = site + "/Content/articles"
            let newest = corpus.articles.last!
            let newestFile = "\(articles)/\(newest.date.prefix(4))/\(newest.slug).md"
            let entity = corpus.entities[corpus.entities.count / 2]
            let entityFile = "\(site)/Content/\(entity.kind)/\(entity.id).md"
            let renamed = corpus.entities[corpus.entities.count / 3]
            let renamedFile = "\(site)/Content/\(renamed.kind)/\(renamed.id).md"
            let scenarios: [(String, () throws -> Void)] = [
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
                            text.replacingOccurrences(of: "name: \(renamed.name)\n", with: "name: \(renamed.name)新\n")
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
                        try FileManager.default.createDirectory(atPath: templates, withIntermediateDirectories: true)
                        // A visible change to every article page.
                        let base = Bench.repository + "/Templates/article.mustache"
                        let text = try String(contentsOfFile: base, encoding: .utf8)
                        try Data(text.replacingOccurrences(of: "</article>", with: "<p>—</p></article>").utf8).write(
                            to: URL(fileURLWithPath: templates + "/article.mustache"))
                    }
                ),
            ]
            var lastChange = Date()
            for (name, change) in scenarios {
                try change()
                if name == "nothing changed" {
                    // A build trusts only file times at least `BuildInputs.settled` (2 s) old: the
                    // build before this one, made once they are, records them, and this one finds them.
                    Thread.sleep(until: lastChange.addingTimeInterval(2.5))
                    _ = measureProcess([dossierPath, "build", "--no-search"], in: site)
                } else {
                    lastChange = Date()
                }
                let before = Self.modificationTimes(site + "/Public")
                let m = measureProcess([dossierPath, "build", "--no-search"], in: site)
                let after = Self.modificationTimes(site + "/Public")
                let rewritten = after.filter { before[$0.key] != $0.value }.count
                incremental.append((name, m, rewritten))
                say("size \(size), \(name): \(String(format: "%.2f", m.seconds)) s, \(rewritten) files rewritten")
            }
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
                    incremental: incremental, stages: stages, search: search, reload: reload))
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
        Measurement(seconds: median(runs.map(\.seconds)), peakMiB: median(runs.map(\.peakMiB)), status: 0)
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

    private func writeReport(_ rows: [Row], recall: [SearchRecall.Row], latency: SearchLatency?) throws {
        let cpu = commandOutput(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"])
        let memory = commandOutput(["sh", "-c", "free -g | awk '/Mem:/{print $2\" GiB\"}'"])
        var text = """
            # Benchmarks

            Written by `swift run -c release dossier-bench run \(CommandLine.arguments.dropFirst(2).joined(separator: " "))`; \
            do not edit by hand. Each build is timed \(repetitions) times after \(warmUps) warm-up(s), Dossier and Hugo alternating, \
            on the same generated corpus (`dossier-bench generate`, seed 1); figures are medians. Memory is the peak \
            resident set of the build process. Dossier builds run with `--clean --no-search` (search indexing is timed \
            on its own line below); Hugo with `hugo --quiet`.

            - Machine: \(commandOutput(["nproc"])) cores (\(cpu.trimmingCharacters(in: .whitespaces))), \(memory)
            - \(commandOutput([dossier, "--version"]).isEmpty ? "dossier" : "dossier " + commandOutput([URL(fileURLWithPath: dossier).standardized.path, "--version"]))
            - \(commandOutput(["hugo", "version"]))
            - \(commandOutput(["swift", "--version"]).split(separator: "\n").first ?? "")

            ## Full builds

            | articles | Dossier | Hugo | Dossier / Hugo | Dossier memory | Hugo memory | memory ratio |
            | ---: | ---: | ---: | ---: | ---: | ---: | ---: |

            """
        for row in rows {
            let hugo = row.hugo
            text += "| \(row.size) | \(String(format: "%.2f s", row.dossier.seconds)) | "
            text += hugo.map { String(format: "%.2f s", $0.seconds) } ?? "–"
            text += " | " + (hugo.map { String(format: "%.2f", row.dossier.seconds / $0.seconds) } ?? "–")
            text += String(format: " | %.0f MiB | ", row.dossier.peakMiB)
            text += hugo.map { String(format: "%.0f MiB", $0.peakMiB) } ?? "–"
            text += " | " + (hugo.map { String(format: "%.2f", row.dossier.peakMiB / $0.peakMiB) } ?? "–") + " |\n"
        }
        text +=
            "\n## Incremental rebuilds (one run each, in this order, each after the last; the first after the full build)\n\n"
        text +=
            "Each change is made just before its build, so its files' times are too recent to be trusted (`BuildInputs.settled`, 2 s): "
            + "those builds read the site. \"Nothing changed\" is measured after one more build made once they are settled, which records "
            + "the inputs: it is the build that finds them unchanged.\n\n"
        text +=
            "| articles | change | time | vs full build | peak memory | files rewritten |\n| ---: | --- | ---: | ---: | ---: | ---: |\n"
        for row in rows {
            for (name, m, rewritten) in row.incremental {
                text +=
                    "| \(row.size) | \(name) | \(String(format: "%.2f s", m.seconds)) | \(String(format: "%.1f %%", m.seconds / row.dossier.seconds * 100)) | \(String(format: "%.0f MiB", m.peakMiB)) | \(rewritten) |\n"
            }
        }
        if rows.contains(where: { !$0.stages.isEmpty }) {
            text +=
                "\n## Stages of a full build (the first timed one, with `-v`: time, and resident memory after the stage)\n\n"
            for row in rows where !row.stages.isEmpty {
                text += "\(row.size) articles:\n\n" + row.stages.map { "- \($0)" }.joined(separator: "\n") + "\n\n"
            }
        }
        if rows.contains(where: { !$0.reload.isEmpty }) {
            text +=
                "\n## Live reload (`dossier serve`: an article saved → the open pages told to reload; median of 3)\n\n"
            text += "| articles | latency | rounds |\n| ---: | ---: | --- |\n"
        }
        for row in rows where !row.reload.isEmpty {
            text += "| \(row.size) | \(String(format: "%.2f s", median(row.reload))) | "
            text += row.reload.map { String(format: "%.2f s", $0) }.joined(separator: ", ") + " |\n"
        }
        let searched = rows.compactMap { row in row.search.map { (row.size, $0) } }
        if !searched.isEmpty {
            text +=
                "\n## Search indexing (Pagefind \(commandOutput([Bench.repository + "/.dossier-tool/venv/bin/python", "-m", "pip", "show", "pagefind-bin-extended"]).split(separator: "\n").first { $0.hasPrefix("Version:") }?.dropFirst(9) ?? "?"), after a build, one run)\n\n"
            text += SearchTimes.explanation
            text += "| articles | pages indexed | Pagefind alone, published pages | Pagefind alone, Dossier's pages | "
            text += "Dossier, whole index | after one article added | of which Pagefind's own |\n"
            text += "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
            for (size, search) in searched {
                text += "| \(size) | \(search.pages) | \(String(format: "%.2f s", search.pagefindPublished)) | "
                text +=
                    "\(String(format: "%.2f s", search.pagefindGiven)) | \(String(format: "%.2f s", search.full)) | "
                text +=
                    "\(String(format: "%.2f s", search.afterAdded)) | \(String(format: "%.2f s", search.afterAddedPagefind)) |\n"
            }
        }
        if !recall.isEmpty {
            text += """

                ## Search recall

                Recall is pages returned / pages whose indexed text holds the term; precision is correct / returned. \
                Measured by `Scripts/search-recall.py` in headless Chromium. Dossier's rows go through the real \
                search page; the others call Pagefind's `search()` directly. Terms: \
                `Tests/Fixtures/search/sample-terms.txt` and `corpus-terms.txt` (two to six characters: names, \
                知识产权, 专利, 人才, …).


                """
            text += SearchRecall.table(recall)
        }
        if let latency {
            text += "\n## Search page: a typed query to its first results (headless Chromium)\n\n" + latency.table
        }
        text += targets(rows, latency: latency)
        try Data(text.utf8).write(to: URL(fileURLWithPath: report))
    }

    /// The build core's targets, each marked met or missed from the figures above.
    private func targets(_ rows: [Row], latency: SearchLatency?) -> String {
        func mark(_ met: Bool) -> String { met ? "met" : "**missed**" }
        var lines: [String] = []
        for row in rows {
            if let hugo = row.hugo {
                let time = row.dossier.seconds / hugo.seconds
                let memory = row.dossier.peakMiB / hugo.peakMiB
                lines.append(
                    "| \(row.size) | full build ≤ 1/3 of Hugo's time | \(String(format: "%.2f", time)) | \(mark(time <= 1.0 / 3)) |"
                )
                lines.append(
                    "| \(row.size) | peak memory ≤ 1/8 of Hugo's | \(String(format: "%.2f", memory)) | \(mark(memory <= 1.0 / 8)) |"
                )
            }
            // One change ≤ 0.3 s, or 1 % of the full build where that is larger.
            let limit = max(0.3, row.dossier.seconds * 0.01)
            for name in ["one article added", "one article edited", "one entity's description edited"] {
                guard let change = row.incremental.first(where: { $0.0 == name }) else { continue }
                lines.append(
                    "| \(row.size) | \(name) ≤ \(String(format: "%.2f", limit)) s | \(String(format: "%.2f s", change.1.seconds)) | \(mark(change.1.seconds <= limit)) |"
                )
            }
            if !row.reload.isEmpty {
                let latency = median(row.reload)
                lines.append(
                    "| \(row.size) | serve: saved → reloaded ≤ 0.5 s | \(String(format: "%.2f s", latency)) | \(mark(latency <= 0.5)) |"
                )
            }
            if let search = row.search {
                for (pages, pagefind) in [("the published", search.pagefindPublished), ("Dossier's", search.pagefindGiven)]
                {
                    let ratio = search.full / pagefind
                    lines.append(
                        "| \(row.size) | search index ≤ 1.2× Pagefind alone on \(pages) pages | \(String(format: "%.2f×", ratio)) | \(mark(ratio <= 1.2)) |"
                    )
                }
                let extra = search.afterAdded - search.afterAddedPagefind
                lines.append(
                    "| \(row.size) | search index after one article added ≤ Pagefind's own time + 2 s | +\(String(format: "%.2f s", extra)) | \(mark(extra <= 2)) |"
                )
            }
            if row.size >= 30_000 {
                if let small = rows.first(where: { $0.size * 10 == row.size }) {
                    let ratio = row.dossier.seconds / small.dossier.seconds
                    lines.append(
                        "| \(row.size) | full build ≤ 12× the \(small.size) time | \(String(format: "%.1f×", ratio)) | \(mark(ratio <= 12)) |"
                    )
                }
                let limit = row.size >= 100_000 ? 2048.0 : 1024.0
                lines.append(
                    "| \(row.size) | peak memory < \(Int(limit)) MiB | \(String(format: "%.0f MiB", row.dossier.peakMiB)) | \(mark(row.dossier.peakMiB < limit)) |"
                )
            }
        }
        if let latency {
            let size = latency.articles
            lines += [
                "| \(size), real words | search page: median ≤ 0.5 s to the first results | \(String(format: "%.3f s", latency.medianSeconds)) | \(mark(latency.medianSeconds <= 0.5)) |",
                "| \(size), real words | search page: worst ≤ 2 s | \(String(format: "%.3f s", latency.worstSeconds)) | \(mark(latency.worstSeconds <= 2)) |",
                "| \(size), real words | search page: ≤ 300 KiB fetched per query | \(String(format: "%.0f KiB", latency.worstFirstKiB)) | \(mark(latency.worstFirstKiB <= 300)) |",
                "| \(size), real words | search page: recall and precision 1.000 | \(String(format: "%.3f / %.3f", latency.recall, latency.precision)) | \(mark(latency.recall == 1 && latency.precision == 1)) |",
            ]
        }
        guard !lines.isEmpty else { return "" }
        return """

            ## Targets

            | articles | target | measured | |
            | ---: | --- | ---: | --- |
            \(lines.joined(separator: "\n"))

            Where a target is missed, `docs/performance.md` gives the profile and what stands in the way.

            """
    }
}

/// A line on stdout at once, even when stdout is a file.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
