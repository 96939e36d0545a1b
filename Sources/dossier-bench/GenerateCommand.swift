import ArgumentParser
import Foundation

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract:
            "Writes a synthetic corpus as a Dossier site (DIR/dossier) and as the benchmark's Hugo site (DIR/hugo).")

    @Option(help: "How many articles.") var articles = 1_000
    @Option(help: "The folder to write into.") var out: String
    @Option(help: "Seed: the same seed writes the same corpus.") var seed: UInt64 = 1
    @Option(help: "The Hugo site to copy (configuration and layouts).") var hugo = Bench.sharedFolder + "/bench/hugo"
    @Flag(help: "Running text of real Chinese words (jieba's dictionary, installed on first use), not stock sentences.")
    var realWords = false

    func run() throws {
        let vocabulary = realWords ? try Vocabulary(jiebaDictionary: try SearchLatency.dictionary()) : nil
        let corpus = Corpus(articles: articles, seed: seed, vocabulary: vocabulary)
        try corpus.write(to: out, hugoTemplate: hugo)
        let mentions = corpus.articles.map(\.mentions.count).reduce(0, +)
        if realWords {
            try Data((corpus.searchTerms(count: 30).joined(separator: "\n") + "\n").utf8).write(
                to: URL(fileURLWithPath: out + "/terms.txt"))
        }
        print(
            "Wrote \(articles) articles and \(corpus.entities.count) entities (\(mentions) distinct mentions) to \(out)/dossier and \(out)/hugo"
        )
    }
}
