import DossierCore
import DossierData
import DossierLink
import DossierMarkdown
import DossierPlan
import DossierPublish
import DossierRender
import DossierStore
import DossierTemplate
import DossierValidate
import Foundation
import Logging

/// Files → `Content` → `SiteGraph` → pages → templates → files, with the build
/// store (`BuildStore`) beside: reading takes unchanged files' records from it,
/// linking the unchanged articles' linking, and gives back what it made; pages
/// whose inputs are unchanged (their fingerprints are in the output's manifest)
/// are not built. Everything is read and checked before the first file is written.
public enum Builder {
    /// How many files are written at once.
    package static let writers = 8
    /// How many pages are rendered before they are written.
    package static let batchSize = 2_000

    /// `session`: what a process that builds again and again keeps between its builds (`serve`).
    public static func build(
        _ options: BuildOptions, logger: Logger = Logger(label: "dossier"), progress: BuildProgress = BuildProgress(),
        session: BuildSession? = nil
    ) throws -> BuildReport {
        do {
            return try buildOnce(options, logger: logger, progress: progress, session: session)
        } catch let damage as BuildStore.Damaged {
            // Found only while pages were written: the build starts again with a new store.
            logger.warning("\(damage); building again from the content alone")
            session?.drop()
            var clean = options
            clean.clean = true
            return try buildOnce(clean, logger: logger, progress: progress, session: session)
        }
    }

