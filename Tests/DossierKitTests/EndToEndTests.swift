import Foundation
import Testing

/// Builds the sample site with the real binary, templates and cmark-gfm, and
/// reads the pages a reader would.
@Suite(.serialized) final class SampleSiteTests {
    let output: URL

    init() throws {
        output = try TestSupport.temporaryFolder("dossier-public")
        let result = try TestSupport.dossier(["build", "--output", output.path], in: TestSupport.repository)
        #expect(result.status == 0, "build failed: \(result.stderr)")
    }

    deinit { TestSupport.remove(output) }

    func page(_ path: String) throws -> String { try TestSupport.read(output.appendingPathComponent(path)) }

    @Test func bureauPageQuotesTheArticle() throws {
        let html = try page("institutions/jiangsu-ipa/index.html")
        #expect(html.contains("<h1>江苏省知识产权局</h1>"))
        #expect(html.contains("href=\"../../articles/2022-02-17-jiangsu-ip-index/\""))
        // The sentence around the mention, with the mention marked.
        #expect(html.contains("<mark>省知识产权局</mark>局长支苏平说"))
        // Its parent is shown, and the parent lists it as a child.
        #expect(html.contains("href=\"../../institutions/jiangsu-amr/\""))
        let parent = try page("institutions/jiangsu-amr/index.html")
        #expect(parent.contains("href=\"../../institutions/jiangsu-ipa/\""))
    }

    @Test func fiveZonesListsItsChildren() throws {
        let html = try page("initiatives/five-zones-five-highs/index.html")
        let zones = [
            ("ip-power-pilot-zone", "知识产权强国建设先行区"), ("full-chain-protection-zone", "全链条保护样板区"),
            ("industry-development-demo-zone", "引领产业高质量发展示范区"), ("open-cooperation-zone", "开放协作标杆区"),
            ("talent-training-pilot-zone", "高端人才培养试验区"),
        ]
        for (id, name) in zones {
            #expect(html.contains("href=\"../../initiatives/\(id)/\">\(name)</a>"), "missing child \(name)")
            let child = try page("initiatives/\(id)/index.html")
            #expect(child.contains("href=\"../../initiatives/five-zones-five-highs/\">五区五高</a>"), "\(id) does not name its parent")
        }
    }

    @Test func talentFigureShowsTargetAndChart() throws {
        let html = try page("figures/ip-talent-total/index.html")
        #expect(html.contains("12万人"))
        #expect(html.contains("<svg class=\"chart\""))
        #expect(html.contains("role=\"img\""))
        #expect(html.contains("<title id=\"chart-ip-talent-total-title\">"))
    }

    @Test func articleLinksEveryMentionToItsEntity() throws {
        let html = try page("articles/2022-02-17-jiangsu-ip-index/index.html")
        #expect(html.contains("<h1>2021年江苏知识产权综合发展指数全国第二攻坚“五区五高”打造知识产权强省</h1>"))
        #expect(html.contains("<a class=\"mention mention-institutions\" href=\"../../institutions/jiangsu-ipa/\""))
        #expect(!html.contains("institution:"), "an annotation was left unresolved")
        // No stray spaces from soft line breaks, and headings have ids.
        #expect(html.contains("<h2 id=\"深化开放协作拓宽朋友圈\">"))
    }

    @Test func everyInternalLinkResolves() throws {
        let broken = try HTMLLinks.broken(in: output)
        #expect(broken.isEmpty, "broken links: \(broken.prefix(10))")
    }

    @Test func everySPECPageExists() throws {
        for path in [
            "index.html", "articles/index.html", "feed.xml", "sitemap.xml", "robots.txt", "404.html", "assets/style.css",
            "favicon.svg", "initiatives/index.html", "institutions/index.html", "figures/index.html", "people/index.html",
            "people/zhi-suping/index.html", "institutions/jiangsu-ipa/feed.xml",
        ] {
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(path).path), "missing \(path)")
        }
    }

    @Test func feedsAndSitemapUseAbsoluteURLs() throws {
        let feed = try page("feed.xml")
        #expect(feed.contains("<link rel=\"alternate\" type=\"text/html\" href=\"https://example.org/ip/articles/2022-02-17-jiangsu-ip-index/\"/>"))
        #expect(feed.contains("<published>2022-02-17T00:00:00+08:00</published>"))
        let sitemap = try page("sitemap.xml")
        #expect(sitemap.contains("<loc>https://example.org/ip/institutions/jiangsu-ipa/</loc>"))
        let notFound = try page("404.html")
        #expect(notFound.contains("href=\"https://example.org/ip/assets/style.css\""))
    }

    @Test func twoBuildsAreByteIdentical() throws {
        let second = try TestSupport.temporaryFolder("dossier-public-2")
        defer { TestSupport.remove(second) }
        let result = try TestSupport.dossier(["build", "--output", second.path], in: TestSupport.repository)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let files = TestSupport.files(in: output)
        #expect(files == TestSupport.files(in: second))
        for file in files {
            let a = try Data(contentsOf: output.appendingPathComponent(file))
            let b = try Data(contentsOf: second.appendingPathComponent(file))
            #expect(a == b, "\(file) differs between builds")
        }
        // Nothing machine-specific leaks into the output.
        for file in files where !file.hasSuffix(".svg") {
            // Bytes, not text: the search index is binary.
            let bytes = try Data(contentsOf: output.appendingPathComponent(file))
            #expect(bytes.range(of: Data(TestSupport.repository.path.utf8)) == nil, "\(file) holds an absolute path")
        }
    }
}
