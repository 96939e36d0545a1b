import Foundation

/// The search page's answer time on a corpus of real Chinese words: each term typed
/// into the search page in headless Chromium, in a new browser each time, timed from
/// the last keystroke to the first results on screen, with the bytes fetched by then
/// (`Scripts/search-recall.py --latency`). The words and their frequencies come from
/// the dictionary PyPI's `jieba` ships; the generated corpus's own stock sentences
/// would put every character in every page.
struct SearchLatency {
    struct Term {
        var term: String
        var pages: Int
        var seconds: Double
        var firstKiB: Double
        var allKiB: Double
    }

    var articles: Int
    var pages: Int
    var terms: [Term]
    var recall: Double
    var precision: Double

    var medianSeconds: Double { median(terms.map(\.seconds)) }
    var worstSeconds: Double { terms.map(\.seconds).max() ?? 0 }
    var worstFirstKiB: Double { terms.map(\.firstKiB).max() ?? 0 }

    static let jiebaVersion = "0.42.1"

    /// jieba's dictionary, installed once into `.dossier-tool/jieba`.
    static func dictionary() throws -> String {
        let folder = Bench.repository + "/.dossier-tool/jieba-\(jiebaVersion)"
        let path = folder + "/jieba/dict.txt"
        if FileManager.default.fileExists(atPath: path) { return path }
        let python = Bench.repository + "/.dossier-tool/venv/bin/python"
        let install = Bench.run(
            [python, "-m", "pip", "install", "--quiet", "--no-deps", "--target", folder, "jieba==\(jiebaVersion)"],
            in: Bench.repository)
        guard install.status == 0, FileManager.default.fileExists(atPath: path) else {
            throw BenchError("cannot install jieba \(jiebaVersion) for its dictionary:\n\(install.output)")
        }
        return path
    }

    static func measure(dossier: String, articles: Int, count: Int, work: String) throws -> SearchLatency {
        let python = Bench.repository + "/.dossier-tool/venv/bin/python"
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw BenchError("no \(python): `make test-deps` installs Playwright there")
        }
        let vocabulary = try Vocabulary(jiebaDictionary: try dictionary())
        let corpus = Corpus(articles: articles, seed: 1, vocabulary: vocabulary)
        let folder = "\(work)/words-\(articles)"
        try corpus.write(to: folder, hugoTemplate: Bench.sharedFolder + "/bench/hugo")
        let terms = corpus.searchTerms(count: count)
        let termsFile = folder + "/terms.txt"
        try Data((terms.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: termsFile))
        let site = folder + "/dossier"
        let build = Bench.run([dossier, "build", "--clean"], in: site)
        guard build.status == 0, build.output.contains("Search: indexed") else {
            throw BenchError("building \(site) with its search index failed:\n\(build.output)")
        }
        let json = folder + "/latency.json"
        let run = Bench.run(
            [
                python, Bench.repository + "/Scripts/search-recall.py", "--site", site + "/Public", "--terms-file",
                termsFile,
                "--latency", "--json", json,
            ],
            in: Bench.repository)
        guard run.status == 0, let data = FileManager.default.contents(atPath: json),
            let report = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let rows = report["terms"] as? [[String: Any]]
        else { throw BenchError("search-recall.py --latency failed:\n\(run.output)") }
        let returned = rows.reduce(0) { $0 + ($1["returned"] as? Int ?? 0) }
        let correct = rows.reduce(0) { $0 + ($1["correct"] as? Int ?? 0) }
        return SearchLatency(
            articles: articles, pages: report["pages"] as? Int ?? 0,
            terms: rows.map {
                Term(
                    term: $0["term"] as? String ?? "", pages: $0["expected"] as? Int ?? 0,
                    seconds: $0["seconds"] as? Double ?? 0, firstKiB: ($0["first_bytes"] as? Double ?? 0) / 1024,
                    allKiB: ($0["all_bytes"] as? Double ?? 0) / 1024)
            },
            recall: report["overall_recall"] as? Double ?? 0,
            precision: returned == 0 ? 1 : Double(correct) / Double(returned))
    }

    var table: String {
        var text = """
            \(articles) articles of real Chinese words (drawn by frequency from jieba \(Self.jiebaVersion)'s \
            dictionary), \(pages) pages indexed; \(terms.count) terms of two to four characters, from the most \
            common to the rarest. Each term is typed into the search page in a new headless Chromium context (nothing \
            cached); "first results" is the time from the last keystroke to the first result on screen (the page \
            waits 120 ms after the last keystroke before it searches); "KiB then" is what was fetched by then, \
            "KiB in all" what was fetched once every "more results" was pressed. Pagefind's metadata and \
            WebAssembly (about 80 KiB) load with the page, before the first query, and are not counted. Recall \
            \(String(format: "%.3f", recall)), precision \(String(format: "%.3f", precision)).


            | term | pages with it | first results | KiB then | KiB in all |
            | --- | ---: | ---: | ---: | ---: |

            """
        for term in terms.sorted(by: { $0.pages > $1.pages }) {
            text += "| \(term.term) | \(term.pages) | \(String(format: "%.3f s", term.seconds)) | "
            text += String(format: "%.1f | %.1f |\n", term.firstKiB, term.allKiB)
        }
        text += String(
            format: "| **median / worst** | | **%.3f s / %.3f s** | %.1f / %.1f | |\n", medianSeconds, worstSeconds,
            median(terms.map(\.firstKiB)), worstFirstKiB)
        return text
    }
}
