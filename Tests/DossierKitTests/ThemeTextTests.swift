import Foundation
import Testing

/// The theme's words in each script: Latin text with Latin punctuation and spaces
/// (`Also called: NGA`, `40 GW`), Chinese with full-width punctuation and no spaces
/// (`又称：省知识产权局`, `12万人`); and each page's own description in its head.
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
        TestSupport.files(in: site.appendingPathComponent("Public")).filter { $0.hasSuffix(".html") && !$0.hasPrefix("pagefind/") }
    }

    @Test func englishPagesHaveLatinPunctuationAndSpaces() throws {
        let site = try built(Self.english)
        defer { TestSupport.remove(site) }
        let agency = try page(site, "institutions/grid-agency/index.html")
        #expect(agency.contains("<p class=\"aliases\">Also called: NGA, the grid operator</p>"))
        #expect(try page(site, "institutions/index.html").contains("<div class=\"aliases\">NGA, the grid operator</div>"))
        // A number and a Latin unit: the unit is `GW` in the fixture, the space is the theme's.
        let figure = try page(site, "figures/solar-capacity/index.html")
        #expect(figure.contains("<dd class=\"big\">40 GW</dd>"))
        #expect(figure.contains("<dd class=\"big\">24 GW<small> (1 September 2024)</small></dd>"))
        #expect(figure.contains("<dd>12 GW<small> (31 December 2022)</small></dd>"))
        #expect(figure.contains("<td class=\"num\">18 GW</td>"))
        #expect(figure.contains(">target 40 GW</text>"))
        #expect(figure.contains("aria-label=\"Progress: 60%\""))
        let home = try page(site, "index.html")
        #expect(home.contains("<small>Target</small> 40 GW"))
        #expect(home.contains("<div class=\"meta\">Deadline: 31 December 2027</div>"))
        #expect(try page(site, "articles/solar-plan-launched/index.html").contains(" · By Ann Writer"))
        #expect(try page(site, "initiatives/solar-plan/index.html").contains("<span class=\"period\">1 January 2023 – 31 December 2027</span>"))
        // No page of an English site shows full-width punctuation or a number glued to a Latin unit.
        let glued = try Regex("[0-9](GW|homes)")
        for path in pages(site) {
            let html = try page(site, path)
            let wide = html.unicodeScalars.filter { "：；，、（）。！？【】《》".unicodeScalars.contains($0) }
            #expect(wide.isEmpty, "\(path) holds \(String(String.UnicodeScalarView(wide)))")
            #expect(html.firstMatch(of: glued) == nil, "\(path) glues a number to its unit")
        }
    }

    @Test func chinesePagesHaveFullWidthPunctuationAndNoSpaces() throws {
        let site = try built(TestSupport.repository)
        defer { TestSupport.remove(site) }
        #expect(try page(site, "institutions/jiangsu-ipa/index.html").contains("<p class=\"aliases\">又称：省知识产权局</p>"))
        let article = try page(site, "articles/2022-02-17-jiangsu-ip-index/index.html")
        #expect(article.contains(" · 作者：蔡姝雯"))
        #expect(article.contains(" · 来源：新华日报"))
        let talent = try page(site, "figures/ip-talent-total/index.html")
        #expect(talent.contains("<dd class=\"big\">12万人</dd>"))
        #expect(talent.contains("<desc id=\"chart-ip-talent-total-desc\">目标12万人（2025-12-31）</desc>"))
        #expect(talent.contains(">目标12万人</text>"))
        #expect(talent.contains("<span>被1篇文章提及</span>"))
        #expect(try page(site, "figures/ip-index-rank/index.html").contains("<dd class=\"big\">2位<small>（2021年12月31日）</small></dd>"))
        #expect(try page(site, "index.html").contains("<div class=\"meta\">期限：2025年12月31日</div>"))
        // In the theme's Chinese no space sits between a number and the word after it, and no
        // Latin colon or bracket follows a Chinese character.
        let spaced = try Regex("[0-9] [\\u4e00-\\u9fff]|[\\u4e00-\\u9fff] [0-9]|[\\u4e00-\\u9fff][:;(]|[)][\\u4e00-\\u9fff]")
        for path in pages(site) {
            let html = try page(site, path)
            if let match = html.firstMatch(of: spaced) {
                let from = html.index(match.range.lowerBound, offsetBy: -40, limitedBy: html.startIndex) ?? html.startIndex
                Issue.record("\(path): «\(html[match.range])» in …\(html[from..<match.range.upperBound])")
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

    /// An article's head describes the article (its summary, else its first paragraph), an
    /// entity's its entity; other pages keep the site's description.
    @Test func eachPageDescribesItselfInItsHead() throws {
        let site = try built(Self.english)
        defer { TestSupport.remove(site) }
        let siteDescription = "<meta name=\"description\" content=\"Coverage of the clean-energy transition, by programme, agency and target.\">"
        #expect(try page(site, "index.html").contains(siteDescription))
        let article = try page(site, "articles/solar-plan-launched/index.html")
        #expect(article.contains("<meta name=\"description\" content=\"The Ministry of Energy launched the Solar Expansion Plan. It replaces the Solar Pilot Scheme.\">"))
        #expect(!article.contains(siteDescription))
        let ministry = try page(site, "institutions/energy-ministry/index.html")
        #expect(ministry.contains("<meta name=\"description\" content=\"The national ministry responsible for energy policy.\">"))

        let sample = try built(TestSupport.repository)
        defer { TestSupport.remove(sample) }
        #expect(try page(sample, "articles/2022-02-17-jiangsu-ip-index/index.html").contains(
            "<meta name=\"description\" content=\"2月11日，2022年全省知识产权局系统工作会议召开，2021年江苏知识产权综合发展指数位居全国第二位，实现了“十四五”良好开局\">"))
    }
}
