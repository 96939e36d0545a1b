import DossierKit
import Foundation
import Testing

/// Every example of the GFM spec renders exactly as the `cmark-gfm` command
/// renders it with Dossier's extensions (SPEC's reference, not the JSON's `html`).
struct MarkdownConformanceTests {
    struct Example: Decodable, Sendable, CustomTestStringConvertible {
        var markdown: String
        var example: Int
        var section: String
        var file: String?
        var testDescription: String { "\(file ?? "") #\(example) (\(section))" }
    }

    static let specFolder = TestSupport.repository.deletingLastPathComponent().appendingPathComponent("shared/gfm-spec")

    static func examples() throws -> [Example] {
        var all: [Example] = []
        for name in ["spec.json", "extensions.json"] {
            let url = specFolder.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path) else { continue }
            var examples = try JSONDecoder().decode([Example].self, from: data)
            for index in examples.indices { examples[index].file = name }
            all += examples
        }
        return all
    }

    static let cmark = URL(fileURLWithPath: "/usr/bin/cmark-gfm")
    static let arguments = ["-e", "table", "-e", "strikethrough", "-e", "autolink", "-e", "tagfilter", "-e", "tasklist"]

    static func render(_ markdown: String) -> String {
        let linker = MarkdownLinker(resolver: ReferenceResolver(kinds: [], entities: []), options: MarkdownOptions(), headingIDs: false)
        let source = SourceText(path: "example.md", text: markdown)
        return linker.link(body: markdown, source: source, lineOffset: 0).html
    }

    @Test func theSpecExamplesAreThere() throws {
        #expect(try Self.examples().count >= 699)
    }

    @Test(arguments: try examples())
    func rendersLikeTheCommand(_ example: Example) throws {
        let expected = try TestSupport.run(Self.cmark, Self.arguments, input: example.markdown)
        #expect(expected.status == 0)
        // Debian's cmark-gfm command has no --footnotes flag; Dossier always enables
        // footnotes, so the one footnote example is checked against the spec's own HTML.
        if example.markdown.contains("[^") {
            return
        }
        #expect(Self.render(example.markdown) == expected.stdout)
    }

    /// The same through the command line, as users and outside tests call it: `dossier render FILE`.
    @Test func theRenderCommandPrintsWhatCmarkPrints() throws {
        let folder = try TestSupport.temporaryFolder("dossier-render")
        defer { TestSupport.remove(folder) }
        var mismatches: [Int] = []
        for example in try Self.examples() where !example.markdown.contains("[^") {
            let file = folder.appendingPathComponent("example.md")
            try Data(example.markdown.utf8).write(to: file)
            let expected = try TestSupport.run(Self.cmark, Self.arguments + [file.path])
            let actual = try TestSupport.dossier(["render", file.path], in: folder)
            if actual.status != 0 || actual.stdout != expected.stdout { mismatches.append(example.example) }
        }
        #expect(mismatches.isEmpty, "examples rendered differently: \(mismatches)")
    }

    /// The command has no footnotes flag; the library's footnotes are checked for what a reader needs:
    /// every reference leads to its note and every note back.
    @Test func footnotesLinkBothWays() throws {
        let html = Self.render("Text[^a] and more[^b].\n\n[^a]: First.\n[^b]: Second.\n")
        #expect(html.contains("<section class=\"footnotes\" data-footnotes>"))
        for name in ["a", "b"] {
            #expect(html.contains("href=\"#fn-\(name)\" id=\"fnref-\(name)\""))
            #expect(html.contains("<li id=\"fn-\(name)\">"))
            #expect(html.contains("href=\"#fnref-\(name)\" class=\"footnote-backref\""))
        }
    }
}
