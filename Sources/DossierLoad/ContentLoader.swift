import DossierCore
import DossierStore
import Foundation

/// The load stage: a site's files as text. `site.yml` and each file of `Content/`
/// are read and decoded, or, where the build store already holds what the file
/// was checked into (same size and time, or same bytes), handed on as that record
/// without being read or parsed. Nothing here judges what a file says: that is
/// the validate stage's work.
public struct ContentLoader: Sendable {
    public var site: SiteLocation
    /// What earlier builds checked each file into (from the build store), by the
    /// file's path in the site.
    package var known: [String: BuildStore.Source] = [:]
    /// The files of `Content/` as the build already listed them (without a problem);
    /// when nil, `list` lists the folder itself.
    package var listing: [String]?
    /// The listed files' sizes and times, when the build found them as it listed them: a
    /// file is then not looked at again before its stored record is taken.
    package var stamps: [String: FileStamp]?

    public init(site: SiteLocation) {
        self.site = site
    }

    package static let configPath = "Content/site.yml"

    /// Throws unless the folder holds a site (its `Content/site.yml`).
    public func requireSite() throws {
        guard FileManager.default.fileExists(atPath: site.absolute(Self.configPath)) else {
            throw UsageError("no site at '\(site.display)': \(site.displayPath(Self.configPath)) does not exist")
        }
    }

    /// The text of `site.yml`; nil, with the problem reported, when it cannot be read.
    public func config(diagnostics: inout Diagnostics) -> SourceText? {
        let display = site.displayPath(Self.configPath)
        guard let data = FileManager.default.contents(atPath: site.absolute(Self.configPath)) else {
            diagnostics.error("cannot read the file", at: SourceLocation(path: display))
            return nil
        }
        switch SourceText.decode(Array(data), path: display) {
        case .success(let source): return source
        case .failure(let problem):
            diagnostics.append(problem)
            return nil
        }
    }

    /// The files of `Content/`, sorted by what they are: articles, the entities of
    /// the kinds whose folders are `kinds`, static files, and Markdown files that
    /// are in no such folder (which are not loaded).
    public func list(kinds: Set<String>, diagnostics: inout Diagnostics) -> ContentFiles {
        let files = listing ?? FileWalker(site: site).walk("Content", diagnostics: &diagnostics)
        var listed = ContentFiles()
        listed.all = files
        // Articles written as folders: `Content/articles/**/<slug>/index.md`, and the files (not
        // Markdown: every Markdown file is an article) in its folder, or the innermost such folder.
        let bundles = Set(files.filter { $0.hasPrefix("Content/articles/") && $0.hasSuffix("/index.md") }.map {
            String($0.dropLast("/index.md".count))
        }.filter { $0 != "Content/articles" })
        func bundle(holding file: String) -> String? {
            var folder = (file as NSString).deletingLastPathComponent
            while folder.hasPrefix("Content/articles/") {
                if bundles.contains(folder) { return folder }
                folder = (folder as NSString).deletingLastPathComponent
            }
            return nil
        }
        for file in files {
            let parts = file.split(separator: "/").map(String.init)  // Content/<top>/…
            guard parts.count >= 3 else {
                if file != Self.configPath && file.hasSuffix(".md") { listed.outside.append((file, nil)) }
                continue
            }
            let top = parts[1]
            if top == "static" {
                listed.staticFiles.append((parts[2...].joined(separator: "/"), file))
            } else if top == "articles", !file.hasSuffix(".md"), !bundles.isEmpty, let folder = bundle(holding: file) {
                listed.bundleFiles.append((folder, file))
            } else if !file.hasSuffix(".md") {
                if top == "articles" || top == "pages" { listed.strays.append(file) }
                continue
            } else if top == "articles" {
                listed.articles.append(file)
            } else if top == "pages" {
                listed.pages.append(file)
            } else if kinds.contains(top) {
                listed.entities.append(ContentFiles.EntityFile(kind: top, file: file))
            } else {
                listed.outside.append((file, top))
            }
        }
        return listed
    }

    /// Loads files of one folder (`articles`, or a kind's) on all cores, in order.
    /// `settings` are what of the site's settings checking a file depends on (its time
    /// zone, its kinds): a record made under other settings is not taken.
    package func load(_ files: [String], folder: String, settings: String) -> [LoadedFile] {
        files.parallelMap { load($0, folder: folder, settings: settings) }
    }

