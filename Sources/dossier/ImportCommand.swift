import ArgumentParser
import DossierKit
import Foundation

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Turns raw article extracts into annotated Markdown articles.",
        discussion: """
            Finds the title, the date and the author; removes repeated copies of the body and stray \
            fragments; writes every name the site's registry knows as an explicit annotation; and lists \
            what the registry may lack (titles in 《》, quoted programme names, organisations, numeric \
            targets) with the sentence each came from.
            """)

    @OptionGroup var site: SiteOption

    @Argument(help: "The extract files (UTF-8 or GB18030 text).")
    var files: [String]

    @Option(help: "The article's slug (one file only); default: the date and a short hash of the title.")
    var slug: String?

    @Option(name: .customLong("to"), help: "The folder to write into (default: Content/articles of the site).")
    var destination: String?

    @Flag(name: .customLong("dry-run"), help: "Print what would be written, and write nothing.")
    var dryRun = false

    @Flag(help: "Replace an existing article.")
    var force = false

    @Option(name: .customLong("suggest-files"), help: "Write draft entity files for the suggestions into this folder, for review.")
    var suggestFiles: String?

    func validate() throws {
        if slug != nil && files.count > 1 { throw ValidationError("--slug names one article; give one file") }
    }

    func run() throws {
        var diagnostics = Diagnostics()
        let importer = try Importer(
            site: try site.location(),
            options: .init(slug: slug, destination: destination, dryRun: dryRun, force: force, suggestionFolder: suggestFiles),
            diagnostics: &diagnostics)
        var results: [Importer.Result] = []
        for file in files {
            if let result = try importer.importFile(file, slugOverride: slug, diagnostics: &diagnostics) { results.append(result) }
        }
        for diagnostic in diagnostics.items { printError(diagnostic.description) }
        for result in results {
            if dryRun {
                print("# \(result.articlePath) (dry run: not written)")
                print(result.markdown)
            } else {
                print("Wrote \(result.articlePath): \(result.annotations) annotations")
            }
            if !result.suggestions.isEmpty {
                print("Suggestions for the registry (\(result.suggestions.count)):")
                for suggestion in result.suggestions {
                    let value = suggestion.value.map { " = \($0)" } ?? ""
                    print("  \(suggestion.kind): \(suggestion.name)\(value)  (\(suggestion.why))")
                    print("      \(suggestion.sentence)")
                }
            }
        }
        if diagnostics.hasErrors { throw ExitCode(1) }
    }
}
