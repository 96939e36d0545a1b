import ArgumentParser
import DossierKit
import Foundation

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validates the content, builds the site and checks every internal link, fragment and entity page.",
        discussion: """
            Builds into a temporary folder unless --output is given. Problems are reported as \
            path:line:column, at the Markdown link they came from where there is one, else in the built page. \
            External links are listed; --external fetches them.
            """)

    @OptionGroup var site: SiteOption

    @Option(name: .long, help: "Build into this folder (kept) instead of a temporary one.")
    var output: String?

    @Flag(
        name: .long,
        help:
            "Fetch every external link (HEAD, then GET where HEAD is refused), with a timeout and at most 8 at a time.")
    var external = false

    @Option(
        name: .customLong("as-of"),
        help: "The build's date, YYYY-MM-DD (default: SOURCE_DATE_EPOCH's day, else today, in the site's time zone).")
    var asOf: String?

    @Flag(name: .long, help: "Add the editorial warnings: unmentioned entities, overdue or stale figures, …")
    var lint = false

    @Flag(name: .long, help: "Any warning makes the check fail (exit 1), for CI.")
    var strict = false

    @Option(name: .long, help: "Seconds to wait for each external link.")
    var timeout: Double = 10

    func run() async throws {
        let location = try site.location()
        var temporary: String?
        if output == nil {
            let template = NSTemporaryDirectory() + "dossier-check-XXXXXX"
            var bytes = Array(template.utf8CString)
            guard mkdtemp(&bytes) != nil else { throw EnvironmentError("cannot make a temporary folder") }
            temporary = String(cString: bytes)
        }
        let outputPath = output ?? temporary!
        var options = BuildOptions(
            site: location, output: outputPath, search: false, tools: try .ofThisProcess(search: false))
        options.needsPageSources = true
        options.asOf = try buildDate(asOf: asOf)
        options.lint = lint
        let report = try Builder.build(
            options, logger: PlainLogHandler.logger(verbose: false),
            progress: TerminalProgress.make())
        TerminalProgress.clear()
        for warning in report.warnings { printError(advised(warning)) }

        let folder =
            outputPath.hasPrefix("/") ? outputPath : FileManager.default.currentDirectoryPath + "/" + outputPath
        let checker = SiteChecker(
            folder: folder, display: output ?? temporary!, baseURL: report.baseURL, sources: report.sources,
            required: report.entityPages)
        let result = checker.check()
        var problems = result.problems
        if external {
            problems += await ExternalLinks.fetch(result.external, timeout: timeout)
        }
        for problem in problems.sorted(by: { ($0.location, $0.message) < ($1.location, $1.message) }) {
            printError(problem.description)
        }
        if !result.external.isEmpty {
            print(
                "External links (\(result.external.count)\(external ? ", fetched" : ", not fetched: --external fetches them")):"
            )
            for link in result.external {
                print("  \(link.url)  (\(link.location.path):\(link.location.line):\(link.location.column))")
            }
        }
        let inBuiltPages = problems.contains { $0.location.path.hasPrefix(output ?? temporary!) }
        if let temporary {
            if inBuiltPages {
                print("The site built for checking is kept at \(temporary), where the problems above point.")
            } else {
                try? FileManager.default.removeItem(atPath: temporary)
            }
        }
        let count = problems.count
        print(
            "Checked \(result.pages) pages and \(result.links) links: "
                + (count == 0 ? "no problems" : "\(count) problem\(count == 1 ? "" : "s")"))
        if count > 0 { throw ExitCode(1) }
        if strict && !report.warnings.isEmpty {
            printError("dossier: \(report.warnings.count) warning\(report.warnings.count == 1 ? "" : "s"), and --strict")
            throw ExitCode(1)
        }
    }
}
