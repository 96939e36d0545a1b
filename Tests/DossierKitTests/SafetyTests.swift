import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Markup in what users write never becomes markup in the output. The site in
/// Tests/Fixtures/xss/payloads puts XSS payloads in every field a user writes
/// (site title, description, author, kind labels; article title, author, source,
/// summary, source_url, observation note; entity names, aliases, metric, unit;
/// Markdown bodies with raw HTML and javascript:/vbscript:/data: links); every file
/// of its build is then scanned as a browser or feed reader would read it.
@Suite struct SafetyTests {
    static let payloads = TestSupport.fixture("xss/payloads")
    static let rawHTML = TestSupport.fixture("xss/raw-html")
    static let article = "Content/articles/2022/evil-article.md"

    /// The payload site, built. `source_url: javascript:…` must be refused or not
    /// published as a link; when refused, it is replaced by an https URL that
    /// carries a payload of its own, and the site built again.
    static func buildPayloads() throws -> (site: URL, output: URL) {
        let site = try TestSupport.copySite(payloads)
        let output = site.appendingPathComponent("Public")
        var result = try TestSupport.dossier(["build"], in: site)
        if result.status == 1 {
            // Refused: the only error is the source_url, at its line (6) and value (column 13).
            let errors = ReportedDiagnostics.parse(result.stderr).filter { $0.severity == "error" }
            #expect(
                errors.map { "\($0.path):\($0.line):\($0.column)" } == ["\(article):6:13"], "stderr: \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: output.path), "a refused build wrote files")
            let url = site.appendingPathComponent(article)
            let text = try TestSupport.read(url)
            let safe = text.replacingOccurrences(
                of: "source_url: \"javascript:alert(1)\"",
                with: "source_url: \"https://example.org/\\\"><script>alert(1)</script>\"")
            #expect(safe != text)
            try TestSupport.write(safe, to: url)
            result = try TestSupport.dossier(["build"], in: site)
        }
        #expect(result.status == 0, "stderr: \(result.stderr)")
        return (site, output)
    }

    @Test func noPayloadBecomesMarkup() throws {
        let (site, output) = try Self.buildPayloads()
        defer { TestSupport.remove(site) }
        let files = TestSupport.files(in: output).filter { !$0.hasPrefix(".") }
        #expect(files.contains("index.html") && files.contains("feed.xml") && files.contains("sitemap.xml"))
        var problems: [String] = []
        for file in files {
            let url = output.appendingPathComponent(file)
            switch (file as NSString).pathExtension {
            case "html", "htm":
                problems += MarkupScanner.problems(inHTML: try TestSupport.read(url)).map { "\(file): \($0)" }
            case "xml", "svg":
                let text = try TestSupport.read(url)
                problems += MarkupScanner.problems(inHTML: text).map { "\(file): \($0)" }
                // HTML carried as text (type="html") is HTML to a feed reader: check it decoded.
                for (index, html) in MarkupScanner.embeddedHTML(inXML: text).enumerated() {
                    problems += MarkupScanner.problems(inHTML: html).map {
                        "\(file) (html content #\(index + 1)): \($0)"
                    }
                }
            case "css", "js", "woff", "woff2", "png",
                "ico" where file.hasPrefix("assets/"):
                continue  // the theme's own files
            case "txt":
                let text = try TestSupport.read(url)
                if text.range(of: "<script", options: .caseInsensitive) != nil {
                    problems.append("\(file): holds <script")
                }
            case "json", "csv", "bib", "sqlite":
                continue  // data, not markup: OpenDataTests reads each with its own parser
            case _ where file.hasPrefix("pagefind/"):
                continue  // Pagefind's index and scripts; the search page puts what it finds into the page as text nodes only
            default:
                problems.append("\(file): a kind of output file this test does not know how to check")
            }
        }
        #expect(problems.isEmpty, "\(problems.count) problems:\n\(problems.prefix(30).joined(separator: "\n"))")
    }

