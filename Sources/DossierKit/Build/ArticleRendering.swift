import DossierCore
import DossierLink
import DossierLoad
import DossierMarkdown
import DossierStore
import DossierTemplate
import DossierValidate
import Foundation
import Yams

/// `dossier render`: one Markdown file's body as HTML.
public enum ArticleRendering {
    /// Inside a site (a folder with `Content/site.yml`) annotations resolve against
    /// its entities; elsewhere every link is an ordinary one.
    public static func render(bytes: [UInt8], path: String, site: String, headingIDs: Bool) throws -> String {
        let source: SourceText
        switch SourceText.decode(bytes, path: path) {
        case .success(let text): source = text
        case .failure(let problem): throw ContentError(diagnostics: [problem])
        }
        // Only a block of YAML fields is front matter: `---` lines around anything
        // else are thematic breaks, and render as cmark-gfm renders them.
        var split = FrontMatterSplit(source.text)
        if let yaml = split.yaml, (try? Yams.compose(yaml: yaml))??.mapping == nil {
            split = FrontMatterSplit(body: source.text)
        }
        var resolver = ReferenceResolver(kinds: [], entities: [])
        var options = MarkdownOptions()
        var names: [EntityRef: String] = [:]
        var matcher: NameMatcher?
        var autolink = AutolinkMode.none
        if let location = try? SiteLocation(site),
            FileManager.default.fileExists(atPath: location.absolute("Content/site.yml"))
        {
            var diagnostics = Diagnostics()
            let (content, validation) = try ContentPass(site: location, includeDrafts: true).run(
                diagnostics: &diagnostics)
            if diagnostics.hasErrors { throw ContentError(diagnostics: diagnostics.sorted) }
            resolver = validation.resolver
            options.unsafeHTML = content.config.unsafeHTML
            for entity in content.entities { names[entity.ref] = entity.name }
            // Names are autolinked as the build links them: the article's `autolink:`, else the site's.
            matcher = NameMatcher(names: validation.names)
            let written = split.yaml.flatMap { (try? Yams.compose(yaml: $0))??.mapping?["autolink"]?.string }
            autolink = written.flatMap(AutolinkMode.init(rawValue:)) ?? content.config.autolink
        }
        var problems = Diagnostics()
        let links = Validator.links(in: split.body, source: source, lineOffset: split.bodyLineOffset)
        Validator.annotations(links, resolver: resolver, diagnostics: &problems)
        if problems.hasErrors { throw ContentError(diagnostics: problems.sorted) }
        let linker = MarkdownLinker(
            resolver: resolver, options: options, headingIDs: headingIDs, names: names, matcher: matcher)
        let result = linker.link(body: split.body, source: source, lineOffset: split.bodyLineOffset, autolink: autolink)
        return result.html
    }
}

/// `dossier new`: a new entity or article file with the fields to fill in.
public enum Scaffold {
    public static func create(kind: String, id: String, date: String?, site: SiteLocation) throws -> String {
        guard Naming.isValidID(id) else {
            throw UsageError("'\(id)' is not a valid id: it must match [a-z0-9][a-z0-9-]*")
        }
        guard let data = FileManager.default.contents(atPath: site.absolute("Content/site.yml")) else {
            throw UsageError("no site at '\(site.display)': Content/site.yml does not exist")
        }
        var diagnostics = Diagnostics()
        guard case .success(let source) = SourceText.decode(Array(data), path: site.displayPath("Content/site.yml")),
            let config = SiteConfig.read(source, diagnostics: &diagnostics)
        else { throw ContentError(diagnostics: diagnostics.sorted) }

        let relative: String
        let text: String
        if kind == "article" {
            var day = DateValue(iso: date ?? "") ?? today(in: config.timeZone)
            if date != nil && DateValue(iso: date!) == nil {
                throw UsageError("the date must be an ISO 8601 date, not '\(date!)'")
            }
            day.hasTime = false
            relative = "Content/articles/\(day.year)/\(id).md"
            text = """
                ---
                title: \(id)
                date: \(day.isoDay)
                author:
                source:
                draft: true
                ---

                Write the article here. Annotate a mention as `[name](\(config.kinds.first?.singular ?? "kind"):id)`.

                """
        } else if kind == "page" {
            relative = "Content/pages/\(id).md"
            text = """
                ---
                title: \(id)
                # menu: 1        (puts it in the site's navigation, ordered by the number)
                # toc: true      (a table of contents of its ## and ### headings)
                ---

                Write the page here. Link to an article as `[text](article:slug)`, to another page as `[text](page:slug)`.

                """
        } else if let found = config.kind(singular: kind) {
            relative = "Content/\(found.folder)/\(id).md"
            var fields =
                "name: \(id)\naliases: []\n# parent: \(found.singular):other-id\n# related: []\n# responsible: [institution:some-id]\n# start: 2021-01-01\n# end: 2025-12-31\n# status: active\n"
            if found.folder == "figures" {
                fields += "metric:\nunit:\ntarget:\n# baseline: { value: 0, date: 2020-12-31 }\ndeadline:\n"
            }
            text = "---\n\(fields)---\n\nDescribe the \(found.singular) here.\n"
        } else {
            let kinds = (["article", "page"] + config.kinds.map(\.singular)).joined(separator: ", ")
            throw UsageError("unknown kind '\(kind)'; use one of \(kinds)")
        }
        let target = site.absolute(relative)
        guard !FileManager.default.fileExists(atPath: target) else {
            throw UsageError("\(site.displayPath(relative)) already exists")
        }
        try writeUserFile(text, to: target, display: site.displayPath(relative))
        return site.displayPath(relative)
    }

    private static func today(in zone: TimeZone) -> DateValue {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day], from: Date())
        return DateValue(iso: String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!))!
    }
}
