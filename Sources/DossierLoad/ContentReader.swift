import DossierCore
import DossierStore
import Foundation

/// Reads a site's `Content/` folder into validated values: `site.yml`, the
/// articles, the entities of every kind and the static files.
public struct ContentReader: Sendable {
    public var site: SiteLocation
    public var includeDrafts: Bool
    /// What an earlier build read each file into (from the build store), by the
    /// file's path in the site: a file whose size and modification time are the
    /// same is not read, and one whose bytes are the same is not parsed.
    package var known: [String: BuildStore.Source] = [:]
    /// Whether articles keep their text once read. A build does not: each is
    /// read again (`reread`) when it is linked, a chunk at a time, so that the
    /// texts of the whole site are never in memory at once.
    package var keepsArticleText = true
    /// The files of `Content/` as the build already listed them (without a problem);
    /// when nil, `read` lists the folder itself.
    package var listing: [String]?
    /// The listed files' sizes and times, when the build found them as it listed them: a
    /// file is then not looked at again before its stored record is taken.
    package var stamps: [String: FileStamp]?

    public init(site: SiteLocation, includeDrafts: Bool = false) {
        self.site = site
        self.includeDrafts = includeDrafts
    }

    /// Reads everything it can; every problem goes to `diagnostics`. It throws
    /// only when there is no site, or when site.yml cannot be read at all.
    public func read(diagnostics: inout Diagnostics) throws -> Content {
        try requireSite()
        let files = listing ?? FileWalker(site: site).walk("Content", diagnostics: &diagnostics)
        let configPath = Self.configPath
        guard let configSource = load(configPath, diagnostics: &diagnostics),
            let config = SiteConfig.read(configSource, diagnostics: &diagnostics)
        else {
            throw ContentError(diagnostics: diagnostics.sorted)
        }

        var articleFiles: [String] = []
        var entityFiles: [(EntityKind, String)] = []
        var staticFiles: [(output: String, file: String)] = []
        for file in files {
            let parts = file.split(separator: "/").map(String.init)  // Content/<top>/…
            guard parts.count >= 3 else {
                if file != configPath && file.hasSuffix(".md") {
                    diagnostics.warning(
                        "not in any kind's folder; ignored", at: SourceLocation(path: site.displayPath(file)))
                }
                continue
            }
            let top = parts[1]
            if top == "static" {
                staticFiles.append((parts[2...].joined(separator: "/"), file))
            } else if !file.hasSuffix(".md") {
                continue
            } else if top == "articles" {
                articleFiles.append(file)
            } else if let kind = config.kind(folder: top) {
                entityFiles.append((kind, file))
            } else {
                let hint =
                    Naming.suggestion(for: top, among: config.kinds.map(\.folder)).map { " (did you mean '\($0)'?)" }
                    ?? ""
                diagnostics.warning(
                    "'\(top)' is not a kind declared in site.yml\(hint); its files are ignored",
                    at: SourceLocation(path: site.displayPath(file)))
            }
        }

        // Files are read and parsed on all cores; their problems are merged in file order.
        var changes = BuildStore.Changes()
        var parsed = 0
        let zone = config.timeZone
        let keepsText = keepsArticleText
        let readArticles = articleFiles.parallelMap { file -> Recalled<Article> in
            var read = recall(
                file, kind: "articles", zone: zone, decode: RecordCoding.article, encode: RecordCoding.article
            ) {
                source, local in
                readArticle(source, file: file, zone: zone, diagnostics: &local)
            }
            // Dropped here, on the worker, so that the texts of the whole site are never held at once.
            if !keepsText, var article = read.value {
                article.body = ""
                article.source = article.source.withoutText
                read.value = article
            }
            return read
        }
        var articles: [Article] = []
        var draftsLeftOut = 0
        for (file, read) in zip(articleFiles, readArticles) {
            diagnostics.append(contentsOf: read.diagnostics)
            read.record(file, into: &changes, parsed: &parsed)
            guard var article = read.value else { continue }
            article.contentHash = read.state?.hash
            article.file = file
            if !keepsArticleText {
                article.body = ""
                article.source = article.source.withoutText
            }
            if includeDrafts || !article.draft { articles.append(article) } else { draftsLeftOut += 1 }
        }
        let readEntities = entityFiles.map { EntityFile(kind: $0.0, file: $0.1) }.parallelMap {
            item -> Recalled<Entity> in
            recall(
                item.file, kind: item.kind.folder, zone: zone, decode: RecordCoding.entity, encode: RecordCoding.entity
            ) {
                source, local in
                readEntity(source, kind: item.kind, file: item.file, zone: zone, diagnostics: &local)
            }
        }
        var entities: [Entity] = []
        var unreadable: [EntityRef] = []
        for ((kind, file), read) in zip(entityFiles, readEntities) {
            diagnostics.append(contentsOf: read.diagnostics)
            read.record(file, into: &changes, parsed: &parsed)
            if let entity = read.value {
                entities.append(entity)
            } else {
                unreadable.append(
                    EntityRef(kind: kind.folder, id: String((file as NSString).lastPathComponent.dropLast(3))))
            }
        }
        checkUnique(
            articles.map { Located($0.slug, at: $0.slugLocation) }, what: "article slug", diagnostics: &diagnostics)
        for kind in config.kinds {
            let ids = entities.filter { $0.ref.kind == kind.folder }.map {
                Located($0.ref.id, at: SourceLocation(path: $0.source.path))
            }
            checkUnique(ids, what: "\(kind.singular) id", diagnostics: &diagnostics)
        }

        let present = Set(articleFiles + entityFiles.map(\.1))
        changes.removed = known.keys.filter { !present.contains($0) }.sorted()
        return Content(
            root: site.root, config: config, articles: articles, entities: entities, staticFiles: staticFiles,
            unreadableEntities: unreadable, draftsLeftOut: draftsLeftOut, sourceChanges: changes, parsedFiles: parsed,
            configKey: FingerprintHasher.fingerprint(configSource.text))
    }

