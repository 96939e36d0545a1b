import ArgumentParser
import DossierKit
import Foundation

/// Autolinking's cost grows with the text, not with the number of names: builds
/// the matcher over N synthetic names and runs it over M megabytes of text.
struct AutolinkBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "autolink", abstract: "Times the name matcher on synthetic names and text.")

    @Option(help: "How many names to register.") var names = 10_000
    @Option(help: "How many megabytes of UTF-8 text to scan.") var megabytes = 100
    @Option(help: "Timed repetitions (after one warm-up).") var repetitions = 3
    @Option(help: "Seed of the synthetic input.") var seed: UInt64 = 42

    /// Common characters of policy news, so that names and text share prefixes as real ones do.
    static let alphabet = Array(
        "省市区县局厅委办中心协会学院联盟委员会工作站知识产权专利商标版权保护运用服务创新发展规划计划工程项目国家江苏南京苏州无锡常州南通扬州镇江徐州长三角一体化示范高质量产业科技人才培养合作开放国际标准"
            .unicodeScalars)

    func run() throws {
        var random = SplitMix64(seed: seed)
        var patterns: [(text: String, target: NameMatcher.Target)] = []
        var nameTexts: [String] = []
        for index in 0..<names {
            let length = Int.random(in: 4...12, using: &random)
            let text = String(
                String.UnicodeScalarView((0..<length).map { _ in Self.alphabet.randomElement(using: &random)! }))
            patterns.append((text, .entity(EntityRef(kind: "institutions", id: "e\(index)"))))
            nameTexts.append(text)
        }
        // Paragraphs of about 1,000 characters, one name in every ~40 characters.
        var paragraphs: [[Unicode.Scalar]] = []
        var bytes = 0
        while bytes < megabytes * 1_000_000 {
            var paragraph: [Unicode.Scalar] = []
            while paragraph.count < 1_000 {
                if Int.random(in: 0..<40, using: &random) == 0 {
                    paragraph.append(contentsOf: nameTexts.randomElement(using: &random)!.unicodeScalars)
                } else {
                    paragraph.append(Self.alphabet.randomElement(using: &random)!)
                }
            }
            bytes += paragraph.count * 3
            paragraphs.append(paragraph)
        }

        var build: [Double] = []
        var scan: [Double] = []
        var found = 0
        for repetition in 0...repetitions {
            var matcher = NameMatcher(patterns: [])
            let built = measure { matcher = NameMatcher(patterns: patterns) }
            var count = 0
            let scanned = measure {
                for paragraph in paragraphs { count += matcher.matches(in: paragraph).count }
            }
            if repetition > 0 {
                build.append(built)
                scan.append(scanned)
            }
            found = count
        }
        let megabytesScanned = Double(bytes) / 1_000_000
        print(
            "autolink: \(names) names, \(String(format: "%.1f", megabytesScanned)) MB of text in \(paragraphs.count) paragraphs, \(found) matches"
        )
        print(String(format: "  build the automaton: median %.3f s", median(build)))
        print(
            String(
                format: "  scan the text:       median %.2f s (%.1f MB/s)", median(scan),
                megabytesScanned / median(scan)))
        print(String(format: "  peak memory:         %.0f MiB", peakMemoryMiB()))
    }
}
