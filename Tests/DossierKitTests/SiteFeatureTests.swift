import Foundation
import Testing

@testable import DossierKit
@testable import DossierPlan

/// What users of Hugo and Zola expect (issue 12): `dossier init`, standalone pages,
/// links between pages, articles as folders, future-dated articles, redirects,
/// tables of contents, drafts marked, the feed's size, and the theme's words in
/// any language — each on a real site, built by the real `dossier`.
@Suite(.serialized) struct SiteFeatureTests {
    static let english = TestSupport.fixture("briefing-en")

    func build(_ site: URL, _ extra: [String] = [], environment: [String: String] = [:]) throws -> (
        URL, TestSupport.Result
    ) {
        let output = try TestSupport.temporaryFolder("dossier-features")
        let result = try TestSupport.run(
            TestSupport.dossier, ["build", "--no-search", "--site", site.path, "--output", output.path] + extra,
            environment: environment)
        #expect(result.status == 0, "build failed: \(result.stderr)")
        return (output, result)
    }

    func read(_ output: URL, _ path: String) throws -> String { try TestSupport.read(output.appendingPathComponent(path)) }

    func exists(_ output: URL, _ path: String) -> Bool {
        FileManager.default.fileExists(atPath: output.appendingPathComponent(path).path)
    }

    // MARK: - dossier init

    @Test(arguments: [("en", "Solar Rooftops Programme", "about/"), ("zh-CN", "专利导航工程", "about/"), ("fr", "Solar Rooftops Programme", "about/")])
    func initStartsASiteThatBuildsAsItIs(language: String, initiative: String, page: String) throws {
        let folder = try TestSupport.temporaryFolder("dossier-init")
        defer { TestSupport.remove(folder) }
        let started = try TestSupport.dossier(["init", "briefing", "--language", language], in: folder)
        #expect(started.status == 0, "\(started.stderr)")
        #expect(started.stdout.contains("briefing/Content/site.yml"))
        let site = folder.appendingPathComponent("briefing")
        #expect(try TestSupport.read(site.appendingPathComponent("Content/site.yml")).contains("language: \(language)"))
        // One article, one entity of each kind, one page; it builds without a warning, as it is.
        let built = try TestSupport.dossier(["build", "--no-search"], in: site)
        #expect(built.status == 0, "\(built.stderr)")
        #expect(built.stderr.isEmpty, "warnings: \(built.stderr)")
        let output = site.appendingPathComponent("Public")
        for kind in ["initiatives", "institutions", "figures"] {
            let ids = try FileManager.default.contentsOfDirectory(atPath: site.appendingPathComponent("Content/\(kind)").path)
            #expect(ids.count == 1, "\(kind): \(ids)")
        }
        let home = try read(output, "index.html")
        #expect(home.contains("href=\"\(page)\""), "the page is in the navigation")
        let initiatives = try read(output, "initiatives/index.html")
        #expect(initiatives.contains(initiative))
        #expect(try HTMLLinks.broken(in: output).isEmpty)
        let check = try TestSupport.dossier(["check"], in: site)
        #expect(check.status == 0, "\(check.stderr)")
        // A language the theme has no words in gets the English ones to translate.
        #expect(exists(site, "Templates/i18n/fr.yml") == (language == "fr"))

        // A folder that already holds a site is refused, and nothing in it is touched.
        let again = try TestSupport.dossier(["init", "briefing"], in: folder)
        #expect(again.status == 2)
        #expect(again.stderr.contains("already holds a site"))
    }

    @Test func initInAFolderKeepsWhatItHolds() throws {
        let folder = try TestSupport.temporaryFolder("dossier-init")
        defer { TestSupport.remove(folder) }
        try TestSupport.write("notes/\n", to: folder.appendingPathComponent(".gitignore"))
        let started = try TestSupport.dossier(["init"], in: folder)
        #expect(started.status == 0, "\(started.stderr)")
        #expect(try TestSupport.read(folder.appendingPathComponent(".gitignore")) == "notes/\n")
        #expect(started.stdout.contains(".gitignore was there already"))
        #expect(try TestSupport.dossier(["build", "--no-search"], in: folder).status == 0)
    }

    @Test func initRefusesALanguageThatIsNoTag() throws {
        let folder = try TestSupport.temporaryFolder("dossier-init")
        defer { TestSupport.remove(folder) }
        let result = try TestSupport.dossier(["init", "--language", "english please"], in: folder)
        #expect(result.status == 2)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("Content").path))
    }

    // MARK: - Pages, links, folders, redirects

