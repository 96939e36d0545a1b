import ArgumentParser
import DossierKit
import Foundation

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Prints the HTML of one article's body (front matter stripped).",
        discussion: """
            Outside a site it renders exactly as `cmark-gfm` does with Dossier's extensions (bar soft \
            breaks between CJK characters); inside one, annotations resolve to the site's entity pages.
            """)

    @OptionGroup var site: SiteOption

    @Flag(name: .customLong("heading-ids"), help: "Give headings ids, as article pages do.")
    var headingIDs = false

    @Argument(help: "The Markdown file.")
    var file: String

    func run() throws {
        let data = try NamedFile.read(file)
        do {
            let rendered = try ArticleRendering.render(
                bytes: Array(data), path: file, site: site.site, headingIDs: headingIDs)
            FileHandle.standardOutput.write(Data(rendered.utf8))
        } catch let error as ContentError {
            // render writes no file, so the build's closing "nothing was written" does not apply.
            for diagnostic in error.diagnostics { printError(advised(diagnostic)) }
            let count = error.diagnostics.filter { $0.severity == .error }.count
            printError("dossier: \(count) error\(count == 1 ? "" : "s")")
            throw ExitCode(1)
        }
    }
}
