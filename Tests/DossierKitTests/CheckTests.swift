@testable import DossierKit
import Foundation
import Testing

/// `dossier check`: the sample site passes; every fault planted in the
/// check-faults fixture is found, at the Markdown link or in the built page.
@Suite(.serialized) struct CheckTests {
    @Test func theSampleSitePasses() throws {
        let result = try TestSupport.dossier(["check", "--site", TestSupport.repository.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("no problems"))
        #expect(!result.stderr.contains("error:"))
    }

    @Test func everyPlantedFaultIsFoundWhereItCameFrom() throws {
        let site = try TestSupport.copySite(TestSupport.fixture("check-faults"))
        defer { TestSupport.remove(site) }
        let output = try TestSupport.temporaryFolder("check-output")
        defer { TestSupport.remove(output) }
        let result = try TestSupport.dossier(["check", "--output", output.path], in: site)
        #expect(result.status == 1)
        let errors = result.stderr.split(separator: "\n").map(String.init).filter { $0.contains(": error: ") }
        let first = "Content/articles/2024/first.md"
        // Where the theme's broken link is in the built home page, found independently of the checker.
        let home = try TestSupport.read(output.appendingPathComponent("index.html")).split(separator: "\n", omittingEmptySubsequences: false)
        let line = try #require(home.firstIndex { $0.contains("href=\"about/\"") })
        let column = home[line].distance(from: home[line].startIndex, to: home[line].range(of: "about/\"")!.lowerBound) + 1
        let expected = [
            "\(output.path)/index.html:\(line + 1):\(column): error: broken link 'about/': no file about/index.html in the site",
            "\(output.path)/initiatives/forgotten-plan/index.html:1:1: error: orphan page: no chain of links leads to it from the home page",
            "\(first):6:54: error: broken link '../no-such-article/': no file articles/no-such-article/index.html in the site",
            "\(first):7:5: error: missing fragment '#nowhere': articles/first/index.html has no element with that id",
            "\(first):9:3: error: missing fragment '#no-such-heading': articles/second/index.html has no element with that id",
        ]
        #expect(errors == expected)
        #expect(result.stdout.contains("https://example.org/report  (\(first):9:53)"))
        #expect(result.stdout.contains("5 problems"))
    }

    @Test func externalLinksAreFetchedOnlyWhenAsked() async throws {
        // A real server for the "external" site: dossier serve on a copy of the sample.
        let target = try TestSupport.copySite(TestSupport.repository)
        defer { TestSupport.remove(target) }
        let server = try ServeProcess(site: target)
        defer { server.stop() }
        let base = try await server.baseURL()

        let site = try TestSupport.copySite(TestSupport.fixture("check-faults"))
        defer { TestSupport.remove(site) }
        try TestSupport.write(
            "---\ntitle: Links out\ndate: 2024-05-01\n---\n\nThe [index](\(base)articles/) and a [gone page](\(base)no-such-page/).\n",
            to: site.appendingPathComponent("Content/articles/2024/links-out.md"))
        let output = try TestSupport.temporaryFolder("check-external")
        defer { TestSupport.remove(output) }
        let listed = try TestSupport.dossier(["check", "--output", output.path], in: site)
        #expect(listed.stdout.contains("\(base)no-such-page/  (Content/articles/2024/links-out.md:6:"))
        #expect(!listed.stderr.contains("external link"))

        let fetched = try TestSupport.dossier(["check", "--external", "--timeout", "20", "--output", output.path], in: site)
        #expect(fetched.status == 1)
        let column = "The [index](\(base)articles/) and a ".count + 1
        #expect(fetched.stderr.contains("Content/articles/2024/links-out.md:6:\(column): error: external link '\(base)no-such-page/' answered HTTP 404"))
        #expect(!fetched.stderr.contains("external link '\(base)articles/'"))
    }

    @Test func aTemporaryBuildIsRemovedWhenNothingIsWrong() throws {
        let before = Set((try? FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())) ?? [])
            .filter { $0.hasPrefix("dossier-check-") }
        let result = try TestSupport.dossier(["check", "--site", TestSupport.fixture("briefing-en").path])
        #expect(result.status == 0, "\(result.stderr)")
        let after = Set((try? FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())) ?? [])
            .filter { $0.hasPrefix("dossier-check-") }
        #expect(after.subtracting(before).isEmpty)
    }

    @Test func contentErrorsStopTheCheckAsTheyStopABuild() throws {
        let site = try TestSupport.copySite(TestSupport.fixture("check-faults"))
        defer { TestSupport.remove(site) }
        try TestSupport.write(
            "---\ntitle: Broken\ndate: 2024-13-01\n---\n\nText.\n", to: site.appendingPathComponent("Content/articles/2024/broken.md"))
        try TestSupport.write(
            "---\ntitle: Unknown\ndate: 2024-05-01\n---\n\nA [missing](initiative:nobody).\n",
            to: site.appendingPathComponent("Content/articles/2024/unknown.md"))
        let result = try TestSupport.dossier(["check"], in: site)
        #expect(result.status == 1)
        #expect(result.stderr.contains("Content/articles/2024/broken.md:3:7: error:"))
        #expect(result.stderr.contains("Content/articles/2024/unknown.md:6:3: error:"))
        #expect(!result.stdout.contains("Checked"))
    }

    @Test(arguments: [
        ("../b/", "articles/a/index.html", SiteChecker.Target.page(file: "articles/b/index.html", fragment: nil)),
        ("#%E8%83%8C%E6%99%AF", "articles/a/index.html", .page(file: "articles/a/index.html", fragment: "背景")),
        ("../../../x", "articles/a/index.html", .outside),
        ("https://check.example.org/articles/b/#c", "404.html", .page(file: "articles/b/index.html", fragment: "c")),
        ("https://elsewhere.org/", "index.html", .external),
        ("mailto:desk@example.org", "index.html", .ignored),
        ("?page=2", "articles/index.html", .page(file: "articles/index.html", fragment: nil)),
    ])
    func urlsResolveAsAServerWould(url: String, page: String, expected: SiteChecker.Target) {
        let checker = SiteChecker(folder: "/nonexistent", display: "Public", baseURL: "https://check.example.org", sources: [:], required: [])
        #expect(checker.resolve(url, from: page) == expected)
    }

    @Test func theScannerReadsQuotedUnquotedAndEscapedAttributes() {
        let page = ScannedPage(
            html: "<!-- <a href=\"skipped\"> -->\n<p id=intro><a href='a&amp;b.html' class=x>x</a>\n<script>var s = '<a href=\"no\">';</script><img src=\"i.png\"><h2 id=\"&#x80CC;景\">")
        #expect(page.ids == ["intro", "背景"])
        #expect(page.references.map(\.url) == ["a&b.html", "i.png"])
        #expect(page.references.map(\.line) == [2, 3])
        #expect(page.references.first?.column == 22)
    }
}