    @Test func pagesAreInTheMenuButNotListedAsArticles() throws {
        let (output, _) = try build(Self.english)
        defer { TestSupport.remove(output) }
        let about = try read(output, "about/index.html")
        #expect(about.contains("<h1>About this briefing"))
        // The menu, by `menu:`: Methods (1) before About (2), on every page.
        let home = try read(output, "index.html")
        let methods = try #require(home.range(of: "<a class=\"nav-page\" href=\"methods/\">Methods</a>"))
        let aboutLink = try #require(home.range(of: "<a class=\"nav-page\" href=\"about/\">About this briefing</a>"))
        #expect(methods.lowerBound < aboutLink.lowerBound)
        #expect(about.contains("href=\"../about/\" aria-current=\"page\""))
        // A page's annotation links, but a page is no mention, no feed entry, no article.
        #expect(about.contains("href=\"../institutions/grid-agency/\""))
        #expect(!(try read(output, "institutions/grid-agency/index.html")).contains("the grid operator</mark>"))
        #expect(!(try read(output, "feed.xml")).contains("About this briefing"))
        #expect(!(try read(output, "articles/index.html")).contains("class=\"article-title\" href=\"../about/\""))
        #expect(try read(output, "sitemap.xml").contains("https://briefing.example.com/energy/about/"))
        #expect(try HTMLLinks.broken(in: output).isEmpty)
    }

    @Test func linksBetweenPagesLeadToTheirPages() throws {
        let (output, _) = try build(Self.english)
        defer { TestSupport.remove(output) }
        let about = try read(output, "about/index.html")
        #expect(about.contains("<a href=\"../articles/solar-plan-launched/\">the solar plan</a>"))
        #expect(about.contains("<a href=\"../articles/capacity-report/\">the capacity report</a>"))
        #expect(about.contains("<a href=\"../methods/#sources\">our methods</a>"))
        #expect(!about.contains("article:"))
        let note = try read(output, "articles/archive-note/index.html")
        #expect(note.contains("<a href=\"../../methods/#sources\">the methods page</a>"))
        #expect(note.contains("<a href=\"../../docs/report.pdf\">the report</a>"))
    }

    @Test func anArticleFolderCarriesItsFiles() throws {
        let (output, _) = try build(Self.english)
        defer { TestSupport.remove(output) }
        #expect(exists(output, "articles/archive-note/chart.svg"))
        #expect(exists(output, "articles/archive-note/data/capacity.csv"))
        #expect(!exists(output, "articles/archive-note/index.md"))
        let note = try read(output, "articles/archive-note/index.html")
        #expect(note.contains("<img src=\"../../articles/archive-note/chart.svg\" alt=\"Capacity chart\" />"))
        #expect(note.contains("href=\"../../articles/archive-note/data/capacity.csv\""))
        // Its `toc: false` wins over nothing; the about page asks for one.
        #expect(!note.contains("class=\"toc\""))
    }

