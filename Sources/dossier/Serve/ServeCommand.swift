import ArgumentParser
import DossierKit
import Foundation
import Hummingbird
import Logging

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Builds the site, serves it on 127.0.0.1, and rebuilds and reloads the open pages on every change.")

    @OptionGroup var site: SiteOption

    @Option(name: .long, help: "The port (0 picks a free one).")
    var port: Int = 8000

    @Option(name: .long, help: "The address to listen on.")
    var host: String = "127.0.0.1"

    @Option(name: .long, help: "The output folder (default: Public/ in the site).")
    var output: String?

    @Flag(name: .long, help: "Build drafts too.")
    var drafts = false

    @Flag(name: .customLong("no-search"), help: "Do not index the site for search.")
    var noSearch = false

    @Flag(name: .shortAndLong, help: "Say how long each stage took.")
    var verbose = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
    }

    func run() async throws {
        let location = try site.location()
        let options = BuildOptions(site: location, output: output, includeDrafts: drafts, search: false)
        let logger = PlainLogHandler.logger(verbose: verbose)
        if port != 0, let problem = PortProbe.problem(host: host, port: port) {
            throw EnvironmentError(problem)
        }
        let live = LiveReload()
        let builder = SiteRebuilder(options: options, search: !noSearch, logger: logger, live: live)
        // Started before the first build, so that an edit made while it runs is built too.
        let watcher = SourceWatcher(folders: builder.folders)
        await builder.build(reason: nil)

        let outputPath = options.outputPath
        try FileManager.default.createDirectory(atPath: outputPath, withIntermediateDirectories: true)
        let responder = SiteResponder(site: StaticSite(root: outputPath), live: live)
        var serverLogger = Logger(label: "dossier.serve")
        serverLogger.logLevel = .error
        let host = self.host
        let app = Application(
            responder: responder,
            server: .http1(configuration: .init(additionalChannelHandlers: [MalformedRequestHandler()])),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "Dossier"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                FileHandle.standardOutput.write(Data("Serving http://\(host):\(port)/ (Ctrl-C stops)\n".utf8))
            },
            logger: serverLogger)

        // Open event streams would hold the server's graceful shutdown forever: end them first.
        let signals = [SIGINT, SIGTERM].map { number -> DispatchSourceSignal in
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { Task { await live.finish() } }
            source.resume()
            return source
        }
        let watching = Task { await builder.watch(watcher) }
        do {
            try await app.runService()
        } catch {
            watcher.stop()
            watching.cancel()
            throw EnvironmentError("cannot serve on \(host):\(port): \(error)")
        }
        watcher.stop()
        watching.cancel()
        await live.finish()
        for source in signals { source.cancel() }
        printLine("Stopped.")
    }
}

/// A line on standard output at once, even into a pipe or a log file: `serve`
/// runs for hours and reports as it goes (`print` would wait for a full buffer).
func printLine(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// Builds on start and on every change of `Content/` or `Templates/`, then
/// reloads the open pages, or shows them the errors; the last good site stays,
/// if there is one.
actor SiteRebuilder {
    let options: BuildOptions
    let search: Bool
    let logger: Logger
    let live: LiveReload
    private var builds = 0
    /// The search index waits for edits to settle, and never holds up the next build.
    private var indexing: Task<Void, Never>?
    private var indexRunning = false

    init(options: BuildOptions, search: Bool, logger: Logger, live: LiveReload) {
        self.options = options
        self.search = search
        self.logger = logger
        self.live = live
    }

    func build(reason: String?) async {
        builds += 1
        let number = builds
        let options = self.options
        let logger = self.logger
        let outcome: Result<BuildReport, Error> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: .success(Result { try Builder.build(options, logger: logger) }))
            }
        }
        let prefix = reason.map { "\($0): " } ?? ""
        switch outcome {
        case .success(let report):
            for warning in report.warnings { printError(warning.description) }
            let stats = report.stats
            printLine(
                "\(prefix)built \(report.pages) pages: \(stats.written) written, \(stats.unchanged) unchanged, "
                    + "\(stats.removed) removed in \(String(format: "%.2f", report.seconds)) s")
            await live.reload(build: number, baseURL: report.baseURL)
            if search {
                indexing?.cancel()
                indexing = Task {
                    try? await Task.sleep(for: .seconds(1))
                    if !Task.isCancelled { await self.index() }
                }
            }
        case .failure(let error):
            let lines = (error as? ContentError)?.diagnostics.map(\.description) ?? ["dossier: error: \(error)"]
            for line in lines { printError(line) }
            if case .file = StaticSite(root: options.outputPath).resolve("/") {
                printError(
                    "\(prefix)the build failed; still serving the last good site, with these errors over its pages")
            } else {
                printError(
                    "\(prefix)the build failed, and there is no earlier site to serve: "
                        + "the browser shows these errors, and the site once they are fixed")
            }
            await live.failed(lines)
        }
    }

    /// Indexes the site for search after the pages have reloaded (debounced by `build`).
    private func index() async {
        // One index at a time: they share the staging folder.
        while indexRunning { try? await Task.sleep(for: .milliseconds(200)) }
        if Task.isCancelled { return }
        indexRunning = true
        defer { indexRunning = false }
        let output = options.outputPath
        let pages = SearchIndex.pagesFolder(site: options.site, output: output)
        let result: Result<SearchIndex.Report, Error> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: Result { try SearchIndex.run(site: output, pages: pages) })
            }
        }
        switch result {
        case .success(let report):
            logger.debug("search index: \(report.pages) pages in \(String(format: "%.2f", report.seconds)) s")
        case .failure(let error): printError("dossier: warning: search index not updated: \(error)")
        }
    }

    nonisolated var folders: [String] { [options.site.absolute("Content"), options.site.absolute("Templates")] }

    /// Builds each settled change the watcher reports; changes made during a build are built next, together.
    func watch(_ watcher: SourceWatcher) async {
        logger.debug("watching \(folders.count) folders by \(watcher.method.rawValue)")
        let base = FileManager.default.currentDirectoryPath
        while !Task.isCancelled, let change = await watcher.next() {
            await build(reason: change.description(relativeTo: base))
        }
    }
}

/// Whether a port can be listened on, asked before the server starts so that a
/// port in use is a plain message (exit 3) rather than a stack of NIO errors.
enum PortProbe {
    static func problem(host: String, port: Int) -> String? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { return nil }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if bound == 0 { return nil }
        if errno == EADDRINUSE {
            return
                "port \(port) on \(host) is in use: stop what uses it, or choose another with --port N (--port 0 picks a free one)"
        }
        return "cannot listen on \(host):\(port): \(String(cString: strerror(errno)))"
    }
}