    /// Each field is shown as the text the user wrote: escaped, never dropped silently.
    @Test func payloadsAppearAsText() throws {
        let (site, output) = try Self.buildPayloads()
        defer { TestSupport.remove(site) }
        func page(_ path: String) throws -> String { try TestSupport.read(output.appendingPathComponent(path)) }
        let shown: [(file: String, text: String, what: String)] = [
            ("index.html", "<script>alert(1)</script>站点标题", "site title"),
            ("index.html", "\"><img src=x onerror=alert(1)>站点描述", "site description"),
            ("index.html", "'><svg onload=alert(1)>站点作者", "site author"),
            ("index.html", "<script>alert(1)</script>举措标签", "initiatives label"),
            ("index.html", "\"><img src=x onerror=alert(1)>机构标签", "institutions label"),
            ("index.html", "'><svg onload=alert(1)>指标标签", "figures label"),
            ("index.html", "javascript:alert(1)人物标签", "people label"),
            ("articles/evil-article/index.html", "<script>alert(1)</script>文章标题", "article title"),
            ("articles/evil-article/index.html", "\"><img src=x onerror=alert(1)>文章作者", "article author"),
            ("articles/evil-article/index.html", "'><svg onload=alert(1)>文章来源", "article source"),
            ("articles/index.html", "<script>alert(1)</script>文章摘要\"><img src=x onerror=alert(1)>", "article summary"),
            ("figures/evil-figure/index.html", "<script>alert(1)</script>观测备注", "observation note"),
            ("figures/evil-figure/index.html", "<script>alert(1)</script>指标口径", "metric"),
            ("figures/evil-figure/index.html", "\"><img src=x onerror=alert(1)>单位", "unit"),
            ("figures/evil-figure/index.html", "'><svg onload=alert(1)>指标名称", "figure name"),
            ("institutions/evil-bureau/index.html", "<script>alert(1)</script>机构名称", "institution name"),
            ("institutions/evil-bureau/index.html", "\"><img src=x onerror=alert(1)>机构别名", "alias"),
            ("initiatives/evil-plan/index.html", "javascript:alert(1)举措名称", "initiative name"),
            ("people/evil-person/index.html", "\"><img src=x onerror=alert(1)>人物姓名", "person name"),
            ("people/evil-person/index.html", "<script>alert(1)</script>人物别名", "person alias"),
            ("feed.xml", "<script>alert(1)</script>文章标题", "article title in the feed"),
            ("feed.xml", "'><svg onload=alert(1)>站点作者", "site author in the feed"),
        ]
        for (file, text, what) in shown {
            let html = MarkupScanner.normalizingQuotes(try page(file))
            #expect(html.contains(MarkupScanner.escapeText(text)), "\(what) is not shown escaped in \(file)")
        }
        // An https source_url keeps its link, the characters no URL may hold percent-encoded (valid HTML).
        let article = try page("articles/evil-article/index.html")
        let hrefs = MarkupScanner.tags(in: article).filter { $0.name == "a" }.compactMap { $0.attribute("href") }
        #expect(
            hrefs.contains {
                MarkupScanner.decodeEntities($0) == "https://example.org/%22%3E%3Cscript%3Ealert(1)%3C/script%3E"
            })
    }

    /// A base URL is the user's too: one with quotes or markup in it is not a URL,
    /// so `--base-url` is refused as wrong usage before anything is written.
    @Test func aHostileBaseURLIsRefused() throws {
        let site = try TestSupport.copySite(Self.rawHTML)
        defer { TestSupport.remove(site) }
        let base = "https://example.org/x'\"><script>alert(1)</script><img src=x onerror=alert(1)>/"
        let result = try TestSupport.dossier(["build", "--base-url", base], in: site)
        #expect(result.status == 2, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("--base-url must be an absolute http(s) URL"), "stderr: \(result.stderr)")
        #expect(
            !FileManager.default.fileExists(atPath: site.appendingPathComponent("Public").path),
            "a refused build wrote files")
    }

    /// The same in site.yml is a content error at the value, and nothing is written.
    @Test func aHostileBaseURLInSiteYmlIsAnErrorAtItsPlace() throws {
        let site = try TestSupport.copySite(Self.rawHTML)
        defer { TestSupport.remove(site) }
        try TestSupport.write(
            "title: Raw HTML\nbase_url: \"https://example.org/x'><script>alert(1)</script>/\"\n",
            to: site.appendingPathComponent("Content/site.yml"))
        let result = try TestSupport.dossier(["build"], in: site)
        #expect(result.status == 1, "stderr: \(result.stderr)")
        let errors = ReportedDiagnostics.parse(result.stderr).filter { $0.severity == "error" }
        #expect(
            errors.map { "\($0.path):\($0.line):\($0.column)" } == ["Content/site.yml:2:11"], "stderr: \(result.stderr)"
        )
        #expect(
            !FileManager.default.fileExists(atPath: site.appendingPathComponent("Public").path),
            "a build with errors wrote files")
    }

    /// A base URL may hold `&`, which means something in HTML and XML: wherever the
    /// URL appears it is escaped, so every feed and the sitemap stay well-formed XML
    /// and every link decodes to the URL given.
    @Test func aBaseURLWithAnAmpersandIsEscapedWhereverItAppears() throws {
        let site = try TestSupport.copySite(Self.rawHTML)
        defer { TestSupport.remove(site) }
        let base = "https://example.org/a&b=1/"
        let result = try TestSupport.dossier(["build", "--no-search", "--base-url", base], in: site)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let output = site.appendingPathComponent("Public")
        var appearances = 0
        for file in TestSupport.files(in: output) where file.hasSuffix(".html") || file.hasSuffix(".xml") {
            let text = try TestSupport.read(output.appendingPathComponent(file))
            #expect(!text.contains("https://example.org/a&b"), "\(file) holds the base URL unescaped")
            appearances += text.components(separatedBy: "https://example.org/a&amp;b=1/").count - 1
            if file.hasSuffix(".xml") {
                let parser = XMLParser(data: Data(text.utf8))
                #expect(parser.parse(), "\(file) is not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")")
            }
        }
        #expect(appearances > 0, "the base URL appears nowhere")
        let notFound = try TestSupport.read(output.appendingPathComponent("404.html"))
        let hrefs = MarkupScanner.tags(in: notFound).compactMap { $0.attribute("href") }.map(
            MarkupScanner.decodeEntities)
        #expect(hrefs.contains(base + "assets/style.css"), "404.html links: \(hrefs)")
    }

    /// Raw HTML is omitted unless site.yml says `unsafe_html: true`; even then the
    /// tagfilter extension disarms `<script>`.
    @Test(arguments: [("true", true), ("false", false), (nil, false)] as [(String?, Bool)])
    func rawHTMLFollowsUnsafeHTML(setting: String?, passes: Bool) throws {
        let site = try TestSupport.copySite(Self.rawHTML)
        defer { TestSupport.remove(site) }
        let config = site.appendingPathComponent("Content/site.yml")
        var lines = try TestSupport.read(config).split(separator: "\n").map(String.init).filter {
            !$0.hasPrefix("unsafe_html:")
        }
        if let setting { lines.append("unsafe_html: \(setting)") }
        try TestSupport.write(lines.joined(separator: "\n") + "\n", to: config)
        let result = try TestSupport.dossier(["build"], in: site)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let html = try TestSupport.read(site.appendingPathComponent("Public/articles/raw/index.html"))
        #expect(html.contains("<span class=\"raw\">raw</span>") == passes)
        #expect(html.contains("<div class=\"raw-block\">") == passes)
        #expect(html.contains("Inline "), "the text around raw HTML is kept")
        // No script but the page's JSON-LD.
        #expect(html.lowercased().components(separatedBy: "<script").count - 1 == MarkupScanner.jsonLD(in: html).count)
        #expect(MarkupScanner.problems(inHTML: html).isEmpty)
        // javascript:, vbscript: and data: links are removed (their text kept) even when raw HTML passes.
        for tag in MarkupScanner.tags(in: html) where tag.name == "a" {
            let href = tag.attribute("href") ?? ""
            #expect(MarkupScanner.dangerousScheme(href) == nil, "a link to \(href) was published")
        }
        #expect(html.contains("x y\nz"), "the text of removed links is kept")
    }

    @Test func scannerFindsWhatItLooksFor() {
        let bad = [
            "<script>alert(1)</script>", "<p>x</p><SCRIPT src=evil.js></SCRIPT>", "<img src=x onerror=alert(1)>",
            "<svg/onload=alert(1)>", "<a href=\"javascript:alert(1)\">x</a>",
            "<a href=\"&#106;avascript:alert(1)\">x</a>",
            "<a href=' JaVaScRiPt:alert(1)'>x</a>", "<a href=\"java&#x09;script:alert(1)\">x</a>",
            "<a href=vbscript:msgbox(1)>x</a>", "<iframe src=\"data:text/html;base64,PHNjcmlwdD4=\"></iframe>",
            "<a title=\"x\" href=\"data:text/html,hi\">x</a>", "<div title='a>b' onclick=\"x()\">",
        ]
        for html in bad {
            #expect(!MarkupScanner.problems(inHTML: html).isEmpty, "missed: \(html)")
        }
        let good = [
            "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
            "<p title=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\">x</p>",
            "<a href=\"../../institutions/x/\">javascript:alert(1)</a>", "<p>onerror=alert(1)</p>",
            "<link rel=\"stylesheet\" href=\"../assets/style.css\"><script src=\"../assets/search.js\"></script>",
        ]
        for html in good {
            #expect(MarkupScanner.problems(inHTML: html).isEmpty, "false alarm: \(html)")
        }
        let feed =
            "<feed><content type=\"html\">&lt;img src=x onerror=alert(1)&gt;</content><title>&lt;b&gt;</title></feed>"
        #expect(MarkupScanner.embeddedHTML(inXML: feed) == ["<img src=x onerror=alert(1)>"])
    }
}