    @Test func aMissingFileIsAWarningInBuildAndAnErrorInCheck() throws {
        let site = try TestSupport.copySite(Self.english)
        defer { TestSupport.remove(site) }
        let note = site.appendingPathComponent("Content/articles/2020/archive-note/index.md")
        try TestSupport.write(try TestSupport.read(note) + "\n![A lost map](map.png)\n", to: note)
        let built = try TestSupport.dossier(["build", "--no-search"], in: site)
        #expect(built.status == 0)
        #expect(
            built.stderr.contains(
                "Content/articles/2020/archive-note/index.md:17:1: warning: 'map.png' leads to Content/articles/2020/archive-note/map.png, which does not exist"
            ), "\(built.stderr)")
        // The next build, from the store, says it again.
        #expect(try TestSupport.dossier(["build", "--no-search"], in: site).stderr.contains("map.png"))
        let checked = try TestSupport.dossier(["check"], in: site)
        #expect(checked.status == 1)
        #expect(checked.stderr.contains("Content/articles/2020/archive-note/index.md:17:1: error: broken link"), "\(checked.stderr)")
    }

    @Test func linksInsideAnImageAndOddFileNamesAreWrittenSafely() throws {
        let site = try TestSupport.copySite(Self.english)
        defer { TestSupport.remove(site) }
        try TestSupport.write("%PDF", to: site.appendingPathComponent("Content/static/docs/two words #3.pdf"))
        let note = site.appendingPathComponent("Content/articles/2020/archive-note/index.md")
        try TestSupport.write(
            try TestSupport.read(note)
                + "\n![a [methods](page:methods) chart](chart.svg) and [the notes](../../../static/docs/two%20words%20%233.pdf)\n",
            to: note)
        let (output, result) = try build(site)
        defer { TestSupport.remove(output) }
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        let html = try read(output, "articles/archive-note/index.html")
        #expect(html.contains("<img src=\"../../articles/archive-note/chart.svg\" alt=\"a methods chart\" />"))
        #expect(html.contains("<a href=\"../../docs/two%20words%20%233.pdf\">the notes</a>"))
        #expect(try HTMLLinks.broken(in: output).isEmpty)
    }

    @Test func aFileLinkedBeforeItsFolderIsAnArticleIsWrittenOnceItIs() throws {
        let site = try TestSupport.copySite(Self.english)
        defer { TestSupport.remove(site) }
        try TestSupport.write(
            "---\ntitle: Charts to come\ndate: 2024-02-01\n---\n\nSee ![the chart](later/chart.svg).\n",
            to: site.appendingPathComponent("Content/articles/2024/charts.md"))
        try TestSupport.write("<svg xmlns=\"http://www.w3.org/2000/svg\"/>", to: site.appendingPathComponent("Content/articles/2024/later/chart.svg"))
        let first = try TestSupport.dossier(["build", "--no-search"], in: site)
        #expect(first.stderr.contains("charts.md:6:5: warning: 'later/chart.svg' leads to"), "\(first.stderr)")
        try TestSupport.write(
            "---\ntitle: Later\ndate: 2024-01-01\n---\n\nIts chart.\n",
            to: site.appendingPathComponent("Content/articles/2024/later/index.md"))
        let second = try TestSupport.dossier(["build", "--no-search"], in: site)
        #expect(second.status == 0)
        #expect(try read(site, "Public/articles/charts/index.html").contains("src=\"../../articles/later/chart.svg\""))
        try IncrementalBuildTests().expectEqualsCleanBuild(site)
    }

    @Test func aScheduledArticleIsCheckedBeforeItsDay() throws {
        let site = try TestSupport.copySite(Self.english)
        defer { TestSupport.remove(site) }
        let plan = site.appendingPathComponent("Content/articles/2099/next-plan.md")
        try TestSupport.write(try TestSupport.read(plan) + "\nThe [agency](institution:grid-agncy) said so.\n", to: plan)
        try TestSupport.write(
            "---\ntitle: Same slug\ndate: 2099-02-01\nslug: solar-plan-launched\n---\n\nText.\n",
            to: site.appendingPathComponent("Content/articles/2099/same.md"))
        let result = try TestSupport.dossier(["build", "--no-search"], in: site)
        #expect(result.status == 1)
        #expect(result.stderr.contains("Content/articles/2099/next-plan.md:8:5: error: unknown institution 'grid-agncy'"), "\(result.stderr)")
        #expect(result.stderr.contains("duplicate article slug 'solar-plan-launched'"), "\(result.stderr)")
    }

    @Test func redirectsSendTheReaderOn() throws {
        let (output, _) = try build(Self.english)
        defer { TestSupport.remove(output) }
        for (old, target, back) in [
            ("about-us/index.html", "about/", "../"), ("2020/archive-note/index.html", "articles/archive-note/", "../../"),
            ("agencies/grid/index.html", "institutions/grid-agency/", "../../"),
        ] {
            let page = try read(output, old)
            #expect(page.contains("<meta http-equiv=\"refresh\" content=\"0; url=\(back)\(target)\">"), "\(old)")
            #expect(page.contains("<link rel=\"canonical\" href=\"https://briefing.example.com/energy/\(target)\">"))
            #expect(page.contains("<a href=\"\(back)\(target)\">"))
        }
        #expect(!(try read(output, "sitemap.xml")).contains("about-us"))
    }

    // MARK: - Dates: future articles, --as-of, SOURCE_DATE_EPOCH

    @Test func futureArticlesWaitForTheirDay() throws {
        let (today, result) = try build(Self.english)
        defer { TestSupport.remove(today) }
        #expect(!exists(today, "articles/next-plan/index.html"))
        #expect(result.stdout.contains("1 article dated after"), "\(result.stdout)")
        #expect(result.stdout.contains("held back"))

        let (future, _) = try build(Self.english, ["--future"])
        defer { TestSupport.remove(future) }
        #expect(exists(future, "articles/next-plan/index.html"))

        // The build's date: --as-of, else SOURCE_DATE_EPOCH.
        let (onItsDay, dated) = try build(Self.english, ["--as-of", "2099-01-01"])
        defer { TestSupport.remove(onItsDay) }
        #expect(exists(onItsDay, "articles/next-plan/index.html"))
        #expect(!dated.stdout.contains("held back"))
        let (dayBefore, _) = try build(Self.english, ["--as-of", "2098-12-31"])
        defer { TestSupport.remove(dayBefore) }
        #expect(!exists(dayBefore, "articles/next-plan/index.html"))
        // SOURCE_DATE_EPOCH of 2099-01-01T00:30Z: in London (the site's zone) that day has begun.
        let (epoch, _) = try build(Self.english, environment: ["SOURCE_DATE_EPOCH": "4070910600"])
        defer { TestSupport.remove(epoch) }
        #expect(exists(epoch, "articles/next-plan/index.html"))

        let bad = try TestSupport.dossier(["build", "--no-search", "--site", Self.english.path, "--as-of", "tomorrow"])
        #expect(bad.status == 2)
    }

    @Test func aScheduledBuildPublishesOnTheDay() throws {
        // The same site, built the day before and on the day, from the same store.
        let site = try TestSupport.copySite(Self.english)
        defer { TestSupport.remove(site) }
        #expect(try TestSupport.dossier(["build", "--no-search", "--as-of", "2098-12-31"], in: site).status == 0)
        #expect(!exists(site, "Public/articles/next-plan/index.html"))
        #expect(try TestSupport.dossier(["build", "--no-search", "--as-of", "2099-01-01"], in: site).status == 0)
        #expect(exists(site, "Public/articles/next-plan/index.html"))
        #expect(try read(site, "Public/articles/index.html").contains("The next plan"))
    }

    // MARK: - Drafts, contents, feeds

    @Test func draftsAreMarkedWhenBuilt() throws {
        let (output, _) = try build(Self.english, ["--drafts"])
        defer { TestSupport.remove(output) }
        let draft = try read(output, "articles/draft-notes/index.html")
        #expect(draft.contains("<span class=\"draft-badge\">Draft</span>"))
        // In lists too, with the default theme's list item (this site has its own).
        let site = try TestSupport.copySite(Self.english)
        defer { TestSupport.remove(site) }
        try FileManager.default.removeItem(at: site.appendingPathComponent("Templates/article-item.mustache"))
        let (listed, _) = try build(site, ["--drafts"])
        defer { TestSupport.remove(listed) }
        #expect(try read(listed, "articles/index.html").contains("Unpublished notes</a> <span class=\"draft-badge\">Draft</span>"))
        #expect(!(try read(output, "articles/solar-plan-launched/index.html")).contains("draft-badge"))
    }

    @Test func aTableOfContentsListsTheHeadings() throws {
        let (output, _) = try build(Self.english)
        defer { TestSupport.remove(output) }
        let about = try read(output, "about/index.html")
        #expect(about.contains("<nav class=\"toc\" aria-label=\"Contents\""))
        #expect(about.contains("<li class=\"toc-level-2\"><a href=\"#what-it-covers\">What it covers</a></li>"))
        #expect(about.contains("<li class=\"toc-level-3\"><a href=\"#how-entries-are-chosen\">How entries are chosen</a></li>"))
        // Site-wide, with the article's own say.
        let site = try TestSupport.copySite(Self.english)
        defer { TestSupport.remove(site) }
        try IncrementalBuildTests.edit(site.appendingPathComponent("Content/site.yml"), "paginate: 2", "paginate: 2\ntoc: true")
        let (everywhere, _) = try build(site)
        defer { TestSupport.remove(everywhere) }
        #expect(!(try read(everywhere, "articles/archive-note/index.html")).contains("class=\"toc\""))
        #expect(try read(everywhere, "methods/index.html").contains("<a href=\"#sources\">Sources</a>"))
    }

    @Test func feedsHoldFeedSizeEntries() throws {
        let site = try TestSupport.copySite(Self.english)
        defer { TestSupport.remove(site) }
        try IncrementalBuildTests.edit(site.appendingPathComponent("Content/site.yml"), "paginate: 2", "paginate: 2\nfeed_size: 2")
        let (output, _) = try build(site)
        defer { TestSupport.remove(output) }
        #expect(try read(output, "feed.xml").components(separatedBy: "<entry>").count - 1 == 2)
        let (full, _) = try build(Self.english)
        defer { TestSupport.remove(full) }
        #expect(try read(full, "feed.xml").components(separatedBy: "<entry>").count - 1 == 6)
    }

    // MARK: - The theme's words

    @Test func aFrenchSiteWithItsOwnWordsGetsAFrenchInterface() throws {
        let (output, result) = try build(TestSupport.fixture("briefing-fr"))
        defer { TestSupport.remove(output) }
        let home = try read(output, "index.html")
        let article = try read(output, "articles/renovation-acceleree/index.html")
        #expect(home.contains("<html lang=\"fr\">"))
        #expect(home.contains("Tous les articles") || home.contains("Derniers articles"))
        #expect(article.contains("Rechercher"))
        #expect(article.contains("Objectifs chiffrés"), "a default kind's label is a word")
        // Dates and numbers as French writes them, through Foundation: 15 mars 2024, 120 000 logements.
        #expect(article.contains(">15 mars 2024</time>"))
        #expect(article.contains("120\u{202F}000 logements") || article.contains("120\u{00A0}000 logements"))
        #expect(try read(output, "figures/logements-renoves/index.html").contains("Échéance"))
        // The one key its fr.yml leaves out is English, with a warning that names it.
        #expect(result.stderr.contains("Templates/i18n/fr.yml:1:1: warning: no word for 'toc' in 'fr'"), "\(result.stderr)")
        #expect(try read(output, "a-propos/index.html").contains("aria-label=\"Contents\""))
    }

    @Test func aTraditionalChineseSiteFallsBackAlongItsTag() throws {
        // zh-Hant-TW → zh-Hant: the default theme's Traditional words, with no warning.
        let (output, result) = try build(TestSupport.fixture("briefing-zh-hant"))
        defer { TestSupport.remove(output) }
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        let home = try read(output, "index.html")
        #expect(home.contains("搜尋"))
        #expect(home.contains("舉措"))
        #expect(!home.contains("举措"))
        #expect(home.contains("570萬瓩"))
        #expect(try read(output, "articles/offshore-wind/index.html").contains(">2023年11月20日</time>"))
    }

    @Test func theFallbackChainFollowsSPEC() {
        #expect(ThemeWords.chain(for: "zh-Hant-TW") == ["zh-hant-tw", "zh-hant", "zh", "zh-hans"])
        #expect(ThemeWords.chain(for: "zh-TW") == ["zh-tw", "zh-hant", "zh", "zh-hans"])
        #expect(ThemeWords.chain(for: "zh-HK").prefix(2) == ["zh-hk", "zh-hant"])
        #expect(ThemeWords.chain(for: "zh-CN") == ["zh-cn", "zh-hans", "zh"])
        #expect(ThemeWords.chain(for: "fr-CA") == ["fr-ca", "fr"])
    }

    @Test func aSiteOverridesTheThemesWordsKeyByKey() throws {
        let site = try TestSupport.copySite(Self.english)
        defer { TestSupport.remove(site) }
        try TestSupport.write(
            "search: \"Find\"\n", to: site.appendingPathComponent("Templates/i18n/en.yml"))
        let (output, result) = try build(site)
        defer { TestSupport.remove(output) }
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        let home = try read(output, "index.html")
        #expect(home.contains(">Find</a>"))
        #expect(home.contains("Atom feed"), "the other words are the theme's")
    }
}

