import ArgumentParser
import DossierKit
import Foundation

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract:
            "Scaffolds an entity (Content/<kind>/ID.md), an article (Content/articles/<year>/SLUG.md) or a page (Content/pages/SLUG.md).")

    @OptionGroup var site: SiteOption

    @Argument(help: "`article`, `page`, or a kind's singular (initiative, institution, figure, …).")
    var kind: String

    @Argument(help: "The id or slug: [a-z0-9][a-z0-9-]*.")
    var id: String

    @Option(name: .long, help: "The article's date (default: today).")
    var date: String?

    func run() throws {
        let location = try site.location()
        let created = try Scaffold.create(kind: kind, id: id, date: date, site: location)
        print("Created \(created)")
        if kind == "article" {
            print(
                "It is a draft (draft: true): builds leave it out until you delete that line, or build with --drafts.")
        }
    }
}
