import DossierCore
import DossierLoad
import DossierStore
import Foundation

/// What each file says of itself, checked: its front matter's fields, their
/// types, dates and values, each problem at the line and column it was written.
/// A file the build store already holds comes as its stored record, with the
/// problems found when it was checked, and is not checked again.
extension Validator {
    /// What one file was checked into.
    package struct Checked<Value: Sendable>: Sendable {
        package var value: Value?
        package var diagnostics: Diagnostics
        /// The row to store: set when the file was checked now.
        package var row: BuildStore.Source?
        /// The stored record could not be decoded, and the file came without its text:
        /// it must be loaded again, without the record.
        package var needsText = false

        /// What the build store must remember of this file.
        package func record(_ loaded: LoadedFile, into changes: inout BuildStore.Changes, parsed: inout Int) {
            if let row {
                changes.sources.append((loaded.file, row))
                parsed += 1
            } else if loaded.touched, let state = loaded.state {
                changes.touched.append((loaded.file, state.size, state.modified))
            }
        }
    }

    /// Files of articles, checked on all cores, in order. Without `keepingText`, the
    /// articles are handed on without their text, which linking reads again.
    package static func articles(_ files: [LoadedFile], zone: TimeZone, keepingText: Bool = true)
        -> [Checked<Article>]
    {
        files.parallelMap { loaded in
            var checked = check(loaded, decode: RecordCoding.article, encode: RecordCoding.article) {
                source, diagnostics in
                article(source, file: loaded.file, zone: zone, diagnostics: &diagnostics)
            }
            if var article = checked.value {
                article.contentHash = loaded.state?.hash
                article.file = loaded.file
                // Dropped here, on the worker, so that the texts of the whole site are never held at once.
                if !keepingText {
                    article.body = ""
                    article.source = article.source.withoutText
                }
                checked.value = article
            }
            return checked
        }
    }

    /// Files of one kind's entities, checked on all cores, in order.
    package static func entities(_ files: [LoadedFile], kind: EntityKind, zone: TimeZone) -> [Checked<Entity>] {
        files.parallelMap { loaded in
            check(loaded, decode: RecordCoding.entity, encode: RecordCoding.entity) { source, diagnostics in
                entity(source, kind: kind, file: loaded.file, zone: zone, diagnostics: &diagnostics)
            }
        }
    }

    private static func check<Value>(
        _ loaded: LoadedFile, decode: ([UInt8]) throws -> Value, encode: (Value) -> [UInt8],
        check: (SourceText, inout Diagnostics) -> Value?
    ) -> Checked<Value> {
        if let row = loaded.stored {
            var reader = BinaryReader(row.diagnostics)
            if let value = try? decode(row.record), let problems = try? RecordCoding.diagnostics(&reader) {
                return Checked(value: value, diagnostics: problems)
            }
        }
        guard let source = loaded.text, let state = loaded.state else {
            var checked = Checked<Value>(value: nil, diagnostics: loaded.problems)
            checked.needsText = loaded.stored != nil
            return checked
        }
        var local = Diagnostics()
        guard let value = check(source, &local) else { return Checked(value: nil, diagnostics: local) }
        var problems = BinaryWriter()
        RecordCoding.diagnostics(&problems, local)
        let row = BuildStore.Source(
            size: state.size, modified: state.modified, hash: state.hash, context: loaded.context,
            record: encode(value), diagnostics: problems.bytes)
        return Checked(value: value, diagnostics: local, row: row)
    }

    private static func frontMatter(_ source: SourceText, zone: TimeZone, diagnostics: inout Diagnostics) -> (
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
        "observations", "toc", "redirect_from",
    ]

