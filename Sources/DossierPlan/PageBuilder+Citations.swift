import DossierCore
import DossierTemplate
import DossierValidate
import Foundation

// What a page says about itself to machines: schema.org JSON-LD on every page, whose
// `@id`s are the pages' canonical URLs so that the pages' graphs join up; and, for an
// article, Highwire `citation_*` meta tags (Zotero, Google Scholar), its `cite.bib`
// and the "Cite this" block.

extension PageBuilder {
    /// `<script type="application/ld+json">` with `value`, escaped so that nothing in it can end the script.
    static func jsonLD(_ value: JSON) -> String {
        "<script type=\"application/ld+json\">" + value.text(html: true) + "</script>"
    }

    var websiteID: String { baseURL }

    /// What every page is part of: the site.
    var website: JSON {
        .object([
            ("@type", .string("WebSite")), ("@id", .string(websiteID)), ("name", .string(config.title)),
            ("url", .string(baseURL)), ("inLanguage", .string(config.language)),
        ])
    }

    /// A page that is neither an article nor an entity: a `WebPage` (a `CollectionPage` for a list).
    func pageLD(canonical: String, name: String?, collection: Bool) -> String {
        if canonical == baseURL {
            var members: [(String, JSON)] = [("@context", .string("https://schema.org"))]
            if case .object(let site) = website { members += site }
            if let description = config.description { members.append(("description", .string(description))) }
            return Self.jsonLD(.object(members))
        }
        return Self.jsonLD(
            .object([
                ("@context", .string("https://schema.org")),
                ("@type", .string(collection ? "CollectionPage" : "WebPage")),
                ("@id", .string(canonical)), ("url", .string(canonical)), ("name", .string(name ?? config.title)),
                ("inLanguage", .string(config.language)), ("isPartOf", .object([("@id", .string(websiteID))])),
            ]))
    }

    /// An entity's `@id`: its first page's canonical URL.
    func entityID(_ ref: EntityRef) -> String { baseURL + ref.path }

    /// The entity as schema.org sees it: a `GovernmentOrganization` for an institution, else
    /// a `Thing` whose `additionalType` is its kind; its names in other languages as
    /// language-tagged `alternateName`s, beside its aliases.
    func entityNode(_ ref: EntityRef, full: Bool) -> JSON {
        let linked = graph.entities[ref]!
        let entity = linked.entity
        let kind = config.kind(folder: ref.kind)
        var members: [(String, JSON)] = [
            ("@type", .string(ref.kind == "institutions" ? "GovernmentOrganization" : "Thing")),
            ("@id", .string(entityID(ref))), ("name", .string(entity.name)),
        ]
        if ref.kind != "institutions" { members.append(("additionalType", .string(kind?.singular ?? ref.kind))) }
        guard full else { return .object(members) }
        let alternates: [JSON] =
            entity.names.map { .object([("@value", .string($0.value)), ("@language", .string($0.language))]) }
            + entity.aliases.map { .string($0.value) }
        if !alternates.isEmpty { members.append(("alternateName", .array(alternates))) }
        members.append(("url", .string(entityID(ref))))
        if !linked.summary.isEmpty { members.append(("description", .string(linked.summary))) }
        if let parent = linked.parent {
            members.append(
                (ref.kind == "institutions" ? "parentOrganization" : "isPartOf", entityNode(parent, full: false)))
        }
        if let start = entity.start { members.append(("startDate", .string(start.datetime(in: zone)))) }
        if let end = entity.end { members.append(("endDate", .string(end.datetime(in: zone)))) }
        return .object(members)
    }

    func entityLD(_ ref: EntityRef, canonical: String) -> String {
        guard case .object(let node) = entityNode(ref, full: true) else { return "" }
        let page: JSON = .object([
            ("@type", .string("WebPage")), ("@id", .string(canonical)), ("url", .string(canonical)),
            ("isPartOf", .object([("@id", .string(websiteID))])),
        ])
        return Self.jsonLD(.object([("@context", .string("https://schema.org"))] + node + [("mainEntityOfPage", page)]))
    }

    /// A `NewsArticle` that `mentions` each entity it names or reports a value of.
    func articleLD(_ index: Int) -> String {
        let linked = graph.articles[index]
        let article = linked.article
        let url = baseURL + "articles/\(article.slug)/"
        var members: [(String, JSON)] = [
            ("@context", .string("https://schema.org")), ("@type", .string("NewsArticle")), ("@id", .string(url)),
            ("url", .string(url)), ("mainEntityOfPage", .string(url)), ("headline", .string(article.title)),
            ("datePublished", .string(article.date.datetime(in: zone))),
        ]
        if let updated = article.updated { members.append(("dateModified", .string(updated.datetime(in: zone)))) }
        if let author = article.author {
            members.append(("author", .object([("@type", .string("Person")), ("name", .string(author))])))
        }
        if let source = article.sourceName {
            members.append(("publisher", .object([("@type", .string("Organization")), ("name", .string(source))])))
        }
        if let sourceURL = article.sourceURL { members.append(("isBasedOn", .string(sourceURL))) }
        if !linked.summary.isEmpty { members.append(("description", .string(linked.summary))) }
        members.append(("inLanguage", .string(config.language)))
        members.append(("isPartOf", .object([("@id", .string(websiteID))])))
        if !linked.entities.isEmpty {
            members.append(("mentions", .array(linked.entities.map { entityNode($0, full: false) })))
        }
        return Self.jsonLD(.object(members))
    }

