import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// A running `dossier serve`, its output read as it comes.
final class ServeProcess: @unchecked Sendable {
    let process = Process()
    private let lock = NSLock()
    private var output = ""
    let site: URL

    init(site: URL, arguments: [String] = [], search: Bool = false) throws {
        self.site = site
        process.executableURL = TestSupport.dossier
        process.arguments = ["serve", "--port", "0"] + (search ? [] : ["--no-search"]) + arguments
        process.currentDirectoryURL = site
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.withLock { self.output += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
    }

    var text: String { lock.withLock { output } }

    /// Waits (generously: a first build may be slow on CI) for text in the output.
    func waitFor(_ needle: String, seconds: Double = 120) async throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if text.contains(needle) { return text }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ServeError(message: "no '\(needle)' in the output of dossier serve:\n\(text)")
    }

    /// The base URL it printed: `Serving http://127.0.0.1:PORT/`.
    func baseURL() async throws -> String {
        let output = try await waitFor("Serving http://")
        let line = output.split(separator: "\n").first { $0.hasPrefix("Serving http://") }!
        return String(line.dropFirst("Serving ".count).prefix { $0 != " " })
    }

    func stop() {
        if process.isRunning { process.interrupt() }
        process.waitUntilExit()
    }

    struct ServeError: Error, CustomStringConvertible { var message: String; var description: String { message } }
}

/// `dossier serve` through a real HTTP client: pages, content types, 404,
/// traversal, HEAD, ETag, many clients, live reload, and a broken edit.
@Suite(.serialized) struct ServeTests {
    let client = HTTPClient.shared

