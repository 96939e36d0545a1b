import ArgumentParser
import DossierKit
import Foundation

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Starts a new site: site.yml, an article, an entity of each kind and a page, ready to build.",
        discussion: """
            DIR (default: the current folder) is made if missing and must hold no Content/. The starter is \
            written in English, or in Simplified Chinese for zh, zh-CN, zh-SG and zh-Hans; any other language \
            gets the English starter with its language set.
            """)

    @Argument(help: "The folder of the new site.")
    var folder: String = "."

    @Option(name: .long, help: "The site's language, a BCP 47 tag (en, zh-CN, fr, …). Default: en.")
    var language: String?

    func run() throws {
        let absolute = folder.hasPrefix("/") ? folder : FileManager.default.currentDirectoryPath + "/" + folder
        let started = try SiteStarter.create(in: absolute, display: folder, language: language)
        let written = started.files.filter { !$0.hasSuffix(".gitkeep") && $0 != ".gitignore" }
        print("Started a new site in \(folder) (language \(started.language)):")
        for file in written { print("  \(folder == "." ? "" : folder + "/")\(file)") }
        for file in started.kept where file != "Public/.gitkeep" {
            print("  \(folder == "." ? "" : folder + "/")\(file) was there already, and is kept as it was")
        }
        if started.publicHoldsOtherFiles {
            print(
                "Public/ already holds files Dossier did not write: the first build into it needs --force "
                    + "(which keeps them), or build into another folder with --output")
        }
        let cd = folder == "." ? "" : "cd \(folder) && "
        print("Next: \(cd)dossier serve   (builds the site and shows it at http://127.0.0.1:8000/)")
    }
}