/// A small HTML tokenizer, enough to find tags and attributes the way a browser
/// would (quoted values may hold `>`), and the checks made on them.
enum MarkupScanner {
    struct Tag {
        var name: String
        var attributes: [(name: String, value: String)]
        func attribute(_ name: String) -> String? { attributes.first { $0.name == name }?.value }
    }

    static let urlAttributes: Set<String> = [
        "href", "src", "action", "formaction", "xlink:href", "poster", "background", "cite", "data", "srcset", "lowsrc",
        "dynsrc", "ping",
    ]
    static let forbiddenTags: Set<String> = ["iframe", "frame", "frameset", "object", "embed", "applet", "base"]

    /// What is wrong in a page: script elements (other than the theme's own
    /// `<script src>` from assets/), event-handler attributes, javascript:, vbscript:
    /// and data: URLs, embedding elements, a refresh, or an injected `<img src=x>`.
    static func problems(inHTML html: String) -> [String] {
        var problems: [String] = []
        let tags = tags(in: html)
        var allowedScripts = 0
        for tag in tags {
            if tag.name == "script" {
                if let src = tag.attribute("src"), isThemeAsset(src) {
                    allowedScripts += 1
                } else if tag.attribute("src") == nil, tag.attribute("type") == "application/ld+json" {
                    allowedScripts += 1  // data, not code: its text is checked below
                } else {
                    problems.append("<script> element")
                }
            }
            if forbiddenTags.contains(tag.name) { problems.append("<\(tag.name)> element") }
            if tag.name == "img", tag.attribute("src") == "x" { problems.append("injected <img src=x>") }
            if tag.name == "meta", tag.attribute("http-equiv")?.lowercased() == "refresh" {
                problems.append("meta refresh")
            }
            for (name, value) in tag.attributes {
                if name.hasPrefix("on") && name.count > 2 { problems.append("event handler \(name)= on <\(tag.name)>") }
                if urlAttributes.contains(name) || name == "style", let scheme = dangerousScheme(value) {
                    problems.append("\(name)=\"\(value)\" (\(scheme)) on <\(tag.name)>")
                }
            }
        }
        // JSON-LD holds no `<` (so nothing in it can close it or open a comment), and parses.
        for body in jsonLD(in: html) {
            if body.contains("<") { problems.append("'<' inside JSON-LD") }
            if (try? JSONSerialization.jsonObject(with: Data(body.utf8))) == nil {
                problems.append("JSON-LD that does not parse")
            }
        }
        // Belt and braces: any "<script" at all that is not one of the allowed tags.
        let count = html.lowercased().components(separatedBy: "<script").count - 1
        if count > allowedScripts && !problems.contains("<script> element") { problems.append("<script in the text") }
        return problems
    }