    package static let configPath = "Content/site.yml"

    /// Throws unless the folder holds a site (its `Content/site.yml`).
    public func requireSite() throws {
        guard FileManager.default.fileExists(atPath: site.absolute(Self.configPath)) else {
            throw UsageError("no site at '\(site.display)': \(site.displayPath(Self.configPath)) does not exist")
        }
    }

    /// Articles read without their text (from the store, or by a build) get it
    /// back here, for linking: the file's text and the Markdown after its front
    /// matter. A file that changed since it was read is read again in full, and
    /// loses its content hash, so that what is linked from it is not stored under
    /// the hash of what it was.
    package func reread(_ articles: [Article], zone: TimeZone) -> [Article] {
        articles.parallelMap { article -> Article in
            var ignored = Diagnostics()
            guard let bytes = FileBytes.read(site.absolute(article.file))?.bytes else { return article }
            guard case .success(let source) = SourceText.decode(bytes, path: site.displayPath(article.file)) else {
                return article
            }
            guard FingerprintHasher.fingerprint(bytes: bytes) == article.contentHash else {
                guard var fresh = readArticle(source, file: article.file, zone: zone, diagnostics: &ignored) else {
                    return article
                }
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

    private struct EntityFile: Sendable {
        var kind: EntityKind
        var file: String
    }

    private func checkUnique(_ names: [Located<String>], what: String, diagnostics: inout Diagnostics) {
        var seen: [String: SourceLocation] = [:]
        for name in names.sorted(by: { $0.location < $1.location }) {
            if let first = seen[name.value] {
                diagnostics.error("duplicate \(what) '\(name.value)', also used by \(first.path)", at: name.location)
            } else {
                seen[name.value] = name.location
            }
        }
    }

    private func load(_ file: String, diagnostics: inout Diagnostics) -> SourceText? {
        let display = site.displayPath(file)
        guard let data = FileManager.default.contents(atPath: site.absolute(file)) else {
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

    private func frontMatter(_ source: SourceText, zone: TimeZone, diagnostics: inout Diagnostics) -> (
        FieldReader, FrontMatterSplit
    )? {
        let split = FrontMatterSplit(source.text)
        let whole = SourceLocation(path: source.path)
        guard let yaml = split.yaml else {
            diagnostics.error(
                "missing front matter: the file must start with a '---' line, YAML fields and a closing '---'",
                at: whole)
            return nil
        }
        let fields = FieldReader(yaml: yaml, path: source.path, lineOffset: 1, wholeFile: whole)
        fields.timeZone = zone
        if fields.diagnostics.hasErrors {
            diagnostics.append(contentsOf: fields.diagnostics)
            return nil
        }
        return (fields, split)
    }

    package static let articleFields = [
        "title", "date", "updated", "author", "source", "source_url", "summary", "draft", "autolink", "slug",
        "observations",
    ]

    package func readArticle(_ source: SourceText, file: String, zone: TimeZone, diagnostics: inout Diagnostics)
        -> Article?
    {
        guard let (fields, split) = frontMatter(source, zone: zone, diagnostics: &diagnostics) else { return nil }
        defer { diagnostics.append(contentsOf: fields.diagnostics) }
        let fileSlug = String((file as NSString).lastPathComponent.dropLast(3))
        var slug = fileSlug
        var slugLocation = fields.location
        if let given = fields.string("slug") {
            slug = given.value
            slugLocation = given.location
            if !Naming.isValidID(slug) {
                fields.error("slug '\(slug)' must match [a-z0-9][a-z0-9-]*", at: given.location)
            }
        } else if !Naming.isValidID(slug) {
            fields.error(
                "file name '\(fileSlug)' is not a valid slug: it must match [a-z0-9][a-z0-9-]* (or set 'slug:')",
                at: fields.location)
        }
        if slug == "page" { fields.error("the slug 'page' is reserved", at: fields.location) }
        let title = fields.string("title", required: true)
        let date = fields.date("date", required: true)
        var autolink: AutolinkMode?
        if let mode = fields.string("autolink") {
            autolink = AutolinkMode(rawValue: mode.value)
            if autolink == nil {
                fields.error("'autolink' must be first, all or none, not '\(mode.value)'", at: mode.location)
            }
        }
        var observations: [Article.ReportedObservation] = []
        for item in fields.mappings("observations") {
            defer { fields.absorb(item) }
            let figure = item.string("figure", required: true)
            let value = item.number("value", required: true)
            let date = item.date("date") ?? date
            let note = item.string("note")?.value
            item.warnUnknownFields(known: ["figure", "value", "date", "note"])
            if let figure, let value, let date {
                observations.append(
                    .init(figure: figure, observation: Observation(value: value, date: date.value, note: note)))
            }
        }
        let sourceURL = fields.string("source_url")
        let article = Article(
            slug: slug, slugLocation: slugLocation, source: source, title: title?.value ?? "",
            date: date?.value ?? DateValue(iso: "1970-01-01")!,
            updated: fields.date("updated")?.value, author: fields.string("author")?.value,
            sourceName: fields.string("source")?.value, sourceURL: sourceURL.flatMap { safeURL($0, fields) },
            summary: fields.string("summary")?.value, draft: fields.bool("draft") ?? false, autolink: autolink,
            observations: observations, body: split.body,
            bodyLineOffset: split.bodyLineOffset)
        fields.warnUnknownFields(known: Self.articleFields)
        // A file with other errors is still linked, so that the errors found there are reported in the same run.
        return title == nil || date == nil ? nil : article
    }

    /// Only web and mail links are published from front matter.
    private func safeURL(_ url: Located<String>, _ fields: FieldReader) -> String? {
        let lower = url.value.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("mailto:") { return url.value }
        fields.error("'\(url.value)' is not an http(s) URL", at: url.location)
        return nil
    }

    package static let entityFields = [
        "name", "aliases", "exclude", "parent", "related", "responsible", "start", "end", "status", "superseded_by",
    ]
    package static let figureFields = ["metric", "unit", "target", "baseline", "deadline"]

    package func readEntity(
        _ source: SourceText, kind: EntityKind, file: String, zone: TimeZone, diagnostics: inout Diagnostics
    ) -> Entity? {
        guard let (fields, split) = frontMatter(source, zone: zone, diagnostics: &diagnostics) else { return nil }
        defer { diagnostics.append(contentsOf: fields.diagnostics) }
        let id = String((file as NSString).lastPathComponent.dropLast(3))
        if !Naming.isValidID(id) {
            fields.error("file name '\(id)' is not a valid id: it must match [a-z0-9][a-z0-9-]*", at: fields.location)
        }
        let name = fields.string("name", required: true)
        var status: Entity.Status?
        if let text = fields.string("status") {
            status = Entity.Status(rawValue: text.value)
            if status == nil {
                let all = Entity.Status.allCases.map(\.rawValue).joined(separator: " | ")
                fields.error("'status' must be one of \(all), not '\(text.value)'", at: text.location)
            }
        }
        let start = fields.date("start")
        let end = fields.date("end")
        if let start, let end, end.value < start.value {
            fields.error("'end' (\(end.value)) is before 'start' (\(start.value))", at: end.location)
        }
        let supersededBy = fields.string("superseded_by")
        var figure: Entity.Figure?
        if kind.folder == "figures" || Self.figureFields.contains(where: fields.has) {
            var baseline: Observation?
            if let reader = fields.mapping("baseline") {
                if let value = reader.number("value", required: true), let date = reader.date("date", required: true) {
                    baseline = Observation(value: value, date: date.value, note: nil)
                }
                reader.warnUnknownFields(known: ["value", "date"])
                fields.absorb(reader)
            }
            figure = Entity.Figure(
                metric: fields.string("metric")?.value, unit: fields.string("unit")?.value,
                target: fields.number("target"), baseline: baseline, deadline: fields.date("deadline")?.value)
        }
        let entity = Entity(
            ref: EntityRef(kind: kind.folder, id: id), source: source, name: name?.value ?? "",
            aliases: fields.strings("aliases"), exclude: fields.strings("exclude"), parent: fields.string("parent"),
            related: fields.strings("related"), responsible: fields.strings("responsible"), start: start?.value,
            end: end?.value, status: status, supersededBy: supersededBy, figure: figure, body: split.body,
            bodyLineOffset: split.bodyLineOffset, nameLocation: name?.location)
        fields.warnUnknownFields(known: Self.entityFields + Self.figureFields)
        return name == nil ? nil : entity
    }
}
