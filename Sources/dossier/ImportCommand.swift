import ArgumentParser
import DossierKit
import Foundation

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Turns raw article extracts into annotated Markdown articles.",
        discussion: """
            Finds the title (a subtitle glued to it goes to the summary), the date and the author; \
            removes repeated copies of the body and stray fragments; makes short lines between \
            paragraphs subheadings; writes every name the site's registry knows as an explicit \
            annotation; and lists what the registry may lack (titles in 《》, quoted programme names, \
            organisations, people named with their titles, numeric targets) with the sentence each came \
            from, quoted phrases that read as figures of speech last. An extract the site already holds \
            (the same text, or the same title and date) is reported and not imported again.
            """)

    @OptionGroup var site: SiteOption

    @Argument(help: "The extract files (UTF-8 or GB18030 text).")
    var files: [String]

    @Option(
        help: """
            The article's slug (one file only); default: the Latin words of the title, else the date and a \
            short hash of the title.
            """)
    var slug: String?

    @Option(
        help: "The article's date (YYYY-MM-DD), for extracts that give none; it replaces any date an extract gives.")
    var date: String?

    @Option(name: .customLong("to"), help: "The folder to write into (default: Content/articles of the site).")
    var destination: String?

    @Flag(name: .customLong("dry-run"), help: "Print what would be written, and write nothing.")
    var dryRun = false

    @Flag(help: "Replace an existing article, or the site's copy of an extract it already holds.")
    var force = false

    @Option(
        name: .customLong("suggest-files"),
        help: "Write draft entity files for the suggestions into this folder, for review (never inside Content/).")
    var suggestFiles: String?

    func validate() throws {
        if slug != nil && files.count > 1 { throw ValidationError("--slug names one article; give one file") }
        if let date, DateValue(iso: date) == nil {
            throw ValidationError("--date must be an ISO 8601 date such as 2022-02-17, not '\(date)'")
        }
    }

    func run() throws {
        // Every file must be there before anything is written: a missing one is a usage error.
        for file in files { _ = try NamedFile.read(file) }
        var diagnostics = Diagnostics()
        var importer = try Importer(
            site: try site.location(),
            options: .init(
                slug: slug, date: date.flatMap { DateValue(iso: $0) }, destination: destination, dryRun: dryRun,
                force: force,
                suggestionFolder: suggestFiles),
            diagnostics: &diagnostics)
        var results: [Importer.Result] = []
        for file in files {
            if let result = try importer.importFile(file, slugOverride: slug, diagnostics: &diagnostics) {
                results.append(result)
            }
        }
        for diagnostic in diagnostics.items { printError(advised(diagnostic)) }
        for result in results {
            if let twin = result.alreadyIn {
                print("Skipped \(result.file): already in the site as \(twin)")
                continue
            }
            if dryRun {
                print("# \(result.articlePath) (dry run: not written)")
                print(result.markdown)
            } else {
                print("Wrote \(result.articlePath): \(result.annotations) annotations")
            }
            if !result.suggestions.isEmpty {
                print("Suggestions for the registry (\(result.suggestions.count)):")
                var weakHeader = false
                for suggestion in result.suggestions {
                    if suggestion.weak && !weakHeader {
                        print("  Less likely (quoted phrases that may be figures of speech; no draft files):")
                        weakHeader = true
                    }
                    let value = suggestion.value.map { " = \($0)" } ?? ""
                    print("  \(suggestion.kind): \(suggestion.name)\(value)  (\(suggestion.why))")
                    print("      \(suggestion.sentence)")
                }
            }
        }
        if diagnostics.hasErrors { throw ExitCode(1) }
    }
}