    /// The text of each `<script type="application/ld+json">`, up to the first `</script`.
    static func jsonLD(in html: String) -> [String] {
        let opening = "<script type=\"application/ld+json\">"
        return html.components(separatedBy: opening).dropFirst().map { part in
            part.range(of: "</script", options: .caseInsensitive).map { String(part[..<$0.lowerBound]) } ?? part
        }
    }

    /// The theme's scripts, if it ever has any, live in assets/.
    static func isThemeAsset(_ src: String) -> Bool {
        var path = src
        while path.hasPrefix("../") { path.removeFirst(3) }
        if let range = path.range(of: "://") {  // an absolute URL from base_url (404.html)
            path = String(path[range.upperBound...].drop { $0 != "/" })
            while path.hasPrefix("/") { path.removeFirst() }
            guard let assets = path.range(of: "assets/") else { return false }
            return !path[assets.upperBound...].isEmpty && !path.contains("..")
        }
        return path.hasPrefix("assets/") && !path.contains("..") && !path.contains(":")
    }

    /// `javascript:` and friends as a browser sees them: entities decoded, tabs,
    /// newlines and leading control characters and spaces ignored, any case.
    static func dangerousScheme(_ value: String) -> String? {
        let decoded = decodeEntities(value).unicodeScalars.filter { $0.value > 0x20 && $0 != "\u{7F}" }
        let text = String(String.UnicodeScalarView(decoded)).lowercased()
        for scheme in ["javascript:", "vbscript:", "data:", "livescript:"]
        where text.hasPrefix(scheme) || text.contains("url(" + scheme) {
            return scheme
        }
        if text.contains("expression(") { return "expression(" }
        return nil
    }

