import Foundation
import Testing

/// The theme's words in each script: Latin text with Latin punctuation and spaces
/// (`Also called: NGA`, `40 GW`), Chinese with full-width punctuation and no spaces
/// (`又称：省知识产权局`, `12万人`); and each page's own description in its head.
/// The English site is Tests/Fixtures/briefing-en, the Chinese one the sample site.
@Suite(.serialized) struct ThemeTextTests {
    static let english = TestSupport.fixture("briefing-en")
    static let python = TestSupport.repository.appendingPathComponent(".dossier-tool/venv/bin/python")

    /// Builds a copy of a site into its Public/, returning the site's folder.
    func built(_ source: URL, _ flags: [String] = ["--no-search"]) throws -> URL {
        let site = try TestSupport.copySite(source)
        let result = try TestSupport.run(TestSupport.dossier, ["build"] + flags, in: site)
        #expect(result.status == 0, "\(result.stderr)")
        return site
    }

    func page(_ site: URL, _ path: String) throws -> String {
        try TestSupport.read(site.appendingPathComponent("Public/" + path))
    }

    func pages(_ site: URL) -> [String] {
        TestSupport.files(in: site.appendingPathComponent("Public")).filter {
            $0.hasSuffix(".html") && !$0.hasPrefix("pagefind/")
        }
    }

    /// Records each snippet the page does not hold (without printing the whole page).
    func expect(
        _ site: URL, _ path: String, holds snippets: String..., sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let html = try page(site, path)
        for snippet in snippets where !html.contains(snippet) {
            Issue.record("\(path) does not hold \(snippet)", sourceLocation: sourceLocation)
        }
    }

    /// The text around a match, to say where it is.
    func context(_ html: String, _ range: Range<String.Index>) -> String {
        let from = html.index(range.lowerBound, offsetBy: -40, limitedBy: html.startIndex) ?? html.startIndex
        let to = html.index(range.upperBound, offsetBy: 20, limitedBy: html.endIndex) ?? html.endIndex
        return String(html[from..<to])
    }

    @Test func englishPagesHaveLatinPunctuationAndSpaces() throws {
        let site = try built(Self.english)
        defer { TestSupport.remove(site) }
        try expect(
            site, "institutions/grid-agency/index.html",
            holds: "<p class=\"aliases\">Also called: NGA, the grid operator</p>")
        try expect(site, "institutions/index.html", holds: "<div class=\"aliases\">NGA, the grid operator</div>")
        // A number and a Latin unit: the fixture's unit is `GW`, the space is the theme's.
        try expect(
            site, "figures/solar-capacity/index.html", holds: "<dd class=\"big\">40 GW</dd>",
            "<dd class=\"big\">24 GW<small> (1 September 2024)</small></dd>",
            "<dd>12 GW<small> (31 December 2022)</small></dd>", "<td class=\"num\">18 GW</td>", ">target 40 GW</text>",
            // Progress from the baseline: 12 → 24 of 12 → 40 GW.
            "aria-label=\"Progress: 42%\"",
            "<desc id=\"chart-solar-capacity-desc\">Target 40 GW (2027-12-31); 2022-12-31: 12 GW; 2023-12-01: 18 GW; 2024-09-01: 24 GW</desc>"
        )
        try expect(
            site, "index.html", holds: "<small>Target</small> 40 GW",
            "<div class=\"meta\">Deadline: 31 December 2027</div>")
        try expect(site, "articles/solar-plan-launched/index.html", holds: " · By Ann Writer")
        try expect(
            site, "initiatives/solar-plan/index.html",
            holds: "<span class=\"period\">1 January 2023 – 31 December 2027</span>")
        try expect(site, "search/index.html", holds: "data-results=\"{count} results for “{query}”\"")
        // No page of an English site shows full-width punctuation or a number glued to a Latin unit.
        let glued = try Regex("[0-9](GW|homes)")
        for path in pages(site) {
            let html = try page(site, path)
            if let wide = html.firstRange(of: try Regex("[：；，、（）。！？【】《》]")) {
                Issue.record("\(path): full-width punctuation in …\(context(html, wide))…")
            }
            if let match = html.firstMatch(of: glued) {
                Issue.record("\(path): a number glued to its unit in …\(context(html, match.range))…")
            }
        }
    }

