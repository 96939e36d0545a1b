import DossierCore
import DossierStore
import Foundation

/// One kind of entity: `institutions`, whose references are `institution:<id>`.
public struct EntityKind: Hashable, Sendable {
    public var folder: String
    public var singular: String
    public var label: String
    /// Whether site.yml gives the label: a default kind's otherwise comes from the theme's words.
    public var labelGiven = true

    public init(folder: String, singular: String, label: String, labelGiven: Bool = true) {
        self.folder = folder
        self.singular = singular
        self.label = label
        self.labelGiven = labelGiven
    }
}

public enum AutolinkMode: String, Sendable, CaseIterable {
    case first, all, none
}

/// `Content/site.yml`, validated.
public struct SiteConfig: Sendable {
    /// Whether `text` can be a site's base URL: an absolute http(s) URL with a host, and
    /// none of the characters that would break out of an attribute or a feed.
    public static func isValidBaseURL(_ text: String) -> Bool {
        let url = URL(string: text)
        let scheme = url?.scheme?.lowercased()
        return (scheme == "http" || scheme == "https") && url?.host != nil
            && !text.contains(where: { "\"'<> \\`".contains($0) })
    }

    public var title: String
    public var baseURL: String
    public var language: String
    public var timeZone: TimeZone
    public var author: String?
    public var description: String?
    public var kinds: [EntityKind]
    public var autolink: AutolinkMode
    public var paginate: Int
    public var unsafeHTML: Bool
    /// Entries in each Atom feed.
    public var feedSize = 50
    /// A table of contents on every article and page (each may say otherwise).
    public var toc = false
    /// Days after which a figure's latest value is stale.
    public var staleAfter = 365
    /// Where `language` is written (site.yml itself when it is not).
    public var languageLocation = SourceLocation(path: "")

    public func kind(folder: String) -> EntityKind? { kinds.first { $0.folder == folder } }
    public func kind(singular: String) -> EntityKind? { kinds.first { $0.singular == singular } }

    /// The default kinds, in the order pages list them.
    /// Their labels are the theme's words (`kind_initiatives`, …) unless site.yml gives them.
    package static var defaultKinds: [EntityKind] {
        [
            EntityKind(folder: "initiatives", singular: "initiative", label: "Initiatives", labelGiven: false),
            EntityKind(folder: "institutions", singular: "institution", label: "Institutions", labelGiven: false),
            EntityKind(folder: "figures", singular: "figure", label: "Target figures", labelGiven: false),
        ]
    }

    /// The default kinds' labels that site.yml does not give, from the theme's `words`.
    public mutating func label(with words: [String: String]) {
        for index in kinds.indices where !kinds[index].labelGiven {
            if let word = words["kind_" + kinds[index].folder] { kinds[index].label = word }
        }
    }

    package static let knownFields = [
        "title", "base_url", "language", "timezone", "author", "description", "kinds", "autolink", "paginate",
        "unsafe_html", "feed_size", "toc", "stale_after",
    ]

