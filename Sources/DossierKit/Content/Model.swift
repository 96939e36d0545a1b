/// What the content says, read and checked field by field; references are
/// still as written, and are resolved by the linking stage.
public struct Entity: Sendable {
    public enum Status: String, Sendable, CaseIterable { case planned, active, completed, superseded }

    public struct Figure: Sendable {
        public var metric: String?
        public var unit: String?
        public var target: Double?
        public var baseline: Observation?
        public var deadline: DateValue?
    }

    public var ref: EntityRef
    public var source: SourceText
    public var name: String
    public var aliases: [Located<String>]
    public var exclude: [Located<String>]
    public var parent: Located<String>?
    public var related: [Located<String>]
    public var responsible: [Located<String>]
    public var start: DateValue?
    public var end: DateValue?
    public var status: Status?
    public var supersededBy: Located<String>?
    public var figure: Figure?
    public var body: String
    public var bodyLineOffset: Int
    /// Where `name:` is written, for warnings about the name.
    public var nameLocation: SourceLocation? = nil
}

/// A reported value of a target figure.
public struct Observation: Sendable, Hashable {
    public var value: Double
    public var date: DateValue
    public var note: String?
}

public struct Article: Sendable {
    public struct ReportedObservation: Sendable {
        public var figure: Located<String>
        public var observation: Observation

        /// The figure reported, written `id` or `figure:id`.
        public var figureRef: EntityRef {
            let id = figure.value.hasPrefix("figure:") ? String(figure.value.dropFirst(7)) : figure.value
            return EntityRef(kind: "figures", id: id)
        }
    }

    public var slug: String
    /// Where the slug was given (the `slug:` field, or the file itself).
    public var slugLocation: SourceLocation
    public var source: SourceText
    public var title: String
    public var date: DateValue
    public var updated: DateValue?
    public var author: String?
    public var sourceName: String?
    public var sourceURL: String?
    public var summary: String?
    public var draft: Bool
    public var autolink: AutolinkMode?
    public var observations: [ReportedObservation]
    public var body: String
    public var bodyLineOffset: Int
    /// The SHA-256 of the file's bytes: what the article's linking is keyed by.
    var contentHash: Fingerprint? = nil
    /// The file's path in the site (`Content/articles/…`), to read it again.
    var file = ""
}

/// Everything the content folder holds, read and checked, before linking.
public struct Content: Sendable {
    public var root: String
    public var config: SiteConfig
    public var articles: [Article]
    public var entities: [Entity]
    /// Files of `Content/static/`, by their path in the output.
    public var staticFiles: [(output: String, file: String)]
    /// Entities whose files exist but could not be read: references to them are
    /// not reported again as unknown.
    public var unreadableEntities: [EntityRef] = []
    /// Drafts left out of this build (built only with `--drafts`).
    public var draftsLeftOut = 0
    /// What reading changed in the build store.
    var sourceChanges = BuildStore.Changes()
    /// How many content files were parsed (the others came from the store).
    public var parsedFiles = 0
    /// The fingerprint of site.yml's text.
    var configKey = Fingerprint(words: (0, 0, 0, 0))
}
