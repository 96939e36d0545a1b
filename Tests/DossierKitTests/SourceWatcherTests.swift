import Foundation
import Testing

@testable import DossierKit

/// `serve`'s watcher on a real folder: inotify on Linux, and the polling fallback;
/// edits, new files in new folders, deletions, a folder that appears later, and
/// changes made while the last ones are being built.
@Suite(.serialized) struct SourceWatcherTests {
    /// The next change, or a failure after `seconds`.
    func next(_ watcher: SourceWatcher, seconds: Double = 10) async throws -> SourceWatcher.Change {
        try await withThrowingTaskGroup(of: SourceWatcher.Change?.self) { group in
            group.addTask { await watcher.next() }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                return nil
            }
            let first = try await group.next()!
            group.cancelAll()
            guard let first else { throw WatcherTimeout() }
            return first
        }
    }

    struct WatcherTimeout: Error {}

    func folders() throws -> (root: URL, content: URL, templates: URL) {
        let root = try TestSupport.temporaryFolder("dossier-watch")
        let content = root.appendingPathComponent("Content")
        try FileManager.default.createDirectory(
            at: content.appendingPathComponent("articles"), withIntermediateDirectories: true)
        try TestSupport.write("one", to: content.appendingPathComponent("articles/a.md"))
        return (root, content, root.appendingPathComponent("Templates"))
    }

    @Test(arguments: [false, true]) func reportsEditsNewFoldersAndDeletions(polling: Bool) async throws {
        let (root, content, templates) = try folders()
        defer { TestSupport.remove(root) }
        let watcher = SourceWatcher(folders: [content.path, templates.path], forcePolling: polling)
        defer { watcher.stop() }
        #if os(Linux)
            #expect(watcher.method == (polling ? .polling : .inotify))
        #endif
        // Give the polling watcher a tick to see the files as they are (inotify needs none).
        try await Task.sleep(for: .milliseconds(300))

        let article = content.appendingPathComponent("articles/a.md")
        try TestSupport.write("two", to: article)
        #expect(try await next(watcher) == .paths([article.path]))

        // A new folder, with a file in it, made at once: the file is reported.
        let figure = content.appendingPathComponent("figures/jiangsu/rate.md")
        try FileManager.default.createDirectory(
            at: figure.deletingLastPathComponent(), withIntermediateDirectories: true)
        try TestSupport.write("rate", to: figure)
        let created = try await next(watcher)
        guard case .paths(let paths) = created else {
            Issue.record("expected paths, got \(created)")
            return
        }
        #expect(paths.contains(figure.path))
        // ... and then watched like the others.
        try TestSupport.write("rate 2", to: figure)
        #expect(try await next(watcher) == .paths([figure.path]))

        try FileManager.default.removeItem(at: article)
        #expect(try await next(watcher) == .paths([article.path]))

        // A folder that did not exist when watching began.
        let template = templates.appendingPathComponent("article.html")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try TestSupport.write("<p>{{title}}</p>", to: template)
        let appeared = try await next(watcher)
        guard case .paths(let templatePaths) = appeared else {
            Issue.record("expected paths, got \(appeared)")
            return
        }
        #expect(templatePaths.contains(template.path))

        // A file beside the watched folders is not a change of the site's sources.
        try TestSupport.write("notes", to: root.appendingPathComponent("notes.txt"))
        // Nor is a hidden file, such as an editor's swap file, which a build does not read.
        try TestSupport.write("swap", to: content.appendingPathComponent("articles/.a.md.swp"))
        await #expect(throws: WatcherTimeout.self) { try await next(watcher, seconds: 1.5) }
    }

    @Test func changesWhileBuildingAreReportedTogether() async throws {
        let (root, content, templates) = try folders()
        defer { TestSupport.remove(root) }
        let watcher = SourceWatcher(folders: [content.path, templates.path])
        defer { watcher.stop() }
        // Nobody asks for changes (a build is running) while three files are written, apart.
        var written: [String] = []
        for name in ["b", "c", "d"] {
            let file = content.appendingPathComponent("articles/\(name).md")
            try TestSupport.write(name, to: file)
            written.append(file.path)
            try await Task.sleep(for: .milliseconds(400))
        }
        #expect(try await next(watcher) == .paths(written))
        await #expect(throws: WatcherTimeout.self) { try await next(watcher, seconds: 1) }
    }

    @Test func describesChanges() {
        #expect(SourceWatcher.Change.paths(["/s/Content/a.md"]).description(relativeTo: "/s") == "Content/a.md changed")
        #expect(SourceWatcher.Change.paths(["/s/a", "/s/b"]).description(relativeTo: "/s/") == "2 files changed")
        #expect(SourceWatcher.Change.unknown.description(relativeTo: "/s") == "files changed")
    }
}