    /// Reads site.yml; every problem goes to `diagnostics`, and nil means it cannot be used at all.
    package static func read(_ source: SourceText, diagnostics: inout Diagnostics) -> SiteConfig? {
        let whole = SourceLocation(path: source.path)
        let fields = FieldReader(yaml: source.text, path: source.path, lineOffset: 0, wholeFile: whole)
        defer { diagnostics.append(contentsOf: fields.diagnostics) }
        if fields.diagnostics.hasErrors { return nil }
        if fields.isEmpty {
            fields.error("site.yml is empty: it needs at least 'title' and 'base_url'", at: whole)
            return nil
        }
        let title = fields.string("title", required: true)
        var baseURL = fields.string("base_url", required: true)
        if let url = baseURL {
            if !Self.isValidBaseURL(url.value) {
                fields.error("'base_url' must be an absolute http(s) URL, not '\(url.value)'", at: url.location)
                baseURL = nil
            }
        }
        var language = "en"
        if let given = fields.string("language") {
            if LanguageTag.isWellFormed(given.value) {
                language = given.value
            } else {
                fields.error(
                    "'language' must be a BCP 47 language tag such as en, zh-CN or zh-Hant-TW, not '\(given.value)'",
                    at: given.location)
            }
        }
        var zone = TimeZone(identifier: "UTC")!
        if let name = fields.string("timezone") {
            if let found = TimeZone(identifier: name.value) {
                zone = found
            } else {
                fields.error(
                    "unknown time zone '\(name.value)' (an IANA name such as Asia/Shanghai)", at: name.location)
            }
        }
        var autolink = AutolinkMode.first
        if let mode = fields.string("autolink") {
            if let parsed = AutolinkMode(rawValue: mode.value) {
                autolink = parsed
            } else {
                fields.error("'autolink' must be first, all or none, not '\(mode.value)'", at: mode.location)
            }
        }
        let kinds = readKinds(fields)
        var config = SiteConfig(
            title: title?.value ?? "",
            baseURL: baseURL.map { $0.value.hasSuffix("/") ? $0.value : $0.value + "/" } ?? "",
            language: language,
            timeZone: zone,
            author: fields.string("author")?.value,
            description: fields.string("description")?.value,
            kinds: kinds,
            autolink: autolink,
            paginate: fields.int("paginate", range: 1...100_000) ?? 50,
            unsafeHTML: fields.bool("unsafe_html") ?? false
        )
        config.languageLocation = fields.place(of: "language")
        config.feedSize = fields.int("feed_size", range: 1...10_000) ?? 50
        config.toc = fields.bool("toc") ?? false
        config.staleAfter = fields.int("stale_after", range: 1...100_000) ?? 365
        fields.warnUnknownFields(known: knownFields)
        // A field in error falls back to its default, so the rest of the site is still checked.
        return config
    }

    private static func readKinds(_ fields: FieldReader) -> [EntityKind] {
        var kinds = defaultKinds
        for (folder, spec) in fields.entries("kinds") {
            defer { fields.absorb(spec) }
            guard Naming.isValidKindName(folder.value), !Naming.reservedKindNames.contains(folder.value) else {
                fields.error(
                    Naming.reservedKindNames.contains(folder.value)
                        ? "'\(folder.value)' is reserved and cannot name a kind"
                        : "kind folder '\(folder.value)' must match [a-z][a-z0-9-]*", at: folder.location)
                continue
            }
            let existing = kinds.firstIndex { $0.folder == folder.value }
            let singular = spec.string("singular", required: existing == nil)
            if let singular {
                if !Naming.isValidKindName(singular.value) {
                    spec.error("singular '\(singular.value)' must match [a-z][a-z0-9-]*", at: singular.location)
                    continue
                }
                if Naming.urlSchemes.contains(singular.value) || Naming.reservedKindNames.contains(singular.value)
                    || ["article"].contains(singular.value)
                {
                    spec.error("singular '\(singular.value)' is a URL scheme or reserved name", at: singular.location)
                    continue
                }
                if kinds.contains(where: { $0.singular == singular.value && $0.folder != folder.value }) {
                    spec.error("singular '\(singular.value)' is already used by another kind", at: singular.location)
                    continue
                }
            }
            let label = spec.string("label")?.value
            spec.warnUnknownFields(known: ["singular", "label"])
            if let existing {
                if let singular { kinds[existing].singular = singular.value }
                if let label {
                    kinds[existing].label = label
                    kinds[existing].labelGiven = true
                }
            } else if let singular {
                kinds.append(EntityKind(folder: folder.value, singular: singular.value, label: label ?? folder.value))
            }
        }
        return kinds
    }

    public init(
        title: String, baseURL: String, language: String, timeZone: TimeZone, author: String? = nil,
        description: String? = nil, kinds: [EntityKind], autolink: AutolinkMode, paginate: Int, unsafeHTML: Bool
    ) {
        self.title = title
        self.baseURL = baseURL
        self.language = language
        self.timeZone = timeZone
        self.author = author
        self.description = description
        self.kinds = kinds
        self.autolink = autolink
        self.paginate = paginate
        self.unsafeHTML = unsafeHTML
    }
}
