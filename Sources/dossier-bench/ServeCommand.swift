import ArgumentParser
import Foundation

/// `serve`'s reload alone, on a corpus already generated: for trying a change to
/// the build without the whole run (the figures in BENCHMARKS.md come from `run`).
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Times dossier serve from an article saved to the open pages told to reload, on a generated site.")

    @Option(help: "The generated site (DIR/dossier of `generate`).") var site: String
    @Option(help: "The article to edit, as a path in the site; the last in file order when not given.")
    var article: String?
    @Option(help: "How many edits.") var times = 5
    @Option(help: "The dossier binary to time.") var dossier = ".build/release/dossier"

    func run() throws {
        let root = URL(fileURLWithPath: site).standardizedFileURL.path
        let file: String
        if let article {
            file = root + "/" + article
        } else {
            let articles = root + "/Content/articles"
            let all = (FileManager.default.enumerator(atPath: articles)?.allObjects as? [String] ?? []).filter {
                $0.hasSuffix(".md")
            }
            guard let last = all.sorted().last else { throw BenchError("no article in \(articles)") }
            file = articles + "/" + last
        }
        let binary = URL(fileURLWithPath: dossier).standardizedFileURL.path
        let seconds = try ServeLatency.measure(dossier: binary, site: root, article: file, times: times)
        let sorted = seconds.sorted()
        print(
            "serve reload: " + seconds.map { String(format: "%.2f s", $0) }.joined(separator: ", ")
                + String(format: "; median %.2f s", sorted[sorted.count / 2]))
    }
}