    package static func article(_ source: SourceText, file: String, zone: TimeZone, diagnostics: inout Diagnostics)
        -> Article?
    {
        guard let (fields, split) = frontMatter(source, zone: zone, diagnostics: &diagnostics) else { return nil }
        defer { diagnostics.append(contentsOf: fields.diagnostics) }
        // An article written as a folder (`<slug>/index.md`) takes the folder's name.
        let fileSlug =
            Article.bundle(of: file).map { ($0 as NSString).lastPathComponent }
            ?? String((file as NSString).lastPathComponent.dropLast(3))
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
        let autolink = autolinkMode(fields)
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
        var article = Article(
            slug: slug, slugLocation: slugLocation, source: source, title: title?.value ?? "",
            date: date?.value ?? DateValue(iso: "1970-01-01")!,
            updated: fields.date("updated")?.value, author: fields.string("author")?.value,
            sourceName: fields.string("source")?.value, sourceURL: sourceURL.flatMap { safeURL($0, fields) },
            summary: fields.string("summary")?.value, draft: fields.bool("draft") ?? false, autolink: autolink,
            observations: observations, body: split.body,
            bodyLineOffset: split.bodyLineOffset)
        article.toc = fields.bool("toc")
        article.titleLocation = title?.location
        article.redirectFrom = redirects(fields)
        let found = allLinks(in: split.body, source: source, lineOffset: split.bodyLineOffset)
        article.links = .found(found.annotations)
        article.pageLinks = .found(found.pages)
        fields.warnUnknownFields(known: Self.articleFields)
        // A file with other errors is still linked, so that the errors found there are reported in the same run.
        return title == nil || date == nil ? nil : article
    }

    private static func autolinkMode(_ fields: FieldReader) -> AutolinkMode? {
        guard let mode = fields.string("autolink") else { return nil }
        let parsed = AutolinkMode(rawValue: mode.value)
        if parsed == nil {
            fields.error("'autolink' must be first, all or none, not '\(mode.value)'", at: mode.location)
        }
        return parsed
    }

    /// `redirect_from`: old paths relative to the site's root, each as the page (`old/path/`)
    /// or file (`old.html`) it is written to.
    private static func redirects(_ fields: FieldReader) -> [Located<String>] {
        fields.strings("redirect_from").compactMap { written in
            guard let path = redirectPath(written.value) else {
                fields.error(
                    "'redirect_from' lists paths in the site, such as old/path/, not '\(written.value)'",
                    at: written.location)
                return nil
            }
            return Located(path, at: written.location)
        }
    }

