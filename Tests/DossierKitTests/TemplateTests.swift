import DossierKit
import Foundation
import Testing

/// The Mustache templates Dossier renders: the spec's tags, escaping,
/// standalone lines, partials and inheritance, and errors at their place.
struct TemplateTests {
    func render(_ templates: [String: String], _ context: TemplateObject, _ name: String = "main") throws -> String {
        var library = TemplateLibrary()
        for (templateName, text) in templates { library.register(try Template(text), named: templateName) }
        return library.render(context, template: name) ?? "(missing)"
    }

    @Test func variablesAreEscapedUnlessTripled() throws {
        let context: TemplateObject = ["x": "<a href=\"'&'\">", "n": 3]
        #expect(try render(["main": "{{x}}|{{{x}}}|{{&x}}|{{n}}|{{missing}}"], context) == "&lt;a href=&quot;&#39;&amp;&#39;&quot;&gt;|<a href=\"'&'\">|<a href=\"'&'\">|3|")
    }

    @Test func sectionsIterateTestAndNest() throws {
        let context: TemplateObject = [
            "items": [["name": "a"], ["name": "b"]], "yes": true, "no": false, "empty": [], "site": ["title": "T"],
            "name": "outer",
        ]
        #expect(try render(["main": "{{#items}}[{{name}}/{{site.title}}]{{/items}}"], context) == "[a/T][b/T]")
        #expect(try render(["main": "{{#yes}}y{{/yes}}{{#no}}n{{/no}}{{^no}}!n{{/no}}{{^empty}}none{{/empty}}"], context) == "y!nnone")
        #expect(try render(["main": "{{#site}}{{title}}{{/site}}|{{^empty(items)}}has{{/empty(items)}}{{#empty(empty)}}nothing{{/empty(empty)}}"], context) == "T|hasnothing")
        // A name missing in an item is looked up in the enclosing contexts.
        #expect(try render(["main": "{{#items}}{{missing}}{{name}}{{/items}}|{{#site}}{{name}}{{/site}}"], context) == "ab|outer")
    }

    @Test func standaloneTagsTakeTheirLine() throws {
        let template = "<ul>\n  {{#items}}\n  <li>{{.}}</li>\n  {{/items}}\n  {{! a comment }}\n</ul>\n"
        #expect(try render(["main": template], ["items": ["a", "b"]]) == "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n")
    }

    @Test func partialsAndInheritance() throws {
        let templates = [
            "base": "<title>{{$title}}Default{{/title}}</title>\n<main>{{$content}}{{/content}}</main>\n",
            "item": "<li>{{name}}</li>",
            "main": "{{<base}}{{$title}}Page {{name}}{{/title}}{{$content}}{{#items}}{{> item}}{{/items}}{{/content}}{{/base}}",
        ]
        let html = try render(templates, ["name": "X", "items": [["name": "a"], ["name": "b"]]])
        #expect(html == "<title>Page X</title>\n<main><li>a</li><li>b</li></main>\n")
        #expect(try render(templates, [:], "base") == "<title>Default</title>\n<main></main>\n")
    }

    /// An indented partial indents its own lines, never the text a variable puts in:
    /// an article's `<pre>` block keeps its code as written (the engine once indented
    /// every line of a partial's output).
    @Test func anIndentedPartialLeavesTheHTMLItShowsAlone() throws {
        let templates = ["main": "<main>\n    {{> body}}\n</main>\n", "body": "<article>\n{{{html}}}\n</article>\n"]
        let html = try render(templates, ["html": "<pre><code>first\nsecond\n</code></pre>"])
        #expect(html == "<main>\n    <article>\n    <pre><code>first\nsecond\n</code></pre>\n    </article>\n</main>\n")
    }

    @Test(arguments: [
        ("line one\n  {{#open}}\nnever closed", 2, 3, "never closed"),
        ("a {{/stray}}", 1, 3, "closes no section"),
        ("{{#a}}x{{/b}}", 1, 8, "closes 'a'"),
        ("ok\n中文{{name", 2, 3, "unclosed tag"),
        ("{{ upper(x) }}", 1, 1, "unknown transform"),
    ])
    func syntaxErrorsSayWhere(_ text: String, _ line: Int, _ column: Int, _ message: String) {
        do {
            _ = try Template(text)
            Issue.record("'\(text)' should not parse")
        } catch let error as Template.SyntaxError {
            #expect((error.line, error.column) == (line, column))
            #expect(error.message.contains(message))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func aBrokenSiteTemplateIsAContentErrorAtItsPlace() throws {
        let site = try TestSupport.copySite(TestSupport.fixture("briefing-en"))
        defer { TestSupport.remove(site) }
        try TestSupport.write("<li>\n  {{#title}}{{title}}\n</li>\n", to: site.appendingPathComponent("Templates/article-item.mustache"))
        let output = try TestSupport.temporaryFolder()
        defer { TestSupport.remove(output) }
        let result = try TestSupport.dossier(["build", "--output", output.path], in: site)
        #expect(result.status == 1)
        #expect(result.stderr.contains("Templates/article-item.mustache:2:3: error: template syntax error: section 'title' is never closed"))
        #expect(TestSupport.files(in: output).isEmpty)
    }
}
