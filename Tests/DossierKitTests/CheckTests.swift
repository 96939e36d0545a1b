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
        let second = "Content/articles/2024/second.md"
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
            // source_url, in the front matter; a bare URL, which cmark-gfm autolinks without a position.
            "\(second):5:13: error: broken link 'https://check.example.org/reports/missing/': no file reports/missing/index.html in the site",
            "\(second):8:55: error: broken link 'https://check.example.org/archive/': no file archive/index.html in the site",
        ]
        #expect(errors == expected)
        #expect(result.stdout.contains("https://example.org/report  (\(first):9:53)"))
        #expect(result.stdout.contains("7 problems"))
    }

    @Test func externalLinksAreFetchedOnlyWhenAskedAndJudgedByWhatAReaderGets() throws {
        let server = try LinkTargetServer()
        defer { server.stop() }
        let base = "http://127.0.0.1:\(server.port)/"
        let site = try TestSupport.copySite(TestSupport.fixture("check-external"))
        defer { TestSupport.remove(site) }
        let file = "Content/articles/2024/links-out.md"
        let lines = [
            "---", "title: Links out", "date: 2024-05-01", "source: The test server", "source_url: \(base)gone", "---", "",
            "A [page that moved](\(base)moved), [one that moved away](\(base)moved-to-gone),",
            "[one that refuses HEAD](\(base)get-only), [a slow one](\(base)slow), [a loop](\(base)loop)",
            "and a bare \(base)ok in the text.",
        ]
        try TestSupport.write(lines.joined(separator: "\n") + "\n", to: site.appendingPathComponent(file))
        func column(of text: String, line: Int) -> Int { lines[line - 1].components(separatedBy: text)[0].count + 1 }

        let listed = try TestSupport.dossier(["check"], in: site)
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("\(base)gone  (\(file):5:13)"))
        #expect(listed.stdout.contains("\(base)ok  (\(file):10:\(column(of: "\(base)ok", line: 10)))"))
        #expect(listed.stdout.contains("External links (7, not fetched: --external fetches them):"))
        #expect(server.requests.isEmpty)

        let started = Date()
        let fetched = try TestSupport.dossier(["check", "--external", "--timeout", "1"], in: site)
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(fetched.status == 1)
        let errors = fetched.stderr.split(separator: "\n").map(String.init).filter { $0.contains(": error: ") }
        #expect(
            errors == [
                "\(file):5:13: error: external link '\(base)gone' answered HTTP 404",
                "\(file):8:\(column(of: "[one that moved away]", line: 8)): error: external link '\(base)moved-to-gone' "
                    + "redirects to '\(base)gone', which answered HTTP 404",
                "\(file):9:\(column(of: "[a slow one]", line: 9)): error: external link '\(base)slow' did not answer within 1 s",
                "\(file):9:\(column(of: "[a loop]", line: 9)): error: external link '\(base)loop' redirects too many times",
            ], "\(fetched.stderr)")
        // HEAD first, then GET where HEAD is refused; a link that moved is followed; a timeout is not tried twice.
        let requests = server.requests
        #expect(requests.filter { $0 == "HEAD /get-only" || $0 == "GET /get-only" } == ["HEAD /get-only", "GET /get-only"])
        #expect(requests.contains("HEAD /ok") && !requests.contains("GET /ok"))
        #expect(requests.filter { $0.hasSuffix(" /slow") } == ["HEAD /slow"])
        #expect(fetched.stdout.contains("Checked"))
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
        // An attribute without a value names nothing and links nowhere.
        let bare = ScannedPage(html: "<a href>x</a><img src><p id>")
        #expect(bare.references.isEmpty && bare.ids.isEmpty)
    }
}

/// A small HTTP server on 127.0.0.1 whose paths answer as their names say, for
/// `check --external`: each connection is read, answered and closed on a thread of its own.
final class LinkTargetServer: @unchecked Sendable {
    let port: UInt16
    private let listener: Int32
    private let lock = NSLock()
    private var seen: [String] = []

    /// "METHOD /path" of each request, in the order they came.
    var requests: [String] { lock.withLock { seen } }

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard bound == 0, named == 0, listen(descriptor, 64) == 0 else {
            close(descriptor)
            throw ServeProcess.ServeError(message: "cannot listen on 127.0.0.1")
        }
        listener = descriptor
        port = UInt16(bigEndian: address.sin_port)
        Thread.detachNewThread { [self] in
            while true {
                let client = accept(self.listener, nil, nil)
                guard client >= 0 else { return }
                Thread.detachNewThread { self.answer(client) }
            }
        }
    }

    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func answer(_ client: Int32) {
        defer { close(client) }
        var head: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while head.firstRange(of: Array("\r\n\r\n".utf8)) == nil && head.count < 65536 {
            let count = recv(client, &buffer, buffer.count, 0)
            guard count > 0 else { return }
            head += buffer.prefix(count)
        }
        let line = String(decoding: head, as: UTF8.self).components(separatedBy: "\r\n")[0].split(separator: " ")
        guard line.count == 3 else { return }
        let method = String(line[0])
        let path = String(line[1])
        lock.withLock { seen.append("\(method) \(path)") }
        let status: String
        var headers = ""
        switch path {
        case "/ok": status = "200 OK"
        case "/moved": status = "301 Moved Permanently"; headers = "Location: /ok\r\n"
        case "/moved-to-gone": status = "302 Found"; headers = "Location: /gone\r\n"
        case "/loop": status = "302 Found"; headers = "Location: /loop\r\n"
        case "/get-only": status = method == "HEAD" ? "405 Method Not Allowed" : "200 OK"
        case "/slow":
            Thread.sleep(forTimeInterval: 5)  // longer than the check waits
            return
        default: status = "404 Not Found"
        }
        let body = method == "HEAD" ? "" : "\(status)\n"
        let response = "HTTP/1.1 \(status)\r\n\(headers)Content-Type: text/plain\r\nContent-Length: \(body.utf8.count)\r\n"
            + "Connection: close\r\n\r\n\(body)"
        _ = Array(response.utf8).withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }
}