    static func tags(in html: String) -> [Tag] {
        let s = Array(html.unicodeScalars)
        var tags: [Tag] = []
        var i = 0
        func starts(_ prefix: String, at j: Int) -> Bool {
            let p = Array(prefix.unicodeScalars)
            guard j + p.count <= s.count else { return false }
            for k in 0..<p.count where Character(s[j + k]).lowercased() != Character(p[k]).lowercased() { return false }
            return true
        }
        func skip(past end: String, from j: Int) -> Int {
            var k = j
            while k < s.count && !starts(end, at: k) { k += 1 }
            return min(k + end.unicodeScalars.count, s.count)
        }
        func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}" }
        while i < s.count {
            guard s[i] == "<" else {
                i += 1
                continue
            }
            if starts("<!--", at: i) {
                i = skip(past: "-->", from: i + 4)
                continue
            }
            if starts("<![CDATA[", at: i) {
                i = skip(past: "]]>", from: i + 9)
                continue
            }
            if i + 1 < s.count, s[i + 1] == "!" || s[i + 1] == "?" {
                i = skip(past: ">", from: i + 1)
                continue
            }
            var j = i + 1
            var closing = false
            if j < s.count, s[j] == "/" {
                closing = true
                j += 1
            }
            guard j < s.count, s[j].isASCII, s[j].properties.isAlphabetic else {
                i += 1
                continue
            }
            var name = ""
            while j < s.count, !isSpace(s[j]), s[j] != "/", s[j] != ">" {
                name.unicodeScalars.append(s[j])
                j += 1
            }
            var attributes: [(String, String)] = []
            while j < s.count {
                while j < s.count, isSpace(s[j]) || s[j] == "/" { j += 1 }
                if j >= s.count { break }
                if s[j] == ">" {
                    j += 1
                    break
                }
                var attribute = ""
                repeat {
                    attribute.unicodeScalars.append(s[j])
                    j += 1
                } while j < s.count && !isSpace(s[j]) && s[j] != "/" && s[j] != ">" && s[j] != "="
                while j < s.count, isSpace(s[j]) { j += 1 }
                var value = ""
                if j < s.count, s[j] == "=" {
                    j += 1
                    while j < s.count, isSpace(s[j]) { j += 1 }
                    if j < s.count, s[j] == "\"" || s[j] == "'" {
                        let quote = s[j]
                        j += 1
                        while j < s.count, s[j] != quote {
                            value.unicodeScalars.append(s[j])
                            j += 1
                        }
                        j += 1
                    } else {
                        while j < s.count, !isSpace(s[j]), s[j] != ">" {
                            value.unicodeScalars.append(s[j])
                            j += 1
                        }
                    }
                }
                attributes.append((attribute.lowercased(), value))
            }
            let lower = name.lowercased()
            if !closing { tags.append(Tag(name: lower, attributes: attributes)) }
            i = j
            // Raw text: nothing inside is a tag (a <script> was reported already).
            if !closing && (lower == "script" || lower == "style") { i = skip(past: "</\(lower)", from: i) }
        }
        return tags
    }

    /// The HTML that an XML document carries as text: elements with `type="html"`
    /// (Atom), XML-decoded once, or their CDATA.
    static func embeddedHTML(inXML xml: String) -> [String] {
        guard
            let pattern = try? NSRegularExpression(
                pattern: "<([A-Za-z:]+)\\b[^>]*\\btype\\s*=\\s*[\"']html[\"'][^>]*>(.*?)</\\1\\s*>",
                options: [.dotMatchesLineSeparators])
        else { return [] }
        let text = xml as NSString
        return pattern.matches(in: xml, range: NSRange(location: 0, length: text.length)).map { match in
            let inner = text.substring(with: match.range(at: 2))
            if inner.hasPrefix("<![CDATA[") && inner.hasSuffix("]]>") { return String(inner.dropFirst(9).dropLast(3)) }
            return decodeEntities(inner)
        }
    }

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        let named: [String: String] = [
            "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "colon": ":", "tab": "\t", "newline": "\n",
            "nbsp": "\u{A0}", "lpar": "(", "rpar": ")", "sol": "/",
        ]
        let s = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < s.count {
            guard s[i] == "&" else {
                out.append(s[i])
                i += 1
                continue
            }
            var j = i + 1
            if j < s.count, s[j] == "#" {
                j += 1
                var hex = false
                if j < s.count, s[j] == "x" || s[j] == "X" {
                    hex = true
                    j += 1
                }
                var digits = ""
                while j < s.count, hex ? s[j].properties.isASCIIHexDigit : ("0"..."9").contains(Character(s[j])) {
                    digits.unicodeScalars.append(s[j])
                    j += 1
                }
                if let value = UInt32(digits, radix: hex ? 16 : 10), let scalar = Unicode.Scalar(value) {
                    out.append(scalar)
                    i = j < s.count && s[j] == ";" ? j + 1 : j
                    continue
                }
            } else {
                var word = ""
                while j < s.count, s[j].properties.isAlphabetic, s[j].isASCII {
                    word.unicodeScalars.append(s[j])
                    j += 1
                }
                if let value = named[word.lowercased()] {
                    out.append(contentsOf: value.unicodeScalars)
                    i = j < s.count && s[j] == ";" ? j + 1 : j
                    continue
                }
            }
            out.append(s[i])
            i += 1
        }
        return String(out)
    }

    /// `&quot;`, `&#34;`, `&#39;`… → the quote itself, so that a check does not
    /// depend on which of the equivalent escapes a template engine chose.
    static func normalizingQuotes(_ html: String) -> String {
        var text = html
        for (entity, quote) in [
            ("&quot;", "\""), ("&#34;", "\""), ("&#x22;", "\""), ("&#X22;", "\""), ("&#39;", "'"), ("&#x27;", "'"),
            ("&#X27;", "'"), ("&apos;", "'"),
        ] {
            text = text.replacingOccurrences(of: entity, with: quote)
        }
        return text
    }

    /// Text as it must appear in HTML: `&`, `<` and `>` escaped (quotes compared
    /// after `normalizingQuotes`).
    static func escapeText(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
