import Foundation
import Testing

/// The built pages in a real browser (Debian's headless Chromium, which `make test`
/// installs): they load, a screenshot of the article has something on it, and no
/// page scrolls sideways on a phone.
@Suite(.serialized) struct BrowserTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }
    static let python = TestSupport.repository.appendingPathComponent(".dossier-tool/venv/bin/python")

    /// Without Chromium this fails rather than skips: a skipped check passes unseen.
    @Test func theArticlePageRendersInABrowser() throws {
        let chromium = try #require(Self.chromium, "needs Chromium (make test installs it)")
        let output = try TestSupport.temporaryFolder("dossier-browser")
        defer { TestSupport.remove(output) }
        #expect(try TestSupport.dossier(["build", "--output", output.path], in: TestSupport.repository).status == 0)
        let page = output.appendingPathComponent("articles/2022-02-17-jiangsu-ip-index/index.html")
        let browser = URL(fileURLWithPath: chromium)
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1280,1600"]
        let dom = try TestSupport.run(browser, common + ["--dump-dom", page.absoluteString])
        #expect(dom.stdout.contains("<h1>2021年江苏知识产权综合发展指数全国第二攻坚“五区五高”打造知识产权强省</h1>"))
        #expect(dom.stdout.contains("class=\"mention mention-institutions\""))
        let shot = output.appendingPathComponent("shot.png")
        _ = try TestSupport.run(browser, common + ["--screenshot=\(shot.path)", page.absoluteString])
        let png = try Data(contentsOf: shot)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        // A blank page compresses to a few kilobytes; text, colours and rules do not.
        #expect(png.count > 60_000, "the screenshot is \(png.count) bytes: the page looks empty")
    }

    /// Every page of the Chinese sample site and of the English fixture (home, articles,
    /// entities, figures, kind indexes, article lists, search with and without results,
    /// 404) at 360, 375 and 390 px, light and dark: the document is no wider than the
    /// window, and every navigation link, Search included, is on screen.
    /// Scripts/page-widths.py measures them in Chromium through Playwright.
    @Test(
        arguments: [
            ("sample", TestSupport.repository, "知识产权,专利", "找到{count}条结果：“{query}”"),
            ("briefing-en", TestSupport.fixture("briefing-en"), "solar,ministry", "{count} results for “{query}”"),
            // A language the theme has no words in, with the site's own; and Traditional Chinese.
            ("briefing-fr", TestSupport.fixture("briefing-fr"), "logements", "{count} résultats pour « {query} »"),
            ("briefing-zh-hant", TestSupport.fixture("briefing-zh-hant"), "風電", "找到{count}筆結果：「{query}」"),
        ])
    func noPageScrollsSidewaysOnAPhone(name: String, source: URL, terms: String, results: String) throws {
        _ = try #require(Self.chromium, "needs Chromium (make test installs it)")
        #expect(
            FileManager.default.isExecutableFile(atPath: Self.python.path),
            "no .dossier-tool/venv: `make test` installs Playwright there")
        let site = try TestSupport.copySite(source)
        defer { TestSupport.remove(site) }
        // The 404 page links to base_url: the script answers it from the built folder.
        let base = "https://dossier.test/\(name)/"
        let output = site.appendingPathComponent("Public")
        let built = try TestSupport.run(
            TestSupport.dossier, ["build", "--base-url", base, "--output", output.path], in: site)
        #expect(built.status == 0, "\(built.stderr)")
        // Every page but those redirect_from writes, which send the browser on.
        let pages = try TestSupport.files(in: output).filter { file in
            guard file.hasSuffix(".html"), !file.hasPrefix("pagefind/") else { return false }
            let html = try TestSupport.read(output.appendingPathComponent(file))
            return !html.contains("http-equiv=\"refresh\"")
        }
        for page in ["index.html", "404.html", "search/index.html", "articles/index.html"] {
            #expect(pages.contains(page))
        }
        #expect(pages.count > 10)
        let report = site.appendingPathComponent("widths.json")
        let measured = try TestSupport.run(
            Self.python,
            [
                TestSupport.repository.appendingPathComponent("Scripts/page-widths.py").path, "--site", output.path,
                "--base-url", base, "--widths", "360,375,390", "--schemes", "light,dark", "--search", terms,
                "--json", report.path, "--chromium", Self.chromium!,
            ])
        #expect(measured.status == 0, "pages wider than a phone:\n\(measured.stdout)\(measured.stderr)")
        // Each page at each width and scheme was measured, with its stylesheet.
        let rows = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [[String: Any]])
        let searches = terms.split(separator: ",").count
        #expect(rows.count == (pages.count + searches) * 3 * 2)
        #expect(rows.allSatisfy { ($0["scrollWidth"] as? Int ?? .max) <= ($0["width"] as? Int ?? 0) })
        #expect(Set(rows.compactMap { $0["scheme"] as? String }) == ["light", "dark"])
        // The search page said what it found in a sentence of the site's language.
        for term in terms.split(separator: ",") {
            let query = "?q=" + term.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let statuses = rows.filter { ($0["page"] as? String)?.hasSuffix(query) == true }
                .compactMap { $0["searchStatus"] as? String }
            #expect(statuses.count == 6)
            for status in statuses {
                // `12`, or `30+` while more results are still to be looked at.
                let match = try #require(status.firstMatch(of: try Regex("[0-9]+[+]?")), "\(status)")
                let count = status[match.range]
                let sentence = results.replacingOccurrences(of: "{count}", with: String(count))
                #expect(status == sentence.replacingOccurrences(of: "{query}", with: String(term)))
            }
        }
    }
}
