import DossierKit
import Foundation
import Testing

/// Every example of the GFM spec (Tests/Fixtures/gfm-spec/) renders exactly as the
/// `cmark-gfm` command renders it with Dossier's extensions (SPEC's reference, not
/// the JSON's `html`); footnotes, which the command cannot render, match reviewed
/// golden files of the library's output, every reference and note linked both ways.
struct MarkdownConformanceTests {
    struct Example: Decodable, Sendable, CustomTestStringConvertible {
        var markdown: String
        var example: Int
        var section: String
        var file: String?
        var testDescription: String { "\(file ?? "") #\(example) (\(section))" }
        /// The command has no footnotes option: these examples are checked against golden files instead.
        var hasFootnotes: Bool { markdown.contains("[^") }
        /// Its golden file in footnotes/: `extensions-23.html` for extensions.json #23.
        var goldenName: String { "\((file ?? "").replacingOccurrences(of: ".json", with: ""))-\(example)" }
    }

    static let specFolder = TestSupport.fixture("gfm-spec")
    static let footnoteFolder = specFolder.appendingPathComponent("footnotes")

    static func examples() throws -> [Example] {
        var all: [Example] = []
        for name in ["spec.json", "extensions.json"] {
            var examples = try JSONDecoder().decode([Example].self, from: Data(contentsOf: specFolder.appendingPathComponent(name)))
            for index in examples.indices { examples[index].file = name }
            all += examples
        }
        return all
    }

    static func examplesWithoutFootnotes() throws -> [Example] { try examples().filter { !$0.hasFootnotes } }

    static let cmark = URL(fileURLWithPath: "/usr/bin/cmark-gfm")
    static let arguments = ["-e", "table", "-e", "strikethrough", "-e", "autolink", "-e", "tagfilter", "-e", "tasklist"]

    static func render(_ markdown: String) -> String {
        let linker = MarkdownLinker(resolver: ReferenceResolver(kinds: [], entities: []), options: MarkdownOptions(), headingIDs: false)
        let source = SourceText(path: "example.md", text: markdown)
        return linker.link(body: markdown, source: source, lineOffset: 0).html
    }

    @Test func theSpecExamplesAreThere() throws {
        let examples = try Self.examples()
        #expect(examples.filter { $0.file == "spec.json" }.count == 671)
        #expect(examples.filter { $0.file == "extensions.json" }.count == 28)
        // Only the footnote example is left to the golden files, and it has one.
        #expect(examples.filter(\.hasFootnotes).map(\.goldenName) == ["extensions-23"])
        for example in examples where example.hasFootnotes {
            let golden = Self.footnoteFolder.appendingPathComponent(example.goldenName + ".md")
            #expect(try TestSupport.read(golden) == example.markdown, "\(golden.lastPathComponent) is not the spec's example")
        }
    }

    @Test(arguments: try examplesWithoutFootnotes())
    func rendersLikeTheCommand(_ example: Example) throws {
        let expected = try TestSupport.run(Self.cmark, Self.arguments, input: example.markdown)
        #expect(expected.status == 0)
        #expect(Self.render(example.markdown) == expected.stdout)
    }

    /// The same through the command line, as users and outside tests call it: `dossier render FILE`.
    @Test func theRenderCommandPrintsWhatCmarkPrints() throws {
        let folder = try TestSupport.temporaryFolder("dossier-render")
        defer { TestSupport.remove(folder) }
        var mismatches: [Int] = []
        let examples = try Self.examplesWithoutFootnotes()
        #expect(examples.count == 698)
        for example in examples {
            let file = folder.appendingPathComponent("example.md")
            try Data(example.markdown.utf8).write(to: file)
            let expected = try TestSupport.run(Self.cmark, Self.arguments + [file.path])
            let actual = try TestSupport.dossier(["render", file.path], in: folder)
            if actual.status != 0 || actual.stdout != expected.stdout { mismatches.append(example.example) }
        }
        #expect(mismatches.isEmpty, "examples rendered differently: \(mismatches)")
    }

