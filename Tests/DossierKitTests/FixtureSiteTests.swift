import Foundation
import Testing

/// The English fixture site (Tests/Fixtures/briefing-en): pagination, drafts, a
/// custom kind, relations both ways, a figure's observations, static files and
/// a site's own template.
@Suite(.serialized) struct FixtureSiteTests {
    static let site = TestSupport.fixture("briefing-en")

    func build(_ extra: [String] = []) throws -> URL {
        let output = try TestSupport.temporaryFolder("dossier-en")
        let result = try TestSupport.dossier(["build", "--site", Self.site.path, "--output", output.path] + extra)
        #expect(result.status == 0, "build failed: \(result.stderr)")
        #expect(result.stderr.isEmpty, "unexpected warnings: \(result.stderr)")
        return output
    }

    func read(_ output: URL, _ path: String) throws -> String { try TestSupport.read(output.appendingPathComponent(path)) }

    @Test func articlesArePagedNewestFirstWithEnglishStrings() throws {
        let output = try build()
        defer { TestSupport.remove(output) }
        let first = try read(output, "articles/index.html")
        #expect(first.contains("All articles"))
        let firstTitle = try #require(first.range(of: "Capacity at 24 GW"))
        let secondTitle = try #require(first.range(of: "Community fund opens"))
        #expect(firstTitle.lowerBound < secondTitle.lowerBound)
        #expect(!first.contains("The grid needs work"))
        #expect(first.contains("href=\"../articles/page/2/\""))
        let third = try read(output, "articles/page/3/index.html")
        #expect(third.contains("Solar plan launched"))
        #expect(third.contains("href=\"../../../articles/page/2/\""))
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("articles/page/4").path))
        #expect(try HTMLLinks.broken(in: output).isEmpty)
    }

    @Test func draftsAreBuiltOnlyWhenAsked() throws {
        let output = try build()
        defer { TestSupport.remove(output) }
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("articles/draft-notes/index.html").path))
        let ministry = try read(output, "institutions/energy-ministry/index.html")
        #expect(!ministry.contains("Unpublished notes"))
        let withDrafts = try build(["--drafts"])
        defer { TestSupport.remove(withDrafts) }
        #expect(try read(withDrafts, "articles/draft-notes/index.html").contains("Unpublished notes"))
    }

    @Test func entityMentionsArePagedAndQuoted() throws {
        let output = try build()
        defer { TestSupport.remove(output) }
        let ministry = try read(output, "institutions/energy-ministry/index.html")
        // Three articles mention it: two on the first page, newest first, the third on page 2.
        #expect(ministry.contains("<mark>Ministry of Energy</mark> said."))
        #expect(ministry.contains("The <mark>Ministry of Energy</mark> agreed!"))
        let second = try read(output, "institutions/energy-ministry/page/2/index.html")
        #expect(second.contains("The <mark>Ministry of Energy</mark> launched the Solar Expansion Plan."))
        #expect(try read(output, "institutions/energy-ministry/feed.xml").contains("<title>Solar plan launched</title>"))
    }

    @Test func relationsAreShownBothWays() throws {
        let output = try build()
        defer { TestSupport.remove(output) }
        let ministry = try read(output, "institutions/energy-ministry/index.html")
        #expect(ministry.contains("href=\"../../institutions/grid-agency/\""), "a parent lists its children")
        #expect(ministry.contains("href=\"../../initiatives/solar-plan/\""), "an institution lists what it is responsible for")
        let plan = try read(output, "initiatives/solar-plan/index.html")
        #expect(plan.contains("href=\"../../initiatives/old-solar-plan/\""), "a successor lists what it supersedes")
        #expect(plan.contains("href=\"../../figures/solar-capacity/\""))
        let figure = try read(output, "figures/solar-capacity/index.html")
        #expect(figure.contains("href=\"../../initiatives/solar-plan/\""), "related is listed on both pages")
        let old = try read(output, "initiatives/old-solar-plan/index.html")
        #expect(old.contains("Superseded"))
        #expect(old.contains("1 January 2019 – 31 December 2022"))
        let programme = try read(output, "programmes/community-energy/index.html")
        #expect(programme.contains("href=\"../../initiatives/grid-upgrade/\""))
        #expect(try read(output, "programmes/index.html").contains("Community Energy Fund"))
    }

    @Test func figureChartsBaselineAndObservations() throws {
        let output = try build()
        defer { TestSupport.remove(output) }
        let figure = try read(output, "figures/solar-capacity/index.html")
        #expect(figure.components(separatedBy: "<circle class=\"point\"").count - 1 == 3)
        #expect(figure.contains("class=\"target\""))
        #expect(figure.contains("<desc id=\"chart-solar-capacity-desc\">Target 40 GW (2027-12-31); 2022-12-31: 12 GW; 2023-12-01: 18 GW; 2024-09-01: 24 GW</desc>"))
        let table = try #require(figure.range(of: "<table class=\"observations\""))
        let reported = try #require(figure.range(of: "1 December 2023", range: table.upperBound..<figure.endIndex))
        let later = try #require(figure.range(of: "1 September 2024", range: table.upperBound..<figure.endIndex))
        #expect(reported.lowerBound < later.lowerBound)
        #expect(figure.contains("provisional"))
        #expect(try read(output, "index.html").contains("24 GW"))
    }

    @Test func relatedArticlesAreOlderOnesRankedByRareSharedEntities() throws {
        let output = try build()
        defer { TestSupport.remove(output) }
        let page = try read(output, "articles/capacity-update/index.html")
        let section = try #require(page.range(of: "related-articles"))
        let rest = page[section.lowerBound...]
        // The capacity figure (two articles) is rarer than the ministry or the plan (three each).
        let best = try #require(rest.range(of: "Capacity passes 18 GW"))
        let second = try #require(rest.range(of: "Solar plan launched"))
        let third = try #require(rest.range(of: "The grid needs work"))
        #expect(best.lowerBound < second.lowerBound && second.lowerBound < third.lowerBound)
        #expect(!rest.contains("Community fund opens"), "shares no entity")
        // Only older articles count, so adding one leaves older pages as they were.
        let oldest = try read(output, "articles/solar-plan-launched/index.html")
        #expect(!oldest.contains("related-articles"))
        #expect(oldest.contains("rel=\"next\""))
    }

    @Test func staticFilesAndSiteTemplatesOverrideTheTheme() throws {
        let output = try build()
        defer { TestSupport.remove(output) }
        #expect(try read(output, "CNAME") == "briefing.example.com\n")
        #expect(try read(output, "docs/report.pdf") == "Not really a PDF.\n")
        #expect(try read(output, "assets/extra.css").contains("site-override"))
        #expect(try read(output, "index.html").contains("class=\"article-item site-override\""))
        // Headings keep ids, repeats numbered.
        let update = try read(output, "articles/capacity-update/index.html")
        #expect(update.contains("<h2 id=\"progress\">Progress</h2>"))
        #expect(update.contains("<h2 id=\"progress-2\">Progress</h2>"))
    }

    @Test func baseURLOverrideChangesLinksButNotAtomIDs() throws {
        let output = try build(["--base-url", "https://preview.example.net/pr-7/"])
        defer { TestSupport.remove(output) }
        let feed = try read(output, "feed.xml")
        #expect(feed.contains("href=\"https://preview.example.net/pr-7/articles/capacity-update/\""))
        #expect(feed.contains("<id>https://briefing.example.com/energy/articles/capacity-update/</id>"))
        #expect(feed.contains("<published>2024-09-30T00:00:00+01:00</published>"))
        #expect(try read(output, "sitemap.xml").contains("<loc>https://preview.example.net/pr-7/figures/solar-capacity/</loc>"))
    }

    @Test func newScaffoldsAnEntityAndAnArticle() throws {
        let site = try TestSupport.copySite(Self.site)
        defer { TestSupport.remove(site) }
        let entity = try TestSupport.dossier(["new", "programme", "heat-pumps"], in: site)
        #expect(entity.status == 0)
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("Content/programmes/heat-pumps.md").path))
        let article = try TestSupport.dossier(["new", "article", "pumps-funded", "--date", "2025-01-02"], in: site)
        #expect(article.status == 0)
        let text = try TestSupport.read(site.appendingPathComponent("Content/articles/2025/pumps-funded.md"))
        #expect(text.contains("date: 2025-01-02"))
        #expect(try TestSupport.dossier(["new", "programme", "heat-pumps"], in: site).status == 2)
        #expect(try TestSupport.dossier(["new", "gadget", "x"], in: site).status == 2)
        // What it scaffolds builds (the article is a draft, the entity a stub).
        let output = try TestSupport.temporaryFolder()
        defer { TestSupport.remove(output) }
        #expect(try TestSupport.dossier(["build", "--output", output.path, "--drafts"], in: site).status == 0)
    }
}
