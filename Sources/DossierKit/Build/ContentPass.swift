import DossierCore
import DossierLoad
import DossierStore
import DossierValidate
import Foundation

/// The first two stages over a site's content: `site.yml` loaded and validated,
/// then the files of `Content/` loaded and checked a chunk at a time (so that no
/// more than a chunk's texts are in memory), then what they say of one another.
package struct ContentPass {
    package var loader: ContentLoader
    package var includeDrafts: Bool
    /// The build's date, in the site's time zone: later articles are held back unless
    /// `includeFuture`. Nil: none is (`render`, `import`).
    package var asOf: BuildDate?
    package var includeFuture = false
    /// Whether articles keep their text once checked. A build does not: each is
    /// read again (`reread`) when it is linked, a chunk at a time.
    package var keepsArticleText = true
    /// How many files are loaded before they are checked.
    package static let chunk = 2_000

    package init(site: SiteLocation, includeDrafts: Bool) {
        loader = ContentLoader(site: site)
        self.includeDrafts = includeDrafts
    }

    /// Everything it can; every problem goes to `diagnostics`. It throws only when
    /// there is no site, or when site.yml cannot be used at all.
    package func run(diagnostics: inout Diagnostics) throws -> (Content, Validation) {
        var content = try content(diagnostics: &diagnostics)
        let validation = Validator.validate(content, diagnostics: &diagnostics)
        // The links of the texts were kept for the validate stage alone: linking finds its own.
        for index in content.articles.indices { content.articles[index].links = .found([]) }
        for index in content.entities.indices { content.entities[index].links = .found([]) }
        for index in content.pages.indices {
            content.pages[index].links = .found([])
            content.pages[index].pageLinks = .found([])
        }
        for index in content.articles.indices { content.articles[index].pageLinks = .found([]) }
        content.futureArticles = []
        for index in content.entities.indices { content.entities[index].pageLinks = .found([]) }
        return (content, validation)
    }

    /// The content with each file checked alone, before what files say of one another.
    package func content(diagnostics: inout Diagnostics) throws -> Content {
        try loader.requireSite()
        guard let configSource = loader.config(diagnostics: &diagnostics),
            let config = SiteConfig.read(configSource, diagnostics: &diagnostics)
        else {
            throw ContentError(diagnostics: diagnostics.sorted)
        }
        let files = loader.list(kinds: Set(config.kinds.map(\.folder)), diagnostics: &diagnostics)
        Validator.folders(files, config: config, site: loader.site, diagnostics: &diagnostics)
        let zone = config.timeZone
        // Dates are read in the site's time zone, and the kinds decide which links are annotations.
        let settings = ([zone.identifier] + config.kinds.map { "\($0.folder):\($0.singular)" }).joined(separator: "\n")
        var changes = BuildStore.Changes()
        var parsed = 0

        var articles: [Article] = []
        var draftsLeftOut = 0
        var future: [Article] = []
        var targets = PageTargets()
        let today = asOf?.day(in: zone)
        let keepsText = keepsArticleText
        let checkedArticles = check(files.articles, folder: "articles", settings: settings) {
            Validator.articles($0, zone: zone, keepingText: keepsText)
        }
        let draftReason = "a draft (built only with --drafts)"
        for (loaded, checked) in checkedArticles {
            diagnostics.append(contentsOf: checked.diagnostics)
            checked.record(loaded, into: &changes, parsed: &parsed)
            guard let article = checked.value else { continue }
            let keys = ["article:" + article.slug, "file:" + loaded.file]
            if !includeDrafts && article.draft {
                draftsLeftOut += 1
                for key in keys { targets.heldBack[key] = draftReason }
            } else if !includeFuture, let today, article.date.isAfter(day: today) {
                future.append(article)
                let reason = "dated \(article.date.isoDay), after the build's date \(today.isoDay) (built only with --future)"
                for key in keys { targets.heldBack[key] = reason }
            } else {
                articles.append(article)
                for key in keys { targets.paths[key] = "articles/\(article.slug)/" }
            }
        }
        // The files of the articles written as folders are copied beside their pages.
        var copies = files.staticFiles
        if !files.bundleFiles.isEmpty {
            let byFolder = Dictionary(grouping: files.bundleFiles, by: \.folder)
            for article in articles {
                guard let folder = article.bundle else { continue }
                for item in byFolder[folder] ?? [] {
                    copies.append(("articles/\(article.slug)/" + item.file.dropFirst(folder.count + 1), item.file))
                }
            }
        }

        var pages: [SitePage] = []
        for (loaded, checked) in check(files.pages, folder: "pages", settings: settings, {
            Validator.pages($0, zone: zone)
        }) {
            diagnostics.append(contentsOf: checked.diagnostics)
            checked.record(loaded, into: &changes, parsed: &parsed)
            guard var page = checked.value else { continue }
            page.file = loaded.file
            let keys = ["page:" + page.slug, "file:" + loaded.file]
            if !includeDrafts && page.draft {
                draftsLeftOut += 1
                for key in keys { targets.heldBack[key] = draftReason }
            } else {
                pages.append(page)
                for key in keys { targets.paths[key] = page.slug + "/" }
            }
        }

        // Each kind's files are checked together; the entities keep the order of their files.
        var checkedEntities: [String: (LoadedFile, Validator.Checked<Entity>)] = [:]
        for kind in config.kinds {
            let inKind = files.entities.filter { $0.kind == kind.folder }.map(\.file)
            for (loaded, checked) in check(
                inKind, folder: kind.folder, settings: settings,
                {
                    Validator.entities($0, kind: kind, zone: zone)
                })
            {
                checkedEntities[loaded.file] = (loaded, checked)
            }
        }
        var entities: [Entity] = []
        var unreadable: [EntityRef] = []
        for file in files.entities {
            guard let (loaded, checked) = checkedEntities[file.file] else { continue }
            diagnostics.append(contentsOf: checked.diagnostics)
            checked.record(loaded, into: &changes, parsed: &parsed)
            if var entity = checked.value {
                entity.file = loaded.file
                entities.append(entity)
                targets.paths["file:" + loaded.file] = entity.ref.path
            } else {
                let id = String((loaded.file as NSString).lastPathComponent.dropLast(3))
                unreadable.append(EntityRef(kind: file.kind, id: id))
            }
        }

        let present = Set(files.articles + files.entities.map(\.file) + files.pages)
        changes.removed = loader.known.keys.filter { !present.contains($0) }.sorted()
        var content = Content(
            root: loader.site.root, config: config, articles: articles, entities: entities,
            staticFiles: copies, unreadableEntities: unreadable, draftsLeftOut: draftsLeftOut,
            sourceChanges: changes, parsedFiles: parsed, configKey: FingerprintHasher.fingerprint(configSource.text))
        content.pages = pages
        targets.fixedOutputs = Set(targets.paths.values).union(
            ["", "articles/", "search/", "feed.xml", "sitemap.xml", "robots.txt", "404.html"]
                + config.kinds.map { $0.folder + "/" } + copies.map(\.output))
        content.targets = targets
        content.files = Set(files.all)
        content.futureArticles = future
        content.futureLeftOut = future.count
        return content
    }

    /// Loads and checks files of one folder a chunk at a time, in their order. A file
    /// whose stored record turns out unusable is loaded again, from its text.
    private func check<Value>(
        _ files: [String], folder: String, settings: String,
        _ check: ([LoadedFile]) -> [Validator.Checked<Value>]
    ) -> [(LoadedFile, Validator.Checked<Value>)] {
        var result: [(LoadedFile, Validator.Checked<Value>)] = []
        result.reserveCapacity(files.count)
        for start in stride(from: 0, to: files.count, by: Self.chunk) {
            let chunk = Array(files[start..<min(start + Self.chunk, files.count)])
            var loaded = loader.load(chunk, folder: folder, settings: settings)
            var checked = check(loaded)
            let again = checked.indices.filter { checked[$0].needsText }
            if !again.isEmpty {
                var fresh = loader
                fresh.known = [:]
                let reloaded = fresh.load(again.map { chunk[$0] }, folder: folder, settings: settings)
                for (index, file) in zip(again, reloaded) { loaded[index] = file }
                for (index, redone) in zip(again, check(reloaded)) { checked[index] = redone }
            }
            // What is kept of a loaded file is what the store must remember of it: not its text.
            for index in loaded.indices {
                loaded[index].text = nil
                loaded[index].stored = nil
            }
            result.append(contentsOf: zip(loaded, checked))
        }
        return result
    }

    /// Articles handed on without their text get it back here, for linking: the
    /// file's text and the Markdown after its front matter. A file that changed
    /// since it was loaded is checked again in full, and loses its content hash, so
    /// that what is linked from it is not stored under the hash of what it was.
    package func reread(_ articles: [Article], zone: TimeZone) -> [Article] {
        articles.parallelMap { article -> Article in
            guard let (source, changed) = loader.reread(article.file, hash: article.contentHash) else {
                return article
            }
            guard !changed else {
                var ignored = Diagnostics()
                guard var fresh = Validator.article(source, file: article.file, zone: zone, diagnostics: &ignored)
                else { return article }
                fresh.file = article.file
                return fresh
            }
            let split = FrontMatterSplit(source.text)
            var full = article
            full.source = source
            full.body = split.body
            full.bodyLineOffset = split.bodyLineOffset
            return full
        }
    }
}