    /// The footnote fixtures: each `.md` beside its reviewed `.html` (footnotes/README.md).
    static func footnoteFixtures() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: footnoteFolder.path).filter { $0.hasSuffix(".md") && $0 != "README.md" }
            .map { String($0.dropLast(3)) }.sorted()
    }

    /// The command has no footnotes flag, so footnotes are checked against the library's
    /// own output (CMARK_OPT_FOOTNOTES), kept as a golden file a person reviewed, both as
    /// Dossier renders an article body and as `dossier render` prints it.
    @Test(arguments: try footnoteFixtures())
    func footnotesMatchTheReviewedGoldenFile(_ name: String) throws {
        let source = Self.footnoteFolder.appendingPathComponent(name + ".md")
        let golden = try TestSupport.read(Self.footnoteFolder.appendingPathComponent(name + ".html"))
        #expect(Self.render(try TestSupport.read(source)) == golden)
        let printed = try TestSupport.dossier(["render", source.path])
        #expect(printed.status == 0, "\(printed.stderr)")
        #expect(printed.stdout == golden)
        let problems = FootnoteLinks.problems(in: golden)
        #expect(problems.isEmpty, "\(name).html: \(problems)")
    }

    @Test func everyFootnoteFixtureIsChecked() throws {
        let fixtures = try Self.footnoteFixtures()
        #expect(fixtures.contains("extensions-23") && fixtures.count >= 2)
        for name in fixtures {
            #expect(FileManager.default.fileExists(atPath: Self.footnoteFolder.appendingPathComponent(name + ".html").path))
        }
    }

    /// Every reference leads to its note and every note back, however the notes are named.
    @Test func footnotesLinkBothWays() throws {
        let html = Self.render("Text[^a] and more[^b], and [^a] again.\n\n[^a]: First.\n[^b]: Second.\n")
        #expect(html.contains("<section class=\"footnotes\" data-footnotes>"))
        #expect(FootnoteLinks.problems(in: html).isEmpty, "\(FootnoteLinks.problems(in: html))")
        #expect(FootnoteLinks.references(in: html).count == 3)
    }

    /// The checker finds what it looks for: a reference to no note, a note no reference
    /// leads to, and a way back to no reference.
    @Test func theFootnoteCheckerFindsBrokenLinks() throws {
        let html = Self.render("Text[^a] and more[^b].\n\n[^a]: First.\n[^b]: Second.\n")
        #expect(FootnoteLinks.problems(in: html).isEmpty)
        let noNote = html.replacingOccurrences(of: "<li id=\"fn-b\">", with: "<li id=\"fn-c\">")
        #expect(!FootnoteLinks.problems(in: noNote).isEmpty)
        let noWayBack = html.replacingOccurrences(of: "href=\"#fnref-a\"", with: "href=\"#fnref-z\"")
        #expect(!FootnoteLinks.problems(in: noWayBack).isEmpty)
        let noReference = html.replacingOccurrences(of: "id=\"fnref-b\"", with: "id=\"fnref-y\"")
        #expect(!FootnoteLinks.problems(in: noReference).isEmpty)
    }
}

/// The footnote links of rendered HTML, as a reader follows them.
enum FootnoteLinks {
    struct Reference {
        var id: String
        var note: String
    }

    static func matches(_ pattern: String, in html: String) -> [[String]] {
        let expression = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
        return expression.matches(in: html, range: NSRange(html.startIndex..., in: html)).map { match in
            (1..<match.numberOfRanges).map { Range(match.range(at: $0), in: html).map { String(html[$0]) } ?? "" }
        }
    }

    /// `<a href="#fn-x" id="fnref-x…">`: the references in the text.
    static func references(in html: String) -> [Reference] {
        matches(##"<a href="#(fn-[^"]*)" id="(fnref-[^"]*)""##, in: html).map { Reference(id: $0[1], note: $0[0]) }
    }

    /// Each note's id and the references its back-links lead to.
    static func notes(in html: String) -> [(id: String, backReferences: [String])] {
        let parts = html.components(separatedBy: "<li id=\"").dropFirst()
        return parts.compactMap { part in
            guard let end = part.firstIndex(of: "\"") else { return nil }
            let id = String(part[..<end])
            guard id.hasPrefix("fn-") else { return nil }
            return (id, matches(##"href="#(fnref-[^"]*)""##, in: part).map { $0[0] })
        }
    }

    /// What is wrong with the links: each reference must lead to a note that links back
    /// to it, each note must be reached by a reference, and every way back must lead to
    /// a reference that leads to that note. Also: every `#fn-` and `#fnref-` link has an
    /// element with that id.
    static func problems(in html: String) -> [String] {
        var problems: [String] = []
        let references = references(in: html)
        let notes = notes(in: html)
        if references.isEmpty { problems.append("no footnote reference") }
        if notes.isEmpty { problems.append("no footnote") }
        let ids = Set(matches(#"\bid="([^"]*)""#, in: html).map { $0[0] })
        for target in matches(##"href="#(fn(?:ref)?-[^"]*)""##, in: html).map({ $0[0] }) where !ids.contains(target) {
            problems.append("#\(target) leads to no element")
        }
        for reference in references {
            guard let note = notes.first(where: { $0.id == reference.note }) else {
                problems.append("\(reference.id) leads to no note \(reference.note)")
                continue
            }
            if !note.backReferences.contains(reference.id) { problems.append("\(note.id) does not lead back to \(reference.id)") }
        }
        for note in notes {
            if !references.contains(where: { $0.note == note.id }) { problems.append("no reference leads to \(note.id)") }
            if note.backReferences.isEmpty { problems.append("\(note.id) has no way back") }
            for back in note.backReferences where !references.contains(where: { $0.id == back && $0.note == note.id }) {
                problems.append("\(note.id) leads back to \(back), which does not cite it")
            }
        }
        return problems
    }
}