    /// One file: unchanged size and time, the stored record without reading it;
    /// unchanged bytes, the stored record without its text; else its text.
    package func load(_ file: String, folder: String, settings: String) -> LoadedFile {
        var context = FingerprintHasher()
        context.combine(BuildStore.format)
        context.combine(folder)
        context.combine(settings)
        context.combine(site.displayPath(file))
        var loaded = LoadedFile(file: file, context: context.finalize())
        let absolute = site.absolute(file)
        let known = self.known[file].flatMap { $0.context == loaded.context ? $0 : nil }
        var info = stat()
        if let known, let stamp = stamps?[file] ?? (stat(absolute, &info) == 0 ? FileStamp(info) : nil),
            known.size == stamp.size, known.modified == stamp.modified
        {
            loaded.state = FileState(size: known.size, modified: known.modified, hash: known.hash)
            loaded.stored = known
            return loaded
        }
        let display = site.displayPath(file)
        guard let read = FileBytes.read(absolute) else {
            loaded.problems.error("cannot read the file", at: SourceLocation(path: display))
            return loaded
        }
        let bytes = read.bytes
        let state = FileState(
            size: Int64(bytes.count), modified: read.modified, hash: FingerprintHasher.fingerprint(bytes: bytes))
        loaded.state = state
        if let known, known.hash == state.hash {
            loaded.stored = known
            loaded.touched = true
            return loaded
        }
        switch SourceText.decode(bytes, path: display) {
        case .success(let source): loaded.text = source
        case .failure(let problem): loaded.problems.append(problem)
        }
        return loaded
    }

    /// An article's text again, for linking, when it was loaded without it: nil
    /// when the file cannot be read now. `changed` says that its bytes are no
    /// longer those of `hash` (the file was saved since it was loaded).
    package func reread(_ file: String, hash: Fingerprint?) -> (source: SourceText, changed: Bool)? {
        guard let bytes = FileBytes.read(site.absolute(file))?.bytes else { return nil }
        guard case .success(let source) = SourceText.decode(bytes, path: site.displayPath(file)) else { return nil }
        return (source, FingerprintHasher.fingerprint(bytes: bytes) != hash)
    }
}

/// The files of `Content/`, sorted by the load stage.
public struct ContentFiles: Sendable {
    public struct EntityFile: Sendable {
        public var kind: String
        public var file: String
    }

    public var articles: [String] = []
    public var entities: [EntityFile] = []
    /// Standalone pages (`Content/pages/`).
    public var pages: [String] = []
    /// The files of articles written as folders, each with its folder (`Content/articles/2022/x`).
    public var bundleFiles: [(folder: String, file: String)] = []
    /// Files beside articles or pages that are in no article's folder, and so not published.
    public var strays: [String] = []
    /// Every file of `Content/`.
    public var all: [String] = []
    /// Files of `Content/static/`, by their path in the output.
    public var staticFiles: [(output: String, file: String)] = []
    /// Markdown files in no kind's folder, with the folder they are in (nil: `Content/` itself).
    public var outside: [(file: String, folder: String?)] = []

    public init() {}
}

/// A file's size, modification time and content hash.
package struct FileState: Sendable {
    package var size: Int64
    package var modified: Int64
    package var hash: Fingerprint

    package init(size: Int64, modified: Int64, hash: Fingerprint) {
        self.size = size
        self.modified = modified
        self.hash = hash
    }
}

/// One file as the load stage hands it on: either the record the build store
/// holds of it (`stored`) or its text (`text`), or the problem that kept it from
/// being read.
package struct LoadedFile: Sendable {
    package var file: String
    /// What checking the file depends on besides its bytes: the store's format, the file's
    /// folder and path, the site's settings (time zone, kinds).
    package var context: Fingerprint
    package var state: FileState?
    package var stored: BuildStore.Source?
    /// Only the modification time changed since the stored record was made.
    package var touched = false
    package var text: SourceText?
    package var problems = Diagnostics()

    package init(file: String, context: Fingerprint) {
        self.file = file
        self.context = context
    }
}
