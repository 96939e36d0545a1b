import Foundation
import Testing

@testable import DossierKit

/// Search: the sample site is indexed with Pagefind, and its search page, run
/// in headless Chromium, finds every page that holds each term.
@Suite(.serialized) struct SearchTests {
    static let python = TestSupport.repository.appendingPathComponent(".dossier-tool/venv/bin/python")

    func build(_ site: URL, _ arguments: [String] = [], environment: [String: String] = [:]) throws
        -> TestSupport.Result
    {
        try TestSupport.run(TestSupport.dossier, ["build"] + arguments, in: site, environment: environment)
    }

    @Test func theSearchPageFindsEveryPageThatHoldsEachTerm() throws {
        #expect(
            FileManager.default.isExecutableFile(atPath: Self.python.path),
            "no .dossier-tool/venv: `make test` installs Pagefind and Playwright there")
        let site = try TestSupport.copySite(TestSupport.repository)
        defer { TestSupport.remove(site) }
        let built = try build(site)
        #expect(built.status == 0, "\(built.stderr)")
        #expect(built.stdout.contains("Search: indexed 32 pages"))
        let output = site.appendingPathComponent("Public")
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("pagefind/pagefind.js").path))
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("search/index.html").path))

        let report = site.appendingPathComponent("recall.json")
        let recall = try TestSupport.run(
            Self.python,
            [
                TestSupport.repository.appendingPathComponent("Scripts/search-recall.py").path, "--site", output.path,
                "--terms-file", TestSupport.fixture("search/sample-terms.txt").path, "--json", report.path,
                "--min-recall", "1.0",
            ])
        #expect(recall.status == 0, "\(recall.stdout)\n\(recall.stderr)")
        let json = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any])
        #expect(json["overall_recall"] as? Double == 1.0)
        let terms = try #require(json["terms"] as? [[String: Any]])
        func found(_ term: String) -> [String] {
            terms.first { $0["term"] as? String == term }?["returned_urls"] as? [String] ?? []
        }
        // 知识产权 finds the article; 专利导航 the article and the entity pages that name it.
        #expect(found("知识产权").contains { $0.hasPrefix("/articles/") })
        let navigation = found("专利导航")
        #expect(navigation.contains { $0.hasPrefix("/articles/") })
        #expect(navigation.contains("/initiatives/patent-navigation/"))
    }

    /// A query's characters must stand together, in order, in a page for the search page
    /// to fetch that page's data: 击出 does not fetch the page that says only 出击, nor
    /// the one with both characters apart, and finds the one that holds it. Each term is
    /// entered at once (`--paste`): typed key by key on a busy machine, its first character
    /// alone could be searched for, and the pages it finds fetched, before the second came.
    @Test func onlyPagesWhereTheQueryLinesUpAreFetched() throws {
        let site = try TestSupport.temporaryFolder("dossier-search-runs")
        defer { TestSupport.remove(site) }
        try TestSupport.write(
            "title: 检索\nbase_url: https://example.org/\nlanguage: zh-CN\ntimezone: Asia/Shanghai\n",
            to: site.appendingPathComponent("Content/site.yml"))
        let bodies = [
            "holds": "这场比赛他击出一记本垒打。", "reversed": "部队主动出击。", "apart": "出门在外，击鼓传花。",
            "neither": "没有相关内容。",
        ]
        for (slug, body) in bodies {
            try TestSupport.write(
                "---\ntitle: 第\(slug.count)篇\ndate: 2024-01-0\(slug.count % 9 + 1)\n---\n\n\(body)\n",
                to: site.appendingPathComponent("Content/articles/\(slug).md"))
        }
        let built = try build(site)
        #expect(built.status == 0, "\(built.stderr)")
        let report = site.appendingPathComponent("latency.json")
        let measured = try TestSupport.run(
            Self.python,
            [
                TestSupport.repository.appendingPathComponent("Scripts/search-recall.py").path, "--site",
                site.appendingPathComponent("Public").path, "--terms", "击出,出击,击", "--latency", "--paste", "--json",
                report.path,
            ])
        #expect(measured.status == 0, "\(measured.stdout)\n\(measured.stderr)")
        let json = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any])
        let terms = try #require(json["terms"] as? [[String: Any]])
        func row(_ term: String) -> [String: Any] { terms.first { $0["term"] as? String == term } ?? [:] }
        #expect(row("击出")["returned_urls"] as? [String] == ["/articles/holds/"])
        #expect(row("击出")["all_fragments"] as? Int == 1)
        #expect(row("出击")["returned_urls"] as? [String] == ["/articles/reversed/"])
        #expect(row("出击")["all_fragments"] as? Int == 1)
        // One character is a run of one: every page that has it.
        #expect(
            Set(row("击")["returned_urls"] as? [String] ?? []) == [
                "/articles/holds/", "/articles/reversed/", "/articles/apart/",
            ])
        #expect(json["overall_recall"] as? Double == 1.0)
        #expect((json["worst_seconds"] as? Double ?? 0) > 0)
    }

    @Test func theIndexIsReproducibleAndOptional() throws {
        let site = try TestSupport.copySite(TestSupport.repository)
        defer { TestSupport.remove(site) }
        let output = site.appendingPathComponent("Public")
        #expect(try build(site).status == 0)
        let first = TestSupport.files(in: output.appendingPathComponent("pagefind")).map {
            ($0, try? Data(contentsOf: output.appendingPathComponent("pagefind/" + $0)))
        }
        #expect(try build(site, ["--clean"]).status == 0)
        let second = TestSupport.files(in: output.appendingPathComponent("pagefind")).map {
            ($0, try? Data(contentsOf: output.appendingPathComponent("pagefind/" + $0)))
        }
        // An index was made (equal empty folders would prove nothing), and made again the same.
        #expect(first.contains { $0.0 == "pagefind.js" } && first.allSatisfy { $0.1 != nil })
        #expect(first.map(\.0) == second.map(\.0))
        #expect(first.map(\.1) == second.map(\.1))
        // The pages Pagefind read were copies: the published pages have no zero-width spaces.
        let article = try #require(
            TestSupport.files(in: output).first {
                $0.hasPrefix("articles/") && $0.hasSuffix("/index.html") && !$0.contains("page/")
            })
        #expect(!(try TestSupport.read(output.appendingPathComponent(article))).contains("\u{200B}"))

        let noSearch = site.appendingPathComponent("NoSearch")
        #expect(try build(site, ["--no-search", "--output", noSearch.path]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: noSearch.appendingPathComponent("pagefind").path))

        let missing = try build(
            site, ["--output", site.appendingPathComponent("Missing").path],
            environment: ["DOSSIER_PAGEFIND": "/nonexistent/pagefind"])
        #expect(missing.status == 0)
        #expect(
            missing.stderr.contains(
                "warning: search not built: Pagefind is not installed; `make search-deps` installs it"))
    }

    /// A site of more pages than one index may hold is indexed in parts, which the
    /// search page merges: it still finds every page that holds each term.
    @Test func aLargeSiteIsIndexedInPartsThatThePageMerges() throws {
        let site = try TestSupport.copySite(TestSupport.repository)
        defer { TestSupport.remove(site) }
        let built = try build(site, environment: ["DOSSIER_SEARCH_PAGES_PER_INDEX": "8"])
        #expect(built.status == 0, "\(built.stderr)")
        #expect(built.stdout.contains("Search: indexed 32 pages in"), "\(built.stdout)")
        #expect(built.stdout.contains("(4 parts, 4 made anew)"), "\(built.stdout)")
        let index = site.appendingPathComponent("Public/pagefind")
        #expect(
            try TestSupport.read(index.appendingPathComponent("dossier-parts.json"))
                == "{\"parts\":[\"parts/2/\",\"parts/3/\",\"parts/4/\"]}\n")
        for part in ["", "parts/2/", "parts/3/", "parts/4/"] {
            #expect(
                FileManager.default.fileExists(atPath: index.appendingPathComponent(part + "pagefind-entry.json").path))
        }
        let report = site.appendingPathComponent("recall.json")
        let recall = try TestSupport.run(
            Self.python,
            [
                TestSupport.repository.appendingPathComponent("Scripts/search-recall.py").path, "--site",
                site.appendingPathComponent("Public").path, "--terms-file",
                TestSupport.fixture("search/sample-terms.txt").path, "--json", report.path, "--min-recall", "1.0",
            ])
        #expect(recall.status == 0, "\(recall.stdout)\n\(recall.stderr)")
        let json = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any])
        #expect(json["overall_recall"] as? Double == 1.0)

        // A part gone from the output: the build is not complete, and that part alone is made again.
        try FileManager.default.removeItem(at: index.appendingPathComponent("parts/3"))
        let again = try build(site, environment: ["DOSSIER_SEARCH_PAGES_PER_INDEX": "8"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("(4 parts, 1 made anew)"), "\(again.stdout)")
        #expect(
            FileManager.default.fileExists(atPath: index.appendingPathComponent("parts/3/pagefind-entry.json").path))
    }

    /// A part made from the same pages is not made again; a page written since makes its part again.
    @Test func onlyThePartsOfChangedPagesAreMadeAgain() throws {
        let site = try TestSupport.copySite(TestSupport.repository)
        defer { TestSupport.remove(site) }
        #expect(try build(site, ["--no-search"]).status == 0)
        let output = site.appendingPathComponent("Public").path
        let pages = site.appendingPathComponent("copies").path
        let binary = try #require(
            SearchIndex.binary(inVenv: TestSupport.repository.appendingPathComponent(".dossier-tool/venv").path))
        let tools = Tools(theme: nil, pagefind: binary, pagesPerIndex: 8)
        let first = try SearchIndex.run(site: output, pages: pages, tools: tools)
        #expect(first.indexes == 4 && first.indexesMade == 4)
        let again = try SearchIndex.run(site: output, pages: pages, tools: tools)
        #expect(again.indexes == 4 && again.indexesMade == 0)
        // One page written anew (its bytes too: a page with the same bytes would not be written).
        let article = try #require(
            TestSupport.files(in: URL(fileURLWithPath: output)).first {
                $0.hasPrefix("articles/") && $0.hasSuffix("/index.html") && !$0.contains("page/")
            })
        let url = URL(fileURLWithPath: output).appendingPathComponent(article)
        try TestSupport.write(try TestSupport.read(url) + "\n", to: url)
        let one = try SearchIndex.run(site: output, pages: pages, tools: tools)
        #expect(one.indexes == 4 && one.indexesMade == 1)
        // Fewer pages per index: every part is made again, in more parts.
        let more = try SearchIndex.run(
            site: output, pages: pages, tools: Tools(theme: nil, pagefind: binary, pagesPerIndex: 5))
        #expect(more.indexes == 7 && more.indexesMade == 7)
    }

    @Test func aSiteWithNothingToSearchSaysSoOnceAndKeepsNoOldIndex() throws {
        let site = try TestSupport.copySite(TestSupport.fixture("empty-site"))
        defer { TestSupport.remove(site) }
        let built = try build(site)
        #expect(built.status == 0, "\(built.stderr)")
        #expect(built.stdout.contains("Search: no page to index yet (no articles or entities), so no search index"))
        #expect(built.stderr.isEmpty, "\(built.stderr)")

        // The first article brings an index; removing it takes the index away again.
        let article = site.appendingPathComponent("Content/articles/2024/first.md")
        try TestSupport.write("---\ntitle: First\ndate: 2024-01-02\n---\n\nThe first words.\n", to: article)
        let indexed = try build(site)
        #expect(indexed.stdout.contains("Search: indexed 1 page in"), "\(indexed.stdout)\n\(indexed.stderr)")
        let index = site.appendingPathComponent("Public/pagefind")
        #expect(FileManager.default.fileExists(atPath: index.appendingPathComponent("pagefind.js").path))
        try FileManager.default.removeItem(at: article)
        let emptied = try build(site)
        #expect(emptied.stdout.contains("Search: no page to index yet"))
        #expect(!FileManager.default.fileExists(atPath: index.path))
    }

    @Test func pagefindsFailureIsReportedOnce() {
        // Pagefind writes its errors to both of its streams, which come through one pipe.
        let error = "Error: Pagefind was not able to build an index. \nMost likely, the directory was empty.\n"
        #expect(
            SearchIndex.failure(error + error)
                == "Error: Pagefind was not able to build an index.\nMost likely, the directory was empty.")
    }

    @Test func onlyTheTextsCJKCharactersAreSegmented() {
        let z = "\u{200B}"
        let html = """
            <html lang="zh"><head><title>江苏</title><STYLE>p::before { content: "省" }</style></head>
            <body title="知识"><!-- 注释 <b>粗</b> --><p>江苏省 IP 强省</p><Script>let s = "<b>市</b>";</SCRIPT>
            <p>兼容：\u{F900}，扩展A：\u{3400}，平假名：あ</p><!-- unterminated 注
            """
        let expected = """
            <html lang="zh"><head><title>\(z)江\(z)\(z)苏\(z)</title><STYLE>p::before { content: "省" }</style></head>
            <body title="知识"><!-- 注释 <b>粗</b> --><p>\(z)江\(z)\(z)苏\(z)\(z)省\(z) IP \(z)强\(z)\(z)省\(z)</p><Script>let s = "<b>市</b>";</SCRIPT>
            <p>\(z)兼\(z)\(z)容\(z)：\(z)\u{F900}\(z)，\(z)扩\(z)\(z)展\(z)A：\(z)\u{3400}\(z)，\(z)平\(z)\(z)假\(z)\(z)名\(z)：あ</p><!-- unterminated 注
            """
        let segmented = SearchIndex.segmented(Array(html.utf8))
        #expect(String(decoding: segmented, as: UTF8.self) == expected)
    }
}
