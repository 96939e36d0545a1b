import DossierCore
import DossierStore

/// A reference to an entity, `institution:jiangsu-ipa`, resolved to its kind's folder.
public struct EntityRef: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The kind's folder name, `institutions`.
    public var kind: String
    public var id: String

    public init(kind: String, id: String) {
        self.kind = kind
        self.id = id
    }

    public var description: String { "\(kind)/\(id)" }

    /// The page's path in the output, `institutions/jiangsu-ipa/`.
    public var path: String { "\(kind)/\(id)/" }

    public static func < (a: Self, b: Self) -> Bool { (a.kind, a.id) < (b.kind, b.id) }
}

/// The rules that names in the content follow.
public enum Naming {
    /// Ids and slugs: `[a-z0-9][a-z0-9-]*`.
    public static func isValidID(_ s: String) -> Bool {
        guard let first = s.utf8.first, isLowerAlnum(first) else { return false }
        return s.utf8.allSatisfy { isLowerAlnum($0) || $0 == UInt8(ascii: "-") }
    }

    /// Kind folders and singulars: `[a-z][a-z0-9-]*`.
    public static func isValidKindName(_ s: String) -> Bool {
        guard let first = s.utf8.first, (97...122).contains(first) else { return false }
        return s.utf8.allSatisfy { isLowerAlnum($0) || $0 == UInt8(ascii: "-") }
    }

    private static func isLowerAlnum(_ b: UInt8) -> Bool { (97...122).contains(b) || (48...57).contains(b) }

    /// Folder names that the output uses for itself.
    public static let reservedKindNames: Set<String> = [
        "articles", "article", "assets", "data", "digest", "static", "search", "pagefind", "page", "pages",
    ]

    /// Words too common to stand for an entity: a name or alias that is one of
    /// them would link every article to it.
    public static let stopWords: Set<String> = [
        "a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "by", "with", "from", "as", "is", "are",
        "be", "it", "its", "this", "that", "de", "la", "le", "les", "der", "die", "das", "und",
        "的", "了", "和", "与", "及", "或", "在", "是", "对", "等", "之", "其", "中", "为", "将", "也", "都", "并",
    ]

    /// Why a name or alias cannot be autolinked, or nil when it can.
    public static func unlinkableName(_ name: String) -> String? {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return "an empty name" }
        if stopWords.contains(trimmed.lowercased()) { return "'\(trimmed)' is a stop word" }
        let scalars = trimmed.unicodeScalars
        if scalars.count == 1, let only = scalars.first, only.isASCII {
            return "'\(trimmed)' is a single Latin character"
        }
        return nil
    }

    /// URL schemes a singular may not take, so that ordinary links stay ordinary.
    public static let urlSchemes: Set<String> = [
        "http", "https", "mailto", "tel", "ftp", "ftps", "sftp", "data", "javascript", "vbscript", "file", "about",
        "blob", "irc", "ircs", "news", "nntp", "sms", "ssh", "telnet", "urn", "ws", "wss", "git", "magnet", "xmpp",
        "geo", "callto", "skype", "webcal", "feed", "chrome", "view-source", "ldap", "dns", "sip", "sips",
    ]

    /// Edit distance in which swapping two neighbours counts as one edit.
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars)
        let b = Array(b.unicodeScalars)
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in stride(from: 1, through: a.count, by: 1) {
            for j in stride(from: 1, through: b.count, by: 1) {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }

    /// The closest candidate within a reasonable distance, for "did you mean".
    public static func suggestion(for word: String, among candidates: some Sequence<String>) -> String? {
        let limit = max(1, min(3, word.unicodeScalars.count / 3))
        var best: (Int, String)?
        for candidate in candidates {
            let d = distance(word, candidate)
            if d <= limit, best.map({ (d, candidate) < $0 }) ?? true { best = (d, candidate) }
        }
        return best?.1
    }
}
