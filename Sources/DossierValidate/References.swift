import DossierCore

/// Turns `singular:id` into an entity reference, following SPEC's rules for
/// which link schemes are annotations, which are typos and which are ordinary.
public struct ReferenceResolver: Sendable {
    public enum Resolution: Equatable {
        case entity(EntityRef)
        /// A problem to report: unknown id, unknown kind, malformed id.
        case invalid(String)
        /// Not a reference at all: an ordinary link.
        case ordinary
        /// `javascript:`, `vbscript:`, `data:`: the link is removed, its text kept.
        case dangerous
    }

    private let kindsBySingular: [String: EntityKind]
    private let ids: [String: Set<String>]

    public init(kinds: [EntityKind], entities: [EntityRef]) {
        kindsBySingular = Dictionary(uniqueKeysWithValues: kinds.map { ($0.singular, $0) })
        var ids: [String: Set<String>] = [:]
        for ref in entities { ids[ref.kind, default: []].insert(ref.id) }
        self.ids = ids
    }

    private static let dangerousSchemes: Set<String> = ["javascript", "vbscript", "data"]

    /// A link destination in Markdown.
    public func resolveLink(_ url: String) -> Resolution {
        // The scheme, `[A-Za-z][A-Za-z0-9+.-]*` before the first ':', lowercased (looked at as bytes: this
        // runs for every link of every text).
        let bytes = url.utf8
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return .ordinary }
        func isLetter(_ b: UInt8) -> Bool { (65...90).contains(b) || (97...122).contains(b) }
        let schemeBytes = bytes[..<colon]
        guard let first = schemeBytes.first, isLetter(first),
            schemeBytes.allSatisfy({ isLetter($0) || (48...57).contains($0) || $0 == 43 || $0 == 45 || $0 == 46 })
        else { return .ordinary }
        let scheme = String(decoding: schemeBytes.map { (65...90).contains($0) ? $0 + 32 : $0 }, as: UTF8.self)
        if Self.dangerousSchemes.contains(scheme) { return .dangerous }
        if kindsBySingular[scheme] != nil { return resolve(url, requireKind: true) }
        // Links between pages (`PageTargets`).
        if scheme == "article" || scheme == "page" { return .ordinary }
        if !Naming.urlSchemes.contains(scheme),
            let close = Naming.suggestion(for: scheme, among: kindsBySingular.keys.sorted() + ["article", "page"])
        {
            let what = close == "article" || close == "page" ? "link" : "kind"
            return .invalid("unknown \(what) '\(scheme)' in '\(url)' (did you mean '\(close)'?)")
        }
        return .ordinary
    }

    /// A reference in front matter, `institution:jiangsu-ipa`.
    public func resolve(_ text: String, requireKind: Bool = true) -> Resolution {
        guard let colon = text.utf8.firstIndex(of: UInt8(ascii: ":")) else {
            return .invalid("'\(text)' is not a reference: write it as <kind>:<id>, e.g. \(example)")
        }
        let singular = String(text[..<colon])
        let id = String(text[text.utf8.index(after: colon)...])
        guard let kind = kindsBySingular[singular] else {
            let hint =
                Naming.suggestion(for: singular, among: kindsBySingular.keys.sorted()).map {
                    " (did you mean '\($0)'?)"
                } ?? ""
            let known = kindsBySingular.keys.sorted().joined(separator: ", ")
            return .invalid("unknown kind '\(singular)' in '\(text)'\(hint); kinds are \(known)")
        }
        guard Naming.isValidID(id) else {
            return .invalid("'\(id)' is not a valid \(singular) id: ids match [a-z0-9][a-z0-9-]*")
        }
        let known = ids[kind.folder] ?? []
        guard known.contains(id) else {
            let hint =
                Naming.suggestion(for: id, among: known.sorted()).map { " (did you mean '\(singular):\($0)'?)" } ?? ""
            return .invalid("unknown \(singular) '\(id)'\(hint)")
        }
        return .entity(EntityRef(kind: kind.folder, id: id))
    }

    public func singular(of ref: EntityRef) -> String {
        kindsBySingular.values.first { $0.folder == ref.kind }?.singular ?? ref.kind
    }

    private var example: String {
        guard let kind = kindsBySingular.keys.sorted().first else { return "kind:id" }
        return "\(kind):some-id"
    }
}