    // MARK: - Citations

    /// Highwire Press tags, as Zotero and Google Scholar read them.
    func citationMeta(_ index: Int) -> [MetaTag] {
        let article = graph.articles[index].article
        var tags = [MetaTag(name: "citation_title", content: article.title)]
        if let author = article.author { tags.append(MetaTag(name: "citation_author", content: author)) }
        let day = article.date.localized(to: zone)
        tags.append(
            MetaTag(
                name: "citation_publication_date",
                content: DateValue.padded(day.year, 4) + "/" + DateValue.padded(day.month, 2) + "/"
                    + DateValue.padded(day.day, 2)))
        if let source = article.sourceName {
            tags.append(MetaTag(name: "citation_journal_title", content: source))
            tags.append(MetaTag(name: "citation_publisher", content: source))
        }
        tags.append(MetaTag(name: "citation_public_url", content: baseURL + "articles/\(article.slug)/"))
        tags.append(MetaTag(name: "citation_language", content: config.language))
        return tags
    }

    /// The citation as a reader copies it: author, title, source, date, then the page's URL.
    func formattedCitation(_ index: Int) -> String {
        let article = graph.articles[index].article
        var parts: [String] = []
        if let author = article.author { parts.append(author) }
        parts.append("“" + article.title + "”")
        if let source = article.sourceName { parts.append(source) }
        parts.append(format.date(article.date))
        return parts.joined(separator: strings["list_separator"] ?? ", ") + (strings["full_stop"] ?? ". ")
            + baseURL + "articles/\(article.slug)/"
    }

    /// `articles/<slug>/cite.bib`: an `@article` in its source, else `@misc`, every field
    /// braced and escaped for BibTeX; names as one literal (`{{新华日报}}`), as Chinese
    /// names and agencies are not "Last, First".
    public func bibTeX(_ index: Int) -> String {
        let article = graph.articles[index].article
        let day = article.date.localized(to: zone)
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        var fields: [(String, String)] = [("title", "{" + Self.bibEscape(article.title) + "}")]
        if let author = article.author { fields.append(("author", "{" + Self.bibEscape(author) + "}")) }
        if let source = article.sourceName { fields.append(("journal", Self.bibEscape(source))) }
        fields.append(("year", String(day.year)))
        fields.append(("month", months[day.month - 1]))
        fields.append(("date", day.isoDay))
        // The work is the article; the URL is where it was read, as "Cite this" and the meta tags say; the original's in the note.
        let page = baseURL + "articles/\(article.slug)/"
        fields.append(("url", Self.bibURL(page)))
        var note = Self.bibEscape(config.title)
        if let sourceURL = article.sourceURL { note += "; \\url{" + Self.bibURL(sourceURL) + "}" }
        fields.append(("note", note))
        fields.append(("language", Self.bibEscape(config.language)))
        let type = article.sourceName == nil ? "misc" : "article"
        var out = "@\(type){\(article.slug),\n"
        for (n, (key, value)) in fields.enumerated() {
            let bare = key == "year" || key == "month"
            out += "  \(key) = " + (bare ? value : "{" + value + "}") + (n + 1 < fields.count ? ",\n" : "\n")
        }
        return out + "}\n"
    }

    /// BibTeX's special characters as LaTeX writes them; line breaks as spaces.
    static func bibEscape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\": out += "\\textbackslash{}"
            // As commands, not `\{`: BibTeX counts an escaped brace as a brace, so an unmatched one would end the field.
            case "{": out += "\\textbraceleft{}"
            case "}": out += "\\textbraceright{}"
            case "%": out += "\\%"
            case "&": out += "\\&"
            case "$": out += "\\$"
            case "#": out += "\\#"
            case "_": out += "\\_"
            case "~": out += "\\textasciitilde{}"
            case "^": out += "\\textasciicircum{}"
            case "\n", "\r", "\r\n", "\t": out += " "
            default: out.append(character)
            }
        }
        return out
    }

    /// A URL inside `{…}` or `\url{…}`: braces, backslashes, spaces and `%` percent-encoded, so the field stays balanced.
    static func bibURL(_ url: String) -> String {
        var out = ""
        for scalar in url.unicodeScalars {
            switch scalar {
            case "{": out += "%7B"
            case "}": out += "%7D"
            case "\\": out += "%5C"
            case " ": out += "%20"
            case "\n", "\r", "\t": out += ""
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// `<meta name="…" content="…">`.
public struct MetaTag: TemplateObjectModel {
    public var name: String
    public var content: String

    public func write(into object: inout TemplateObject) {
        object["name"] = name.templateValue
        object["content"] = content.templateValue
    }
}