    /// `old/path` and `/old/path/` as `old/path/`; `old.html` as it is; nil for a URL, a path
    /// that climbs out of the site, or one a browser would not reach as written.
    package static func redirectPath(_ text: String) -> String? {
        var path = text
        while path.hasPrefix("/") { path.removeFirst() }
        guard !path.isEmpty, !path.contains("://"), !path.contains("\\"), !path.contains("#"), !path.contains("?"),
            !path.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == " " }),
            let normalized = PageTargets.normalize(path), normalized == path.trimmingCharacters(in: ["/"]),
            !normalized.isEmpty
        else { return nil }
        if path.hasSuffix("/") { return normalized + "/" }
        let last = (normalized as NSString).lastPathComponent
        return last.hasSuffix(".html") || last.hasSuffix(".htm") ? normalized : normalized + "/"
    }

    package static let pageFields = [
        "title", "summary", "menu", "draft", "toc", "autolink", "slug", "redirect_from",
    ]

    /// Files of standalone pages, checked on all cores, in order.
    package static func pages(_ files: [LoadedFile], zone: TimeZone) -> [Checked<SitePage>] {
        files.parallelMap { loaded in
            var checked = check(loaded, decode: RecordCoding.page, encode: RecordCoding.page) { source, diagnostics in
                page(source, file: loaded.file, zone: zone, diagnostics: &diagnostics)
            }
            checked.value?.file = loaded.file
            return checked
        }
    }

    package static func page(_ source: SourceText, file: String, zone: TimeZone, diagnostics: inout Diagnostics)
        -> SitePage?
    {
        guard let (fields, split) = frontMatter(source, zone: zone, diagnostics: &diagnostics) else { return nil }
        defer { diagnostics.append(contentsOf: fields.diagnostics) }
        var slug = String((file as NSString).lastPathComponent.dropLast(3))
        var slugLocation = fields.location
        if let given = fields.string("slug") {
            slug = given.value
            slugLocation = given.location
        }
        if !Naming.isValidID(slug) {
            fields.error(
                "'\(slug)' is not a valid slug: it must match [a-z0-9][a-z0-9-]* (or set 'slug:')", at: slugLocation)
        }
        let title = fields.string("title", required: true)
        var page = SitePage(
            slug: slug, slugLocation: slugLocation, source: source, title: title?.value ?? "",
            summary: fields.string("summary")?.value, menu: fields.int("menu", range: -1_000_000...1_000_000),
            draft: fields.bool("draft") ?? false, toc: fields.bool("toc"), autolink: autolinkMode(fields),
            redirectFrom: redirects(fields), body: split.body, bodyLineOffset: split.bodyLineOffset)
        let found = allLinks(in: split.body, source: source, lineOffset: split.bodyLineOffset)
        page.links = .found(found.annotations)
        page.pageLinks = .found(found.pages)
        fields.warnUnknownFields(known: Self.pageFields)
        return title == nil ? nil : page
    }

    /// Only web and mail links are published from front matter.
    private static func safeURL(_ url: Located<String>, _ fields: FieldReader) -> String? {
        let lower = url.value.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("mailto:") { return url.value }
        fields.error("'\(url.value)' is not an http(s) URL", at: url.location)
        return nil
    }

    package static let entityFields = [
        "name", "names", "aliases", "exclude", "parent", "related", "responsible", "start", "end", "status",
        "superseded_by",
        "redirect_from",
    ]
    /// The fields whose place an entity keeps, for editorial lint's warnings at their lines.
    package static let placedEntityFields = ["status", "end", "target", "deadline", "superseded_by"]
    package static let figureFields = ["metric", "unit", "target", "baseline", "deadline", "direction"]

    package static func entity(
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
            if let written = fields.string("direction") {
                figure?.direction = Entity.Figure.Direction(rawValue: written.value)
                if figure?.direction == nil {
                    fields.error(
                        "'direction' must be increase or decrease, not '\(written.value)'", at: written.location)
                }
            }
        }
        var entity = Entity(
            ref: EntityRef(kind: kind.folder, id: id), source: source, name: name?.value ?? "",
            aliases: fields.strings("aliases"), exclude: fields.strings("exclude"), parent: fields.string("parent"),
            related: fields.strings("related"), responsible: fields.strings("responsible"), start: start?.value,
            end: end?.value, status: status, supersededBy: supersededBy, figure: figure, body: split.body,
            bodyLineOffset: split.bodyLineOffset, nameLocation: name?.location)
        entity.redirectFrom = redirects(fields)
        for (tag, local) in fields.stringEntries("names") {
            guard LanguageTag.isWellFormed(tag.value) else {
                fields.error("'\(tag.value)' is not a BCP 47 language tag (write en, fr or zh-Hant)", at: tag.location)
                continue
            }
            if local.value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                fields.error("'names.\(tag.value)' must not be empty", at: local.location)
                continue
            }
            if entity.names.contains(where: { $0.language.lowercased() == tag.value.lowercased() }) {
                fields.error("'names' gives the language '\(tag.value)' twice", at: tag.location)
                continue
            }
            entity.names.append(LocalName(language: tag.value, name: local))
        }
        for key in Self.placedEntityFields where fields.has(key) { entity.fieldPlaces[key] = fields.place(of: key) }
        let found = allLinks(in: split.body, source: source, lineOffset: split.bodyLineOffset)
        entity.links = .found(found.annotations)
        entity.pageLinks = .found(found.pages)
        fields.warnUnknownFields(known: Self.entityFields + Self.figureFields)
        return name == nil ? nil : entity
    }
}
