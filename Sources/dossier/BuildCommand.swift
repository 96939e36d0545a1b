import ArgumentParser
import DossierKit
import Foundation

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build", abstract: "Builds the site into Public/ (or --output).")

    @OptionGroup var site: SiteOption

    @Option(name: .long, help: "The output folder (default: Public/ in the site).")
    var output: String?

    @Option(name: .customLong("base-url"), help: "The URL the site is published at, instead of site.yml's base_url.")
    var baseURL: String?

    @Flag(name: .long, help: "Build drafts too.")
    var drafts = false

    @Flag(name: .long, help: "Build articles dated after the build's date too.")
    var future = false

    @Option(
        name: .customLong("as-of"),
        help: "The build's date, YYYY-MM-DD (default: SOURCE_DATE_EPOCH's day, else today, in the site's time zone).")
    var asOf: String?

    @Flag(name: .long, help: "Start the build store (.dossier-cache/) afresh and build every page.")
    var clean = false

    @Flag(
        name: .long,
        help:
            "Build into a non-empty folder that Dossier did not write: files the site does not produce are kept; each file it replaces is listed as a warning."
    )
    var force = false

    @Flag(name: .customLong("no-search"), help: "Do not index the site for search (Pagefind).")
    var noSearch = false

    @Flag(name: .shortAndLong, help: "Say how long each stage took.")
    var verbose = false

    func run() throws {
        if let baseURL, !SiteConfig.isValidBaseURL(baseURL) {
            throw UsageError("--base-url must be an absolute http(s) URL, not '\(baseURL)'")
        }
        var options = BuildOptions(
            site: try site.location(), output: output, baseURL: baseURL, includeDrafts: drafts, clean: clean,
            force: force,
            search: !noSearch, tools: try .ofThisProcess(search: !noSearch))
        options.includeFuture = future
        options.asOf = try buildDate(asOf: asOf)
        let report = try Builder.build(
            options, logger: PlainLogHandler.logger(verbose: verbose), progress: TerminalProgress.make())
        TerminalProgress.clear()
        for warning in report.warnings { printError(advised(warning)) }
        let stats = report.stats
        print(
            "Built \(report.pages) pages (\(report.files) files): \(stats.written) written, \(stats.unchanged) unchanged, "
                + "\(stats.removed) removed in \(String(format: "%.2f", report.seconds - (report.search?.seconds ?? 0))) s"
        )
        printLeftOut(report)
        if let search = report.search {
            print(
                search.pages == 0
                    ? "Search: no page to index yet (no articles or entities), so no search index"
                    : "Search: indexed \(search.pages) page\(search.pages == 1 ? "" : "s") in "
                        + "\(String(format: "%.2f", search.seconds)) s"
                        + (search.indexes > 1 ? " (\(search.indexes) parts, \(search.indexesMade) made anew)" : ""))
        }
        if report.keptWhole && options.search { print("Search: the index is the last build's; nothing changed since") }
        if let problem = report.searchProblem {
            printError("dossier: warning: search not built: " + advised(problem, report.searchRemedy))
        }
    }
}