    @Test func chinesePagesHaveFullWidthPunctuationAndNoSpaces() throws {
        let site = try built(TestSupport.repository)
        defer { TestSupport.remove(site) }
        try expect(site, "institutions/jiangsu-ipa/index.html", holds: "<p class=\"aliases\">又称：省知识产权局</p>")
        try expect(site, "articles/2022-02-17-jiangsu-ip-index/index.html", holds: " · 作者：蔡姝雯", " · 来源：新华日报")
        try expect(
            site, "figures/ip-talent-total/index.html", holds: "<dd class=\"big\">12万人</dd>",
            "<desc id=\"chart-ip-talent-total-desc\">目标12万人（2025-12-31）</desc>", ">目标12万人</text>", ">16万</text>",
            "<span>被1篇文章提及</span>")
        try expect(
            site, "figures/ip-index-rank/index.html", holds: "<dd class=\"big\">2位<small>（2021年12月31日）</small></dd>")
        try expect(site, "index.html", holds: "<div class=\"meta\">期限：2025年12月31日</div>", "<small>目标</small>12万人")
        try expect(site, "search/index.html", holds: "data-results=\"找到{count}条结果：“{query}”\"")
        // In the theme's Chinese no space sits between a number and the word beside it, and no
        // Latin colon, semicolon or bracket touches a Chinese character.
        let spaced = try Regex(
            "[0-9] [\\u4e00-\\u9fff]|[\\u4e00-\\u9fff] [0-9]|[\\u4e00-\\u9fff][:;(]|[)][\\u4e00-\\u9fff]")
        for path in pages(site) {
            let html = try page(site, path)
            if let match = html.firstMatch(of: spaced) {
                Issue.record("\(path): «\(html[match.range])» in …\(context(html, match.range))…")
            }
        }
    }

    /// Pagefind reads `Also called：NGA` as one word; `Also called: NGA` finds the agency by its alias.
    @Test func searchFindsAnEnglishEntityByItsAlias() throws {
        #expect(
            FileManager.default.isExecutableFile(atPath: Self.python.path),
            "no .dossier-tool/venv: `make test` installs Pagefind and Playwright there")
        let site = try built(Self.english, [])
        defer { TestSupport.remove(site) }
        let report = site.appendingPathComponent("recall.json")
        let search = try TestSupport.run(
            Self.python,
            [
                TestSupport.repository.appendingPathComponent("Scripts/search-recall.py").path, "--site",
                site.appendingPathComponent("Public").path, "--terms", "NGA", "--json", report.path,
            ])
        #expect(search.status == 0, "\(search.stdout)\n\(search.stderr)")
        let json = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any])
        let terms = try #require(json["terms"] as? [[String: Any]])
        let found = try #require(terms.first?["returned_urls"] as? [String])
        #expect(found.contains("/institutions/grid-agency/"), "NGA finds \(found)")
    }

    /// An entity's name in another language is in the search index: a Chinese site's
    /// institution is found by its English name, and its Japanese one.
    @Test func searchFindsAnEntityByItsNameInAnotherLanguage() throws {
        #expect(
            FileManager.default.isExecutableFile(atPath: Self.python.path),
            "no .dossier-tool/venv: `make test` installs Pagefind and Playwright there")
        let site = try built(TestSupport.fixture("briefing-zh-hant"), [])
        defer { TestSupport.remove(site) }
        let report = site.appendingPathComponent("recall.json")
        let search = try TestSupport.run(
            Self.python,
            [
                TestSupport.repository.appendingPathComponent("Scripts/search-recall.py").path, "--site",
                site.appendingPathComponent("Public").path, "--terms", "Energy Administration,エネルギー署", "--json",
                report.path,
            ])
        #expect(search.status == 0, "\(search.stdout)\n\(search.stderr)")
        let json = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any])
        let terms = try #require(json["terms"] as? [[String: Any]])
        #expect(terms.count == 2)
        for term in terms {
            let found = try #require(term["returned_urls"] as? [String])
            #expect(found.contains("/institutions/energy-administration/"), "\(term["term"] ?? "") finds \(found)")
        }
    }

    /// An article's head describes the article (its summary, else its first paragraph), an
    /// entity's its entity (its description's first paragraph); other pages, the site.
    @Test func eachPageDescribesItselfInItsHead() throws {
        let site = try built(Self.english)
        defer { TestSupport.remove(site) }
        let siteDescription =
            "<meta name=\"description\" content=\"Coverage of the clean-energy transition, by programme, agency and target.\">"
        try expect(site, "index.html", holds: siteDescription)
        try expect(
            site, "articles/solar-plan-launched/index.html",
            holds:
                "<meta name=\"description\" content=\"The Ministry of Energy launched the Solar Expansion Plan. It replaces the Solar Pilot Scheme.\">"
        )
        #expect(!(try page(site, "articles/solar-plan-launched/index.html")).contains(siteDescription))
        try expect(
            site, "institutions/energy-ministry/index.html",
            holds: "<meta name=\"description\" content=\"The national ministry responsible for energy policy.\">")

        let sample = try built(TestSupport.repository)
        defer { TestSupport.remove(sample) }
        try expect(
            sample, "articles/2022-02-17-jiangsu-ip-index/index.html",
            holds:
                "<meta name=\"description\" content=\"2月11日，2022年全省知识产权局系统工作会议召开，2021年江苏知识产权综合发展指数位居全国第二位，实现了“十四五”良好开局\">"
        )
    }
}
