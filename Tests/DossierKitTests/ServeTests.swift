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

    init(site: URL, arguments: [String] = []) throws {
        self.site = site
        process.executableURL = TestSupport.dossier
        process.arguments = ["serve", "--port", "0", "--no-search"] + arguments
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

    func rawHead(_ base: String, _ path: String) throws -> (status: Int, head: String) {
        let port = UInt16(base.split(separator: ":").last!.prefix { $0.isNumber })!
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw ServeProcess.ServeError(message: "cannot connect") }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
        var buffer = [UInt8](repeating: 0, count: 1024)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        let head = String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self)
        return (Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0, head)
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
