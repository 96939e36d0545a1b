import ArgumentParser
import DossierKit
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validates the content, builds the site and checks every internal link, fragment and entity page.",
        discussion: """
            Builds into a temporary folder unless --output is given. Problems are reported as \
            path:line:column, at the Markdown link they came from where there is one, else in the built page. \
            External links are listed; --external fetches them.
            """)

    @OptionGroup var site: SiteOption

    @Option(name: .long, help: "Build into this folder (kept) instead of a temporary one.")
    var output: String?

    @Flag(name: .long, help: "Fetch every external link (HEAD, then GET where HEAD is refused), with a timeout and at most 8 at a time.")
    var external = false

    @Option(name: .long, help: "Seconds to wait for each external link.")
    var timeout: Double = 10

    func run() async throws {
        let location = try site.location()
        var temporary: String?
        if output == nil {
            let template = NSTemporaryDirectory() + "dossier-check-XXXXXX"
            var bytes = Array(template.utf8CString)
            guard mkdtemp(&bytes) != nil else { throw EnvironmentError("cannot make a temporary folder") }
            temporary = String(cString: bytes)
        }
        let outputPath = output ?? temporary!
        var options = BuildOptions(site: location, output: outputPath, search: false)
        options.needsPageSources = true
        let report = try Builder.build(
            options, logger: PlainLogHandler.logger(verbose: false),
            progress: TerminalProgress.make())
        TerminalProgress.clear()
        for warning in report.warnings { printError(warning.description) }

        let folder = outputPath.hasPrefix("/") ? outputPath : FileManager.default.currentDirectoryPath + "/" + outputPath
        let checker = SiteChecker(
            folder: folder, display: output ?? temporary!, baseURL: report.baseURL, sources: report.sources,
            required: report.entityPages)
        let result = checker.check()
        var problems = result.problems
        if external {
            problems += await Self.fetch(result.external, timeout: timeout)
        }
        for problem in problems.sorted(by: { ($0.location, $0.message) < ($1.location, $1.message) }) {
            printError(problem.description)
        }
        if !result.external.isEmpty {
            print("External links (\(result.external.count)\(external ? ", fetched" : ", not fetched: --external fetches them")):")
            for link in result.external {
                print("  \(link.url)  (\(link.location.path):\(link.location.line):\(link.location.column))")
            }
        }
        let inBuiltPages = problems.contains { $0.location.path.hasPrefix(output ?? temporary!) }
        if let temporary {
            if inBuiltPages {
                print("The site built for checking is kept at \(temporary), where the problems above point.")
            } else {
                try? FileManager.default.removeItem(atPath: temporary)
            }
        }
        let count = problems.count
        print(
            "Checked \(result.pages) pages and \(result.links) links: "
                + (count == 0 ? "no problems" : "\(count) problem\(count == 1 ? "" : "s")"))
        if count > 0 { throw ExitCode(1) }
    }

    /// Fetches each link, `concurrency` at a time; a failure or an error status is a problem at the link.
    static func fetch(_ links: [(url: String, location: SourceLocation)], timeout: Double, concurrency: Int = 8) async
        -> [Diagnostic]
    {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout * 2
        let session = URLSession(configuration: configuration)
        return await withTaskGroup(of: Diagnostic?.self) { group in
            var results: [Diagnostic] = []
            var pending = links[...]
            func start() {
                guard let link = pending.popFirst() else { return }
                group.addTask { await Self.fetch(link.url, at: link.location, session: session, timeout: timeout) }
            }
            for _ in 0..<concurrency { start() }
            while let result = await group.next() {
                if let result { results.append(result) }
                start()
            }
            return results
        }
    }

    /// HEAD, then GET where HEAD is refused (some servers answer HEAD with 405);
    /// redirects are followed. A link that does not answer in time is not asked twice.
    private static func fetch(_ url: String, at location: SourceLocation, session: URLSession, timeout: Double) async
        -> Diagnostic?
    {
        func problem(_ text: String) -> Diagnostic { .error("external link '\(url)' \(text)", at: location) }
        guard let target = URL(string: url) else { return problem("is not a valid URL") }
        var answer = ""
        for method in ["HEAD", "GET"] {
            var request = URLRequest(url: target)
            request.httpMethod = method
            do {
                let (_, response) = try await session.data(for: request)
                let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                if (200..<400).contains(status) { return nil }
                let final = response.url?.absoluteString ?? url
                answer = final == url ? "answered HTTP \(status)" : "redirects to '\(final)', which answered HTTP \(status)"
            } catch let error as URLError where error.code == .timedOut {
                let seconds = timeout == timeout.rounded() ? String(Int(timeout)) : String(timeout)
                return problem("did not answer within \(seconds) s")
            } catch let error as URLError where error.code == .httpTooManyRedirects {
                return problem("redirects too many times")
            } catch {
                answer = "failed: \(error.localizedDescription)"
            }
        }
        return problem(answer)
    }
}
