import Foundation
import Testing

/// The built pages in a real browser (Debian's headless Chromium, which `make test`
/// installs): they load, and a screenshot of the article has something on it.
@Suite(.serialized) struct BrowserTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

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
}
