import Foundation

/// Reads a site's `Content/` folder into validated values: `site.yml`, the
/// articles, the entities of every kind and the static files.
public struct ContentReader: Sendable {
    public var site: SiteLocation
    public var includeDrafts: Bool

    public init(site: SiteLocation, includeDrafts: Bool = false) {
        self.site = site
        self.includeDrafts = includeDrafts
    }

    /// Reads everything it can; every problem goes to `diagnostics`. It throws
    /// only when there is no site, or when site.yml cannot be read at all.
    public func read(diagnostics: inout Diagnostics) throws -> Content {
        let configPath = "Content/site.yml"
        guard FileManager.default.fileExists(atPath: site.absolute(configPath)) else {
            throw UsageError("no site at '\(site.display)': \(site.displayPath(configPath)) does not exist")
        }
        let files = FileWalker(site: site).walk("Content", diagnostics: &diagnostics)
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
                    diagnostics.warning("not in any kind's folder; ignored", at: SourceLocation(path: site.displayPath(file)))
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
                let hint = Naming.suggestion(for: top, among: config.kinds.map(\.folder)).map { " (did you mean '\($0)'?)" } ?? ""
                diagnostics.warning(
                    "'\(top)' is not a kind declared in site.yml\(hint); its files are ignored",
                    at: SourceLocation(path: site.displayPath(file)))
            }
        }

        // Files are read and parsed on all cores; their problems are merged in file order.
        let readArticles = articleFiles.parallelMap { file -> (Article?, Diagnostics) in
            var local = Diagnostics()
            guard let source = load(file, diagnostics: &local) else { return (nil, local) }
            return (readArticle(source, file: file, zone: config.timeZone, diagnostics: &local), local)
        }
        var articles: [Article] = []
        var draftsLeftOut = 0
        for (article, problems) in readArticles {
            diagnostics.append(contentsOf: problems)
            guard let article else { continue }
            if includeDrafts || !article.draft { articles.append(article) } else { draftsLeftOut += 1 }
        }
        let readEntities = entityFiles.map { EntityFile(kind: $0.0, file: $0.1) }.parallelMap { item -> (Entity?, Diagnostics) in
            var local = Diagnostics()
            guard let source = load(item.file, diagnostics: &local) else { return (nil, local) }
            return (readEntity(source, kind: item.kind, file: item.file, zone: config.timeZone, diagnostics: &local), local)
        }
        var entities: [Entity] = []
        var unreadable: [EntityRef] = []
        for ((kind, file), (entity, problems)) in zip(entityFiles, readEntities) {
            diagnostics.append(contentsOf: problems)
            if let entity {
                entities.append(entity)
            } else {
                unreadable.append(EntityRef(kind: kind.folder, id: String((file as NSString).lastPathComponent.dropLast(3))))
            }
        }
        checkUnique(articles.map { Located($0.slug, at: $0.slugLocation) }, what: "article slug", diagnostics: &diagnostics)
        for kind in config.kinds {
            let ids = entities.filter { $0.ref.kind == kind.folder }.map { Located($0.ref.id, at: SourceLocation(path: $0.source.path)) }
            checkUnique(ids, what: "\(kind.singular) id", diagnostics: &diagnostics)
        }

        return Content(
            root: site.root, config: config, articles: articles, entities: entities, staticFiles: staticFiles,
            unreadableEntities: unreadable, draftsLeftOut: draftsLeftOut)
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

    private func frontMatter(_ source: SourceText, zone: TimeZone, diagnostics: inout Diagnostics) -> (FieldReader, FrontMatterSplit)? {
        let split = FrontMatterSplit(source.text)
        let whole = SourceLocation(path: source.path)
        guard let yaml = split.yaml else {
            diagnostics.error("missing front matter: the file must start with a '---' line, YAML fields and a closing '---'", at: whole)
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

    static let articleFields = [
        "title", "date", "updated", "author", "source", "source_url", "summary", "draft", "autolink", "slug",
        "observations",
    ]

    func readArticle(_ source: SourceText, file: String, zone: TimeZone, diagnostics: inout Diagnostics) -> Article? {
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
            fields.error("file name '\(fileSlug)' is not a valid slug: it must match [a-z0-9][a-z0-9-]* (or set 'slug:')", at: fields.location)
        }
        if slug == "page" { fields.error("the slug 'page' is reserved", at: fields.location) }
        let title = fields.string("title", required: true)
        let date = fields.date("date", required: true)
        var autolink: AutolinkMode?
        if let mode = fields.string("autolink") {
            autolink = AutolinkMode(rawValue: mode.value)
            if autolink == nil { fields.error("'autolink' must be first, all or none, not '\(mode.value)'", at: mode.location) }
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
                observations.append(.init(figure: figure, observation: Observation(value: value, date: date.value, note: note)))
            }
        }
        let sourceURL = fields.string("source_url")
        let article = Article(
            slug: slug, slugLocation: slugLocation, source: source, title: title?.value ?? "", date: date?.value ?? DateValue(iso: "1970-01-01")!,
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

    static let entityFields = [
        "name", "aliases", "exclude", "parent", "related", "responsible", "start", "end", "status", "superseded_by",
    ]
    static let figureFields = ["metric", "unit", "target", "baseline", "deadline"]

    func readEntity(
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
