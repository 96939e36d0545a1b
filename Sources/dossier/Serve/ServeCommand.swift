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

    @Flag(name: .long, help: "Build articles dated after today too.")
    var future = false

    @Flag(name: .customLong("no-search"), help: "Do not index the site for search.")
    var noSearch = false

    @Flag(name: .shortAndLong, help: "Say how long each stage took.")
    var verbose = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
    }

    func run() async throws {
        let location = try site.location()
        var options = BuildOptions(
            site: location, output: output, includeDrafts: drafts, search: false,
            tools: try .ofThisProcess(search: !noSearch))
        options.includeFuture = future
        options.asOf = try buildDate(asOf: nil)
        let logger = PlainLogHandler.logger(verbose: verbose)
        if port != 0, let problem = PortProbe.problem(host: host, port: port) {
            throw EnvironmentError(problem)
        }
        let live = LiveReload()
        let builder = SiteRebuilder(options: options, search: !noSearch, logger: logger, live: live) { message in
            switch message {
            case .output(let line): printLine(line)
            case .error(let line): printError(line)
            }
        }
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