    func get(_ url: String, method: HTTPMethod = .GET, headers: [(String, String)] = []) async throws -> (
        status: Int, headers: HTTPHeaders, body: String
    ) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 16 << 20)
        return (Int(response.status.code), response.headers, String(buffer: body))
    }

    /// Sends a request line as written, for paths an HTTP client would normalise.
    func raw(_ base: String, _ path: String) throws -> Int { try rawHead(base, path).status }

    /// Connects a socket to the server at `base` (`http://127.0.0.1:PORT/`).
    func connectToServer(_ descriptor: Int32, _ base: String) throws {
        let port = UInt16(base.split(separator: ":").last!.prefix { $0.isNumber })!
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw ServeProcess.ServeError(message: "cannot connect") }
    }

    func rawHead(_ base: String, _ path: String) throws -> (status: Int, head: String) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        try connectToServer(descriptor, base)
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
        var buffer = [UInt8](repeating: 0, count: 1024)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        let head = String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self)
        return (Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0, head)
    }

    /// Sends a request line of `size` bytes, all of it before reading the answer, as a
    /// simple client does; each send and receive gives up after 20 seconds.
    func rawLongRequest(_ base: String, size: Int) throws -> (sent: Bool, answer: String) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        try connectToServer(descriptor, base)
        let request =
            Array("GET /".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: size)
            + Array(" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8)
        var sent = 0
        while sent < request.count {
            let count = request.withUnsafeBytes {
                send(descriptor, $0.baseAddress! + sent, request.count - sent, Int32(MSG_NOSIGNAL))
            }
            guard count > 0 else { break }
            sent += count
        }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            guard count > 0 else { break }
            answer += buffer.prefix(count)
        }
        return (sent == request.count, String(decoding: answer, as: UTF8.self))
    }

    @Test func servesTheSiteAsAStaticServerWould() async throws {
        let site = try TestSupport.copySite(TestSupport.repository)
        defer { TestSupport.remove(site) }
        let server = try ServeProcess(site: site)
        defer { server.stop() }
        let base = try await server.baseURL()

        let home = try await get(base)
        #expect(home.status == 200)
        #expect(home.headers["content-type"].first == "text/html; charset=utf-8")
        #expect(home.body.contains("<script src=\"/__dossier/live.js\"></script></body>"))
        // The script is served, never written into Public/.
        let written = try TestSupport.read(site.appendingPathComponent("Public/index.html"))
        #expect(!written.contains("__dossier"))
        #expect(try await get(base + "__dossier/live.js").body.contains("EventSource"))

        for (path, type) in [
            ("feed.xml", "application/atom+xml; charset=utf-8"), ("sitemap.xml", "application/xml; charset=utf-8"),
            ("assets/style.css", "text/css; charset=utf-8"), ("robots.txt", "text/plain; charset=utf-8"),
        ] {
            let response = try await get(base + path)
            #expect(response.status == 200, "\(path)")
            #expect(response.headers["content-type"].first == type, "\(path)")
        }

        let folder = try rawHead(base, "/articles")
        #expect(folder.status == 301)
        #expect(folder.head.lowercased().contains("location: /articles/\r\n"))
        #expect(try await get(base + "articles").status == 200)  // the client follows it
        let articles = try await get(base + "articles/")
        #expect(articles.status == 200)

        let missing = try await get(base + "no/such/page/")
        #expect(missing.status == 404)
        #expect(missing.body.contains("页面不存在"))
        // Public/404.html links to base_url, as it must on the web; served here, its links stay on this server.
        let built404 = try TestSupport.read(site.appendingPathComponent("Public/404.html"))
        #expect(built404.contains("href=\"https://example.org/ip/articles/\""))
        #expect(missing.body.contains("href=\"/articles/\""))
        let links = missing.body.matches(of: /(?:href|src)="([^"]*)"/).map { String($0.1) }
        #expect(links.contains("/assets/style.css"))
        #expect(!links.contains { $0.hasPrefix("https://example.org/") }, "\(links)")
        #expect(try await get(base + "404.html").body.contains("href=\"/articles/\""))

        // An encoded slash is a character of a name, not a folder separator: no file has it.
        let article = "articles/2022-02-17-jiangsu-ip-index"
        #expect(try raw(base, "/\(article)/") == 200)
        #expect(try raw(base, "/\(article.replacingOccurrences(of: "/", with: "%2f"))%2f") == 404)
        #expect(try raw(base, "/\(article.replacingOccurrences(of: "/", with: "%2F"))/") == 404)

        // A 20 MB request line: a plain 400 once the client has sent it, then the connection closes.
        let long = try rawLongRequest(base, size: 20 << 20)
        #expect(long.sent)
        #expect(long.answer.hasPrefix("HTTP/1.1 400 Bad Request\r\n"), "\(long.answer.prefix(300))")
        #expect(long.answer.contains("the request line or its header fields are longer than 80 KiB"))
        #expect(try await get(base).status == 200)

        // Nothing outside Public/: dot segments raw and encoded, hidden files, a symlink out.
        try FileManager.default.createSymbolicLink(
            atPath: site.appendingPathComponent("Public/leak.yml").path, withDestinationPath: "../Content/site.yml")
        for path in ["/../Content/site.yml", "/articles/../../Content/site.yml", "/%2e%2e/Content/site.yml",
            "/articles/%2E%2E%2F%2E%2E%2FContent/site.yml", "/.dossier-manifest", "/leak.yml"]
        {
            #expect(try raw(base, path) == 404, "\(path)")
        }
        #expect(try raw(base, "/%zz") == 400)
        #expect(try raw(base, "/a%00b") == 400)

        // HEAD: the headers of GET, no body.
        let head = try await get(base + "articles/", method: .HEAD)
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        #expect(head.headers["content-length"].first == String(articles.body.utf8.count))

        // Conditional requests.
        let tag = try #require(articles.headers["etag"].first)
        #expect(try await get(base + "articles/", headers: [("If-None-Match", tag)]).status == 304)
        #expect(try await get(base + "articles/", headers: [("If-None-Match", "\"other\"")]).status == 200)
        let modified = try #require(articles.headers["last-modified"].first)
        #expect(try await get(base + "articles/", headers: [("If-Modified-Since", modified)]).status == 304)

        // Many clients at once.
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<64 {
                group.addTask { try await self.get(base + (index % 2 == 0 ? "" : "articles/")).status }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses.count == 64 && statuses.allSatisfy { $0 == 200 })
    }

    @Test func anEditReloadsThePageAndABrokenEditKeepsTheLastGoodSite() async throws {
        let site = try TestSupport.copySite(TestSupport.repository)
        defer { TestSupport.remove(site) }
        let server = try ServeProcess(site: site)
        defer { server.stop() }
        let base = try await server.baseURL()

        let articleFolder = site.appendingPathComponent("Content/articles")
        let file = try #require(TestSupport.files(in: articleFolder).first { $0.hasSuffix(".md") })
        let articleURL = articleFolder.appendingPathComponent(file)
        let original = try TestSupport.read(articleURL)
        let page = try await get(base)
        let href = try #require(page.body.firstMatch(of: /href="(articles\/[^"\/]+\/)"/)?.1)

        // The open page listens for events.
        let events = try await client.execute(HTTPClientRequest(url: base + "__dossier/events"), timeout: .seconds(180))
        #expect(events.headers["content-type"].first?.hasPrefix("text/event-stream") == true)
        var stream = events.body.makeAsyncIterator()
        func nextEvent(_ name: String) async throws -> String {
            var seen = ""
            while let chunk = try await stream.next() {
                seen += String(buffer: chunk)
                if seen.contains("event: \(name)") { return seen }
            }
            return seen
        }

        try TestSupport.write(original + "\n新增的一段：服务端实时刷新测试。\n", to: articleURL)
        #expect(try await nextEvent("reload").contains("event: reload"))
        let updated = try await get(base + String(href))
        #expect(updated.body.contains("服务端实时刷新测试"))

        // A broken edit: the errors go to the terminal and the open pages; the last good site stays.
        try TestSupport.write("---\ntitle: 坏\ndate: 2024-13-45\n---\n\n正文。\n", to: articleFolder.appendingPathComponent("2024/broken.md"))
        let failure = try await nextEvent("build-error")
        #expect(failure.contains("broken.md:3:7: error:"))
        _ = try await server.waitFor("still serving the last good site")
        let still = try await get(base + String(href))
        #expect(still.status == 200)
        #expect(still.body.contains("服务端实时刷新测试"))
    }

    /// Runs a Python script with Playwright driving Debian's Chromium, from the
    /// environment `make test` installs (Scripts/install-python-tools test).
    func browser(_ script: String, _ arguments: [String]) throws -> TestSupport.Result {
        let python = TestSupport.repository.appendingPathComponent(".dossier-tool/venv/bin/python")
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw ServeProcess.ServeError(message: "no .dossier-tool/venv: `make test` installs Playwright there")
        }
        let prelude = """
            import pathlib, sys
            from playwright.sync_api import sync_playwright
            playwright = sync_playwright().start()
            chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = chromium.new_page()
            page.set_default_timeout(60000)

            """
        return try TestSupport.run(python, ["-c", prelude + script] + arguments)
    }

    @Test func brokenContentWithNoEarlierSiteShowsItsErrorsUntilItIsFixed() async throws {
        let site = try TestSupport.copySite(TestSupport.fixture("briefing-en"))
        defer { TestSupport.remove(site) }
        let article = site.appendingPathComponent("Content/articles/2024/broken.md")
        let fixed = "---\ntitle: Fixed at last\ndate: 2024-05-01\n---\n\nText.\n"
        try TestSupport.write(fixed.replacingOccurrences(of: "date:", with: "autolink: <b>all</b>\ndate:"), to: article)
        let server = try ServeProcess(site: site)
        defer { server.stop() }
        let base = try await server.baseURL()
        let output = try await server.waitFor("there is no earlier site to serve")
        #expect(!output.contains("last good site"))

        // Every page: the errors, escaped, with the script that reloads it.
        let error =
            "Content/articles/2024/broken.md:3:11: error: &#39;autolink&#39; must be first, all or none, not &#39;&lt;b&gt;all&lt;/b&gt;&#39;"
        for path in ["", "articles/", "no/such/page/"] {
            let page = try await get(base + path)
            #expect(page.status == 503, "\(path)")
            #expect(page.headers["content-type"].first == "text/html; charset=utf-8")
            #expect(page.body.contains(error), "\(page.body)")
            #expect(!page.body.contains("<b>all"))
            #expect(page.body.contains("<script src=\"/__dossier/live.js\"></script>"))
        }

        // In a browser: the error page, then, once the content is fixed, the site in its place.
        let result = try browser(
            """
            response = page.goto(sys.argv[1])
            print("before:", response.status, page.title())
            with page.expect_navigation():
                pathlib.Path(sys.argv[2]).write_text(sys.argv[3])
            page.wait_for_load_state()
            print("after:", page.title())
            chromium.close()
            playwright.stop()
            """, [base, article.path, fixed])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("before: 503 Dossier: the build failed"))
        #expect(result.stdout.contains("after: Clean Energy Briefing"), "\(result.stdout)")
        #expect(try await get(base + "articles/broken/").body.contains("Fixed at last"))

        // A page that connects after the good build is told so at once ("ready"), so an
        // error page served just before it reloads too.
        let events = try await client.execute(HTTPClientRequest(url: base + "__dossier/events"), timeout: .seconds(30))
        var stream = events.body.makeAsyncIterator()
        var first = ""
        while !first.contains("\n\nevent:"), let chunk = try await stream.next() { first += String(buffer: chunk) }
        #expect(first.contains("event: ready\n"))
    }

    @Test func servesTheSearchIndexItBuilds() async throws {
        let site = try TestSupport.copySite(TestSupport.repository)
        defer { TestSupport.remove(site) }
        let server = try ServeProcess(site: site, search: true)
        defer { server.stop() }
        let base = try await server.baseURL()

        // The index is made after the pages are served: wait for it (bounded).
        let deadline = Date().addingTimeInterval(120)
        while try await get(base + "pagefind/pagefind-entry.json").status != 200 && Date() < deadline {
            try await Task.sleep(for: .milliseconds(250))
        }
        let entry = try await get(base + "pagefind/pagefind-entry.json")
        #expect(entry.status == 200)
        #expect(entry.headers["content-type"].first == "application/json; charset=utf-8")
        #expect(try await get(base + "pagefind/pagefind.js").headers["content-type"].first == "text/javascript; charset=utf-8")
        let index = TestSupport.files(in: site.appendingPathComponent("Public/pagefind"))
        let meta = try #require(index.first { $0.hasSuffix(".pf_meta") })
        let served = try await get(base + "pagefind/" + meta)
        #expect(served.status == 200)
        #expect(served.headers["content-type"].first == "application/octet-stream")

        // The theme's search page, through this server, finds the initiative by its name.
        let result = try browser(
            """
            page.goto(sys.argv[1] + "search/?q=" + "专利导航")
            page.wait_for_function("() => document.getElementById('search-results').querySelector('a')")
            for link in page.eval_on_selector_all("#search-results a", "links => links.map(a => a.pathname)"):
                print("found:", link)
            chromium.close()
            playwright.stop()
            """, [base])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("found: /initiatives/patent-navigation/"), "\(result.stdout)")
    }

    @Test func aPortInUseIsAPlainErrorAndCtrlCStopsCleanly() async throws {
        let site = try TestSupport.copySite(TestSupport.repository)
        defer { TestSupport.remove(site) }
        let server = try ServeProcess(site: site)
        defer { server.stop() }
        let base = try await server.baseURL()
        let port = String(base.split(separator: ":").last!.prefix { $0.isNumber })
        let second = try TestSupport.dossier(["serve", "--port", port, "--no-search"], in: site)
        #expect(second.status == 3)
        #expect(second.stderr.contains("port \(port) on 127.0.0.1 is in use"))

        server.process.interrupt()
        let deadline = Date().addingTimeInterval(30)
        while server.process.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!server.process.isRunning)
        #expect(server.process.terminationStatus == 0)
        #expect(server.text.contains("Stopped."))
    }
}
