import ArgumentParser
import Foundation

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Writes a synthetic corpus as a Dossier site (DIR/dossier) and as the benchmark's Hugo site (DIR/hugo).")

    @Option(help: "How many articles.") var articles = 1_000
    @Option(help: "The folder to write into.") var out: String
    @Option(help: "Seed: the same seed writes the same corpus.") var seed: UInt64 = 1
    @Option(help: "The Hugo site to copy (configuration and layouts).") var hugo = Bench.sharedFolder + "/bench/hugo"

    func run() throws {
        let corpus = Corpus(articles: articles, seed: seed)
        try corpus.write(to: out, hugoTemplate: hugo)
        let mentions = corpus.articles.map(\.mentions.count).reduce(0, +)
        print("Wrote \(articles) articles and \(corpus.entities.count) entities (\(mentions) distinct mentions) to \(out)/dossier and \(out)/hugo")
    }
}