    private static func buildOnce(
        _ options: BuildOptions, logger: Logger, progress: BuildProgress, session: BuildSession?
    ) throws -> BuildReport {
        session?.waitForWorkLeft()
        let started = Date()
        var stageStart = started
        func stage(_ name: String) {
            let now = Date()
            let memory = residentMemory().map { ", \($0 >> 20) MiB resident" } ?? ""
            logger.debug("\(name): \(String(format: "%.3f", now.timeIntervalSince(stageStart))) s\(memory)")
            stageStart = now
        }
        if let base = options.baseURL, !SiteConfig.isValidBaseURL(base) {
            throw UsageError("the base URL must be an absolute http(s) URL, not '\(base)'")
        }
        let protected = ["Content", "Templates"].map {
            (path: options.site.absolute($0), display: options.site.displayPath($0) + "/")
        }
        let output = try OutputFolder(
            path: options.outputPath, display: options.outputDisplay, force: options.force, protected: protected)
        // Released when the build returns, or (in a session) once what it left is recorded.
        var releasedLater = false
        defer { if !releasedLater { output.release() } }
        var diagnostics = Diagnostics()
        let themeFiles = try ThemeFiles(
            site: options.site, defaultDirectory: options.tools.theme, diagnostics: &diagnostics)
        let theme = Theme(themeFiles, templates: options.site.displayPath("Templates"), diagnostics: &diagnostics)
        stage("opened the output folder and read the theme")
        // A build whose inputs are those the output folder was last built from (the build
        // store records them for the manifest that build left), and whose files are all
        // still there, is complete: no record is read, no page considered.
        let siteInputs = BuildInputs.key(site: options.site, theme: theme, options: options)
        stage("listed the inputs")
        let storePath = BuildStore.location(site: options.site)
        let folder = OutputFolder.resolve(output.path)
        // A session's store is opened here, before the output record is read from it.
        let kept = session?.store(at: storePath, fresh: options.clean)
        let lastRecord =
            options.clean
            ? nil
            : session == nil
                ? BuildStore.outputRecord(at: storePath, folder: folder) : kept?.outputRecord(folder: folder)
        if let lastRecord, let manifest = output.manifestFound, lastRecord.manifest == manifest,
            output.stateFound() == lastRecord.files
        {
            output.trustFilesAsLeft()
        }
        if !options.clean, !options.needsPageSources, diagnostics.items.isEmpty, let siteInputs,
            let record = lastRecord,
            output.filesAsLeft, record.inputs == siteInputs.key,
            !options.search || SearchIndex.isComplete(in: output.path)
        {
            output.keepAll()
            let stats = try output.finish()
            stage("kept all \(stats.unchanged) files: the inputs are those of the last build")
            var report = BuildReport(
                pages: record.pages, files: stats.unchanged, stats: stats, warnings: [],
                seconds: Date().timeIntervalSince(started),
                baseURL: record.baseURL, draftsLeftOut: record.draftsLeftOut, keptWhole: true)
            report.futureLeftOut = record.futureLeftOut
            return report
        }
        var pass = ContentPass(site: options.site, includeDrafts: options.includeDrafts)
        pass.asOf = options.asOf
        pass.includeFuture = options.includeFuture
        pass.keepsArticleText = false
        pass.loader.listing = siteInputs?.files
        // By path only here, past the build that keeps everything (which reads no file).
        pass.loader.stamps = siteInputs.map { Dictionary(zip($0.files, $0.stamps), uniquingKeysWith: { a, _ in a }) }
        try pass.loader.requireSite()
        // What earlier builds remembered; `--clean` starts it afresh.
        let store = session == nil ? BuildStore.open(at: storePath, fresh: options.clean) : kept
        if let reason = store?.resetReason, !reason.isEmpty { logger.debug("build store: \(reason)") }
        let remembered = store?.takeRemembered() ?? BuildStore.Remembered()
        stage("opened the build store")
        pass.loader.known = remembered.sources
        let (read, validation) = try pass.run(diagnostics: &diagnostics)
        var content: Content? = read
        session?.linkings.forget(content!.sourceChanges.removed.map(options.site.displayPath))
        let staticFiles = content!.staticFiles
        let draftsLeftOut = content!.draftsLeftOut
        let futureLeftOut = content!.futureLeftOut
        let asOfDate = options.asOf.day(in: content!.config.timeZone)
        let asOfDay = asOfDate.isoDay
        let words = theme.words.words(
            for: content!.config.language, location: content!.config.languageLocation, diagnostics: &diagnostics)
        let parsedFiles = content!.parsedFiles
        let zone = content!.config.timeZone
        stage(
            "loaded and validated \(content!.articles.count) articles and \(content!.entities.count) entities (\(parsedFiles) files parsed)"
        )
        if let damaged = validation.damagedRecords.first {
            throw BuildStore.Damaged(reason: "the record of \(damaged) cannot be read")
        }
        // Nothing is linked, nor written, unless everything read is valid.
        if diagnostics.hasErrors { throw ContentError(diagnostics: diagnostics.sorted) }
        let siteKey = BuildInputs.pageKey(theme: theme, content: content!, options: options)
        // Linking, in the build's one transaction on the store: what it makes is written
        // as it goes, and committed (with what reading changed) before any page is written.
        let storedLinked = remembered.linked
        let storedNames = remembered.registry.map(NameTable.init(rows:))
        let sourceChanges = content!.sourceChanges
        var linkedAnew = 0
        func link(save: ([BuildStore.LinkedRow]) throws -> Bool) throws -> (SiteGraph, BuildStore.Changes) {
            var changes = sourceChanges
            var failure: Error?
            let graph = SiteLinker(content: content!, validation: validation).link(
                stored: storedLinked, storedNames: storedNames,
                storedDerived: remembered.derived, memo: session?.linkings,
                reread: { pass.reread($0, zone: zone) }, changes: &changes,
                save: { rows in
                    linkedAnew += rows.count
                    guard failure == nil else { return false }
                    do {
                        return try save(rows)
                    } catch {
                        failure = error
                        return false
                    }
                })
            if let failure { throw failure }
            return (graph, changes)
        }
        let graph: SiteGraph
        if let store {
            do {
                graph = try store.transaction { write in
                    try link { rows in
                        try write(rows)
                        return true
                    }
                }
            } catch let busy as BuildStore.Busy {
                logger.warning(
                    "the build store is busy or cannot be written (\(busy.reason)); this build does not update it")
                graph = try link { _ in false }.0
            }
        } else {
            graph = try link { _ in false }.0
        }
        content = nil  // the files' text: pages need only what linking made of it
        var warnings = diagnostics.sorted
        stage("linked \(linkedAnew) articles anew, the others from the build store, which was saved")

        let favicon = staticFiles.map(\.output).first { $0 == "favicon.svg" || $0 == "favicon.ico" }
        var pageBuilder = PageBuilder(
            graph: graph, words: words, baseURL: options.baseURL, favicon: favicon, asOf: asOfDate)
        let specs = pageBuilder.specs()
        if options.lint {
            warnings = (warnings + EditorialLint.warnings(pageBuilder)).sorted { $0.location < $1.location }
        }
        stage("listed the pages")
        let inputs = PageInputs(graph: graph, site: siteKey, asOf: asOfDay, builder: pageBuilder)
        stage("fingerprinted the records pages show")
        func bodies(_ articles: [Int]) throws -> [Int: RootRelativeHTML] {
            let missing = articles.filter { graph.articles[$0].body == nil }
            guard let store, !missing.isEmpty else { return [:] }
            let found = try store.bodies(missing.map { graph.articles[$0].article.source.path })
            var result: [Int: RootRelativeHTML] = [:]
            for index in missing {
                result[index] = found[graph.articles[index].article.source.path].map(RootRelativeHTML.init(marked:))
            }
            return result
        }
        func sentences(_ articles: [Int: Set<Int32>]) throws -> [Int: [String]] {
            let missing = articles.keys.filter { graph.articles[$0].sentences == nil }.sorted()
            guard let store, !missing.isEmpty else { return [:] }
            let found = try store.sentences(missing.map { (graph.articles[$0].article.source.path, articles[$0]!) })
            var result: [Int: [String]] = [:]
            for index in missing { result[index] = found[graph.articles[index].article.source.path] }
            return result
        }

        let redirects = pageBuilder.redirects()
        let plan = OutputPlan(
            pages: specs.map { Page.file(for: pageBuilder.path(of: $0)) }, graph: graph, assets: theme.assets,
            staticFiles: staticFiles, redirects: redirects.map { ($0.file, $0.written) },
            others: OpenData.files + OpenData.schemas.map(\.path)
                + graph.articles.map { "articles/\($0.article.slug)/cite.bib" }, site: options.site,
            diagnostics: &diagnostics)
        if diagnostics.hasErrors { throw ContentError(diagnostics: diagnostics.sorted) }
        try output.begin(planned: Array(plan.generated) + plan.copies.map(\.output))
        for file in output.replacedForeignFiles {
            warnings.append(
                .warning(
                    "this file, which Dossier did not write, is replaced by the site's",
                    at: SourceLocation(path: options.outputDisplay + "/" + file)))
        }

        pageBuilder.dataFiles = try OpenDataExport.run(
            builder: pageBuilder, output: output, clean: options.clean, store: store)
        stage("wrote the open data")
        let builder = pageBuilder

        // Pages are planned, then rendered in batches on all cores, each batch then written
        // on all cores: rendering keeps the processors busy, writing the disk, and no more
        // than a batch of pages (and of article bodies, read from the store) is held in
        // memory. A page whose inputs have the fingerprint its file was made from, and
        // whose file is still there, is neither built nor written.
        let paginate = graph.config.paginate
        progress.start("pages", total: specs.count)
        var failures: [String] = []
        for batch in stride(from: 0, to: specs.count, by: Self.batchSize).map({
            Array(specs[$0..<min($0 + Self.batchSize, specs.count)])
        }) {
            let planned = batch.parallelMap { spec -> (spec: PageSpec, file: String, fingerprint: Fingerprint?)? in
                let file = Page.file(for: builder.path(of: spec))
                let fingerprint = options.clean ? nil : inputs.fingerprint(spec, paginate: paginate)
                if let fingerprint, output.isCurrent(file, fingerprint: fingerprint) {
                    output.keepCurrent(file)
                    progress.advance()
                    return nil
                }
                return (spec, file, fingerprint ?? (options.clean ? inputs.fingerprint(spec, paginate: paginate) : nil))
            }.compactMap { $0 }
            let articleBodies = try bodies(
                planned.compactMap { if case .article(let index) = $0.spec { return index } else { return nil } })
            // The sentences the batch's entity pages quote, each article's once, and only those:
            // a batch of entity pages may quote most of the site's articles, a few sentences each.
            var quoted: [Int: Set<Int32>] = [:]
            for item in planned {
                guard case .entity(let ref, let n, _) = item.spec, let citations = graph.citations[ref] else {
                    continue
                }
                for citation in citations[min((n - 1) * paginate, citations.count)..<min(n * paginate, citations.count)]
                {
                    quoted[citation.article, default: []].formUnion(graph.quotes(citation).map(\.sentence))
                }
            }
            let articleSentences = try sentences(quoted)
            let pages = planned.parallelMap { item -> Data in
                defer { progress.advance() }
                var body: RootRelativeHTML?
                if case .article(let index) = item.spec { body = articleBodies[index] }
                return Data(theme.render(builder.page(item.spec, body: body, sentences: articleSentences)).utf8)
            }
            // Writing waits on the file system more than on the processors: more writers than cores.
            failures += Array(zip(planned, pages)).concurrentMap(width: Self.writers) { item, data -> String? in
                do {
                    try output.write(item.file, data, fingerprint: item.fingerprint)
                    return nil
                } catch {
                    return "\(error)"
                }
            }.compactMap { $0 }
        }
        if let failure = failures.first { throw EnvironmentError(failure) }
        stage("planned, rendered and wrote the pages")
        for copy in plan.copies {
            guard let data = FileManager.default.contents(atPath: copy.file) else {
                throw EnvironmentError("cannot read \(copy.file)")
            }
            try output.write(copy.output, data)
        }
        for redirect in redirects {
            try output.write(redirect.file, Data(builder.redirect(from: redirect.file, to: redirect.to).utf8))
        }
        for index in graph.articles.indices {
            try output.write(
                "articles/\(graph.articles[index].article.slug)/cite.bib", Data(builder.bibTeX(index).utf8))
        }
        // The open pages can reload now: what they show is in place; feeds and the manifest follow.
        options.pagesReady?(builder.baseURL)

        // Feeds are written as they are made, on all cores, rather than held together;
        // an entity's feed whose entries are what they were is kept.
        let feedPlan = graph.entityOrder.parallelMap { ref -> (ref: EntityRef, fingerprint: Fingerprint)? in
            let fingerprint = inputs.feedFingerprint(ref, entryLimit: graph.config.feedSize)
            if !options.clean, output.isCurrent(ref.path + "feed.xml", fingerprint: fingerprint) {
                output.keepCurrent(ref.path + "feed.xml")
                return nil
            }
            return (ref, fingerprint)
        }.compactMap { $0 }
        let feeds = Feeds(graph: graph, baseURL: builder.baseURL, entityFeeds: feedPlan.map(\.ref))
        try output.keepOrWrite(
            "feed.xml", fingerprint: inputs.siteFeedFingerprint(feeds.siteFeedArticles), trusting: !options.clean
        ) { Data(feeds.siteFeed(bodies: try bodies(feeds.siteFeedArticles)).utf8) }
        let digestFeed = feeds.digestFeed(title: words["digest"] ?? "", entries: builder.digestEntries())
        try output.keepOrWrite(
            "digest/feed.xml", fingerprint: FingerprintHasher.fingerprint(digestFeed), trusting: !options.clean
        ) { Data(digestFeed.utf8) }
        let feedFailures = feedPlan.parallelMap { item -> String? in
            do {
                try output.write(
                    item.ref.path + "feed.xml", Data(feeds.entityFeed(item.ref).utf8), fingerprint: item.fingerprint)
                return nil
            } catch {
                return "\(error)"
            }
        }
        if let failure = feedFailures.compactMap({ $0 }).first { throw EnvironmentError(failure) }
        let paths = specs.filter {
            switch $0 {
            case .notFound, .search: return false
            default: return true
            }
        }.map(builder.path)
        try output.keepOrWrite(
            "sitemap.xml", fingerprint: inputs.sitemapFingerprint(paths: paths), trusting: !options.clean
        ) {
            Data(feeds.sitemap(paths: paths).utf8)
        }
        try output.write("robots.txt", Data(feeds.robots().utf8))
        let pages = specs
        stage("wrote \(graph.entityOrder.count + 1) feeds and the sitemap (\(pages.count) pages in all)")

        let stats = try output.finish()
        stage("wrote the output folder")
        var search: SearchIndex.Report?
        var searchProblem: String?
        var searchRemedy: Remedy?
        if options.search {
            do {
                search = try SearchIndex.run(
                    site: output.path, pages: SearchIndex.pagesFolder(site: options.site, output: output.path),
                    tools: options.tools)
                stage(
                    "indexed \(search!.pages) pages for search (Pagefind \(String(format: "%.3f", search!.pagefindSeconds)) s)"
                )
            } catch {
                searchProblem = "\(error)"
                searchRemedy = (error as? EnvironmentError)?.remedy
            }
        }
        // The next build into this folder may trust these inputs when nothing was left to
        // report, none of them changed while this build read them (`BuildInputs.settled`),
        // and the search index (when asked for) was made.
        if let store, !options.needsPageSources {
            // The files it left are recorded whatever the inputs were, so that the next build can
            // trust them without looking at each.
            var trusted = siteInputs?.key
            if siteInputs == nil {
                logger.debug("inputs not recorded: the site could not be listed without a problem")
            } else if siteInputs?.settled != true {
                trusted = nil
                logger.debug(
                    "inputs not recorded: a file changed less than \(Int(BuildInputs.settled)) s before the build")
            } else if !warnings.isEmpty || searchProblem != nil {
                trusted = nil
                logger.debug("inputs not recorded: the build has warnings to report again")
            }
            let (pageCount, baseURL, display, trustedInputs) = (
                specs.count, builder.baseURL, options.outputDisplay, trusted
            )
            let recording: @Sendable () -> Void = {
                var record: BuildStore.OutputRecord?
                if let manifest = output.manifestLeft, let files = output.stateLeft() {
                    record = BuildStore.OutputRecord(
                        manifest: manifest, files: files, inputs: trustedInputs, pages: pageCount,
                        draftsLeftOut: draftsLeftOut, baseURL: baseURL)
                    record?.futureLeftOut = futureLeftOut
                } else {
                    logger.debug("the output folder changed while the build wrote it")
                }
                do {
                    try store.recordOutput(folder: folder, record)
                } catch {
                    logger.debug("the build store did not record what \(display) was built from: \(error)")
                }
            }
            // A session records it once the build has reported (the open pages reload first),
            // with the output folder still locked; its next build waits for it.
            if let session {
                releasedLater = true
                session.afterward {
                    recording()
                    output.release()
                }
                stage("left what the output folder was built from to record after the report")
            } else {
                recording()
                stage("recorded what the output folder was built from")
            }
        }
        defer {
            // Freeing the graph's many small values takes a while: it is done off the
            // caller's path (a command that exits does not wait for it).
            let retired = (graph, builder, inputs, remembered)
            DispatchQueue.global(qos: .utility).async { withExtendedLifetime(retired) {} }
        }
        var sources: [String: String] = [:]
        if options.needsPageSources {
            for linked in graph.articles {
                sources["articles/\(linked.article.slug)/index.html"] = linked.article.source.path
            }
            for (ref, linked) in graph.entities { sources[ref.path + "index.html"] = linked.entity.source.path }
            for linked in graph.pages { sources[linked.page.slug + "/index.html"] = linked.page.source.path }
        }
        var report = BuildReport(
            pages: pages.count, files: plan.generated.count + plan.copies.count, stats: stats, warnings: warnings,
            seconds: Date().timeIntervalSince(started), sources: sources,
            entityPages: graph.entityOrder.map { $0.path + "index.html" }, baseURL: builder.baseURL, search: search,
            searchProblem: searchProblem, searchRemedy: searchRemedy, draftsLeftOut: draftsLeftOut,
            parsedFiles: parsedFiles)
        report.futureLeftOut = futureLeftOut
        report.asOf = asOfDay
        return report
    }
}
