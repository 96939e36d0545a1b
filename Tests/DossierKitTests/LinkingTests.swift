import DossierKit
import Foundation
import Testing

/// Annotations on the cmark-gfm tree: what becomes a link to an entity, what the
/// validate stage finds wrong, what stays an ordinary link, and the sentence each
/// mention is quoted in.
struct LinkingTests {
    static let kinds = [
        EntityKind(folder: "institutions", singular: "institution", label: "机构"),
        EntityKind(folder: "initiatives", singular: "initiative", label: "举措"),
    ]
    static let resolver = ReferenceResolver(
        kinds: kinds,
        entities: [
            EntityRef(kind: "institutions", id: "jiangsu-ipa"), EntityRef(kind: "initiatives", id: "five-zones"),
        ])

    func link(_ markdown: String, headingIDs: Bool = true) -> LinkedMarkdown {
        let text = "---\ntitle: x\n---\n" + markdown
        let linker = MarkdownLinker(resolver: Self.resolver, options: MarkdownOptions(), headingIDs: headingIDs)
        return linker.link(body: markdown, source: SourceText(path: "a.md", text: text), lineOffset: 3)
    }

    /// What the validate stage reports of the annotations in `markdown`.
    func problems(_ markdown: String) -> Diagnostics {
        let text = "---\ntitle: x\n---\n" + markdown
        let links = Validator.links(in: markdown, source: SourceText(path: "a.md", text: text), lineOffset: 3)
        var diagnostics = Diagnostics()
        Validator.annotations(links, resolver: Self.resolver, diagnostics: &diagnostics)
        return diagnostics
    }

    @Test func annotationBecomesRelativeLinkToTheEntityPage() {
        let result = link("今年[省知识产权局](institution:jiangsu-ipa)表示。\n")
        #expect(
            result.html
                == "<p>今年<a class=\"mention mention-institutions\" href=\"../../institutions/jiangsu-ipa/\">省知识产权局</a>表示。</p>\n"
        )
        #expect(result.mentions.map(\.entity) == [EntityRef(kind: "institutions", id: "jiangsu-ipa")])
        #expect(problems("今年[省知识产权局](institution:jiangsu-ipa)表示。\n").items.isEmpty)
    }

    @Test func unknownIDIsAnErrorAtTheLinkWithASuggestion() {
        // Line 5 of the file (3 lines of front matter, a blank line); the `[` is the 4th character.
        let errors = problems("\n中文字[x](institution:jiangsu-ipx)\n").items
        #expect(errors.count == 1)
        #expect(errors.first?.location == SourceLocation(path: "a.md", line: 5, column: 4))
        #expect(errors.first?.message.contains("did you mean 'institution:jiangsu-ipa'") == true)
    }

    @Test func schemeCloseToASingularIsATypo() {
        #expect(
            problems("[x](institutoin:jiangsu-ipa)\n").items.first?.message.contains("did you mean 'institution'")
                == true)
    }

    @Test func otherSchemesAreOrdinaryLinks() {
        let result = link("[a](https://example.org) [b](mailto:a@b.c) [c](/local)\n")
        #expect(problems("[a](https://example.org) [b](mailto:a@b.c) [c](/local)\n").items.isEmpty)
        #expect(result.html.contains("<a href=\"https://example.org\">a</a>"))
        #expect(result.mentions.isEmpty)
    }

    @Test func dangerousLinksAreRemovedKeepingTheirText() {
        let result = link("[a](javascript:alert(1)) [b](VBScript:x) [c](data:text/html,x) <javascript:alert(2)>\n")
        #expect(!result.html.contains("href"))
        #expect(result.html.contains("a b c"))
    }

    @Test func malformedIDIsAnError() {
        #expect(
            problems("[x](institution:../../etc)\n").items.first?.message.contains("not a valid institution id") == true
        )
    }

    @Test func sentenceRunsBetweenTerminatorsAndKeepsClosingQuotes() {
        // SPEC: `。！？` end a sentence; Latin `!` only when white space follows.
        let result = link("前一句。“今年将实施[五区五高](initiative:five-zones)。”[省局](institution:jiangsu-ipa)说,下一步;继续!后面! 再后面。\n")
        let sentences = result.mentions.map(\.sentence.text)
        #expect(sentences == ["“今年将实施五区五高。”", "省局说,下一步;继续!后面!"])
        #expect(result.mentions[0].sentence.mention == "五区五高")
        #expect(result.mentions[0].sentence.before == "“今年将实施")
    }

    @Test func sentenceEndsAtTheParagraphEnd() {
        let result = link("第一段[省局](institution:jiangsu-ipa)没有句号\n\n第二段。\n")
        #expect(result.mentions.first?.sentence.text == "第一段省局没有句号")
    }

    /// A raw `<br>` parts the words either side in a quoted sentence, as a Markdown line
    /// break does; other raw HTML leaves nothing.
    @Test func aBreakTagIsASpaceInTheSentence() {
        let result = link(
            "The [agency](institution:jiangsu-ipa)<br>said so<BR />twice. [Zones](initiative:five-zones)<b>x</b>y.\n")
        #expect(result.mentions.map(\.sentence.text) == ["The agency said so twice.", "Zonesxy."])
    }

    @Test func softBreakBetweenCJKRendersAsNothing() {
        #expect(link("中文\n文本 and\nLatin\n").html == "<p>中文文本 and\nLatin</p>\n")
    }

    @Test func headingsGetIDsWithRepeatsNumbered() {
        let html = link("## Hello World\n\n## 五区 五高！\n\n## Hello World\n").html
        #expect(
            html
                == "<h2 id=\"hello-world\">Hello World</h2>\n<h2 id=\"五区-五高\">五区 五高！</h2>\n<h2 id=\"hello-world-2\">Hello World</h2>\n"
        )
    }

    @Test func rawHTMLIsOmittedUnlessAllowed() {
        #expect(link("a <b>x</b>\n").html == "<p>a <!-- raw HTML omitted -->x<!-- raw HTML omitted --></p>\n")
        let linker = MarkdownLinker(resolver: Self.resolver, options: MarkdownOptions(unsafeHTML: true))
        #expect(
            linker.link(body: "a <b>x</b>\n", source: SourceText(path: "a.md", text: ""), lineOffset: 0).html
                == "<p>a <b>x</b></p>\n")
    }

    @Test func frontMatterReferencesResolve() {
        #expect(
            Self.resolver.resolve("institution:jiangsu-ipa")
                == .entity(EntityRef(kind: "institutions", id: "jiangsu-ipa")))
        guard case .invalid(let message) = Self.resolver.resolve("instituion:jiangsu-ipa") else {
            Issue.record("a typo in the kind must be invalid")
            return
        }
        #expect(message.contains("did you mean 'institution'"))
    }
}
