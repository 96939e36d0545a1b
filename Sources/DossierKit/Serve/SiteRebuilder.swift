import DossierCore
import DossierLink
import DossierPublish
import DossierStore
import DossierTemplate
import DossierValidate
import Foundation
import Logging

/// Builds on start and on every change of `Content/` or `Templates/`, then
/// reloads the open pages, or shows them the errors; the last good site stays,
/// if there is one.
public actor SiteRebuilder {
    /// What it has to say: a line for standard output, or one for standard error.
    public enum Message: Sendable {
        case output(String)
        case error(String)
    }

    public let options: BuildOptions
    package let search: Bool
    package let logger: Logger
    package let live: LiveReload
    package let say: @Sendable (Message) -> Void
    private var builds = 0
    /// The build store, kept open between builds.
    private let session = BuildSession()
    /// The search index waits for edits to settle, and never holds up the next build.
    private var indexing: Task<Void, Never>?
    private var indexRunning = false

    public init(
        options: BuildOptions, search: Bool, logger: Logger, live: LiveReload,
        say: @escaping @Sendable (Message) -> Void
    ) {
        self.say = say
        self.options = options
        self.search = search
        self.logger = logger
        self.live = live
    }

    public func build(reason: String?) async {
        builds += 1
        let number = builds
        var building = self.options
        let logger = self.logger
        let session = self.session
        // The open pages reload as soon as the pages are written, not after the feeds and the manifest.
        let live = self.live
        let reloaded = ReloadSent()
        building.pagesReady = { baseURL in
            reloaded.mark()
            Task { await live.reload(build: number, baseURL: baseURL) }
        }
        let options = building
        let outcome: Result<BuildReport, Error> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(
                    with: .success(Result { try Builder.build(options, logger: logger, session: session) }))
            }
        }
        let prefix = reason.map { "\($0): " } ?? ""
        switch outcome {
        case .success(let report):
            for warning in report.warnings { say(.error(warning.description)) }
            let stats = report.stats
            say(
                .output(
                    "\(prefix)built \(report.pages) pages: \(stats.written) written, \(stats.unchanged) unchanged, "
                        + "\(stats.removed) removed in \(String(format: "%.2f", report.seconds)) s"))
            if !reloaded.isMarked { await live.reload(build: number, baseURL: report.baseURL) }
            if search {
                indexing?.cancel()
                indexing = Task {
                    try? await Task.sleep(for: .seconds(1))
                    if !Task.isCancelled { await self.index() }
                }
            }
        case .failure(let error):
            let lines = (error as? ContentError)?.diagnostics.map(\.description) ?? ["dossier: error: \(error)"]
            for line in lines { say(.error(line)) }
            if case .file = StaticSite(root: options.outputPath).resolve("/") {
                say(
                    .error(
                        "\(prefix)the build failed; still serving the last good site, with these errors over its pages")
                )
            } else {
                say(
                    .error(
                        "\(prefix)the build failed, and there is no earlier site to serve: "
                            + "the browser shows these errors, and the site once they are fixed"))
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
        let tools = options.tools
        let result: Result<SearchIndex.Report, Error> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: Result { try SearchIndex.run(site: output, pages: pages, tools: tools) })
            }
        }
        switch result {
        case .success(let report):
            logger.debug("search index: \(report.pages) pages in \(String(format: "%.2f", report.seconds)) s")
        case .failure(let error): say(.error("dossier: warning: search index not updated: \(error)"))
        }
    }

    public nonisolated var folders: [String] { [options.site.absolute("Content"), options.site.absolute("Templates")] }

    /// Builds each settled change the watcher reports; changes made during a build are built next, together.
    public func watch(_ watcher: SourceWatcher) async {
        logger.debug("watching \(folders.count) folders by \(watcher.method.rawValue)")
        let base = FileManager.default.currentDirectoryPath
        while !Task.isCancelled, let change = await watcher.next() {
            await build(reason: change.description(relativeTo: base))
        }
    }
}

/// Whether a build told the open pages to reload on its own (`BuildOptions.pagesReady`).
private final class ReloadSent: @unchecked Sendable {
    private let lock = NSLock()
    private var marked = false

    func mark() { lock.withLock { marked = true } }
    var isMarked: Bool { lock.withLock { marked } }
}