/// Dates and numbers as each language writes them (`Formatting`, from the theme's words).
@Suite struct FormattingTests {
    @Test func numbersAreNeverRoundedForShow() throws {
        let chinese = Formatting(language: "zh-CN", words: try TestSupport.themeWords("zh-CN"))
        #expect(chinese.number(120_000) == "12万")
        #expect(chinese.number(98_000) == "9.8万")
        #expect(chinese.number(150_000_000) == "1.5亿")
        #expect(chinese.number(100_000_001) == "100,000,001")
        #expect(chinese.number(12_345) == "12,345")
        let traditional = Formatting(language: "zh-Hant-TW", words: try TestSupport.themeWords("zh-Hant-TW"))
        #expect(traditional.number(5_700_000) == "570萬")
        let english = Formatting(language: "en", words: try TestSupport.themeWords("en"))
        #expect(english.number(120_000) == "120,000")
        #expect(english.number(-1_234.5) == "-1,234.5")
    }

    @Test func datesFollowThePatternOfTheWords() throws {
        let date = try #require(DateValue(iso: "2024-03-05"))
        #expect(Formatting(language: "en", words: try TestSupport.themeWords("en")).date(date) == "5 March 2024")
        #expect(Formatting(language: "zh-CN", words: try TestSupport.themeWords("zh-CN")).date(date) == "2024年3月5日")
        let custom = Formatting(language: "en", words: ["date_format": "EEEE, dd/MM/yyyy 'at noon'"])
        #expect(custom.date(date) == "Tuesday, 05/03/2024 at noon")
        let short = Formatting(language: "en", words: try TestSupport.themeWords("en").merging(["date_format": "d MMM ''yy"]) { $1 })
        #expect(short.date(date) == "5 Mar '24")
    }
}
