import Foundation
import Testing

@testable import DossierKit
@testable import DossierPlan

/// The typed view models pages are described by, as templates read them
/// (`TemplateEncoder`), and the names the default theme's templates use.
@Suite struct ViewModelTests {
    @Test func aModelIsAnObjectOfTheNamesTemplatesRead() {
        let link = ArticleLink(
            title: "T", href: "articles/t/", date: "2024年1月2日", dateISO: "2024-01-02", summary: "S",
            entities: [EntityLink(name: "N", href: "initiatives/n/", kind: "initiatives", kindLabel: "Initiatives")],
            draft: false)
        let object = link.templateObject
        #expect(object.keys == ["title", "href", "date", "date_iso", "summary", "entities", "draft"])
        guard case .list(let items) = object["entities"], case .object(let entity) = items.first else {
            Issue.record("entities is not a list of objects: \(String(describing: object["entities"]))")
            return
        }
        #expect(entity["kind_label"] == TemplateValue.string("Initiatives"))
        // Nil is left out; OrFalse is false when empty.
        let fields = ArticleFields(
            title: "T", date: "d", dateISO: "i", html: "", summary: "", author: "A", draft: false)
        #expect(fields.templateObject["author"] == TemplateValue.string("A"))
        #expect(fields.templateObject["updated"] == nil)
        #expect(OrFalse<String>.none.templateValue == TemplateValue.bool(false))
    }

    @Test func theSecondOfTwoMergedModelsWinsWhereBothHaveAName() {
        let values = FigureValues(
            target: .value("30 GW"), deadline: .none, latest: .none, latestDate: .none, progress: .value(50),
            metric: .none, unit: .none, baseline: .none)
        let link = EntityLink(name: "N", href: "figures/n/", kind: "figures", kindLabel: "Figures")
        let kept = Merged(Merged(link, values), FigureDetails(observations: [], hasObservations: false)).templateObject
        #expect(kept["unit"] == TemplateValue.bool(false))
        #expect(kept["progress"] == TemplateValue.int(50))
        let replaced = Merged(Merged(link, values), FigureDetails(unit: "GW", observations: [], hasObservations: false))
            .templateObject
        #expect(replaced["unit"] == TemplateValue.string("GW"))
        #expect(replaced.keys.first == "name")
    }

    /// Every name the default theme's templates read is one that some page of the
    /// English fixture site gives them: a name misspelt in a template, or a view
    /// model's property renamed, fails here rather than showing nothing.
    @Test func viewModelsAreWhatTemplatesRead() throws {
        let given = try Self.namesPagesGive()
        let templates = TestSupport.repository.appendingPathComponent("Templates")
        let files = try FileManager.default.contentsOfDirectory(atPath: templates.path).filter {
            $0.hasSuffix(".mustache")
        }
        #expect(files.count >= 8)
        let tag = try NSRegularExpression(pattern: #"\{\{\{?\s*([#^&]?)\s*([A-Za-z_][A-Za-z0-9_.]*)"#)
        var read: Set<String> = []
        for file in files {
            let text = try String(contentsOf: templates.appendingPathComponent(file), encoding: .utf8)
            for match in tag.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let name = String(text[Range(match.range(at: 2), in: text)!])
                // `{{t.key}}` names a word of the interface; other dotted names each part.
                if name.hasPrefix("t.") || name == "empty" { continue }
                for part in name.split(separator: ".") { read.insert(String(part)) }
            }
        }
        #expect(read.count > 30)
        let missing = read.subtracting(given).sorted()
        #expect(missing.isEmpty, "the templates read names no page gives: \(missing)")
    }

    /// docs/theme.md is what a theme author reads instead of the code: it names every
    /// value some page gives and every word of the theme.
    @Test func theThemeDocumentNamesEveryValueAndWord() throws {
        let doc = try TestSupport.read(TestSupport.repository.appendingPathComponent("docs/theme.md"))
        let words = try TestSupport.read(TestSupport.repository.appendingPathComponent("Templates/i18n/en.yml"))
            .split(separator: "\n").filter { !$0.hasPrefix("#") && $0.contains(":") }
            .map { String($0.prefix { $0 != ":" }) }
        #expect(words.count > 80)
        var unnamed: [String] = []
        for name in try Self.namesPagesGive().union(words).sorted() {
            let pattern = try NSRegularExpression(pattern: "(?<![A-Za-z0-9_])\(name)(?![A-Za-z0-9_])")
            if pattern.firstMatch(in: doc, range: NSRange(doc.startIndex..., in: doc)) == nil { unnamed.append(name) }
        }
        #expect(unnamed.isEmpty, "docs/theme.md does not name \(unnamed)")
    }

    /// Every name some page of the sample site, the English fixture or check-faults gives its template.
    static func namesPagesGive() throws -> Set<String> {
        var given: Set<String> = []
        func collect(_ value: TemplateValue) {
            switch value {
            case .object(let object):
                for (key, item) in zip(object.keys, object.values) {
                    given.insert(key)
                    collect(item)
                }
            case .list(let items): items.forEach(collect)
            default: break
            }
        }
        // The sample site, the English fixture, and one whose articles give their sources.
        for folder in [TestSupport.repository, TestSupport.fixture("briefing-en"), TestSupport.fixture("check-faults")]
        {
            var diagnostics = Diagnostics()
            let site = try SiteLocation(folder.path)
            let content = try ContentPass(site: site, includeDrafts: false).content(diagnostics: &diagnostics)
            let validation = Validator.validate(content, diagnostics: &diagnostics)
            let graph = SiteLinker(content: content, validation: validation).link()
            var builder = PageBuilder(
                graph: graph, words: try TestSupport.themeWords(graph.config.language), favicon: "favicon.svg",
                asOf: DateValue(iso: "2026-01-01"))
            builder.dataFiles = [
                DataFile(path: "data/entities.json", word: "data_entities", rows: 3, bytes: 2_048, format: "JSON")
            ]
            let specs = builder.specs()
            for spec in specs { collect(.object(builder.page(spec).context)) }
        }
        return given
    }
}
