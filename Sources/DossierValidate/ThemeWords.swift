import DossierCore
import Foundation

/// The theme's words (navigation, labels, punctuation, the date pattern) in the
/// site's language: each `i18n/<language>.yml` of the default theme, which a site's
/// own `Templates/i18n/<language>.yml` overrides key by key. The language falls
/// back along its tag (`zh-Hant-TW` → `zh-Hant` → `zh`), `zh-TW`, `zh-HK` and `zh-MO`
/// meaning `zh-Hant`, `zh`, `zh-CN` and `zh-SG` meaning `zh-Hans`; a key no file of
/// that chain has comes from `en`, with a warning naming it.
public struct ThemeWords: Sendable, Equatable {
    /// Each file's words, by its language (lowercased), the site's over the theme's.
    public var tables: [String: [String: String]] = [:]
    /// The site's own file of each language (lowercased): where a word missing from it is reported.
    var siteFiles: [String: String] = [:]
    /// The text of every file, for the build's fingerprints.
    public var texts: [String] = []

    /// Keys a language need not give: without them, Foundation's own formats and names are
    /// used (`date_format`, `months`, `months_short`, the separators: which may differ from
    /// one version of ICU to the next, so the built-in languages give them all), or large
    /// numbers are written out (`myriad`, `hundred_million`: 万, 亿).
    public static let optionalKeys: Set<String> = [
        "date_format", "months", "months_short", "grouping_separator", "decimal_separator", "myriad", "hundred_million",
    ]

    public init() {}

    /// Reads the files; a file that is not a mapping of words is an error at its place.
    public init(_ files: [(language: String, source: SourceText, site: Bool)], diagnostics: inout Diagnostics) {
        // The theme's first, then the site's, so that the site's words win.
        for file in files.sorted(by: { ($0.site ? 1 : 0, $0.language) < ($1.site ? 1 : 0, $1.language) }) {
            let whole = SourceLocation(path: file.source.path)
            let fields = FieldReader(yaml: file.source.text, path: file.source.path, lineOffset: 0, wholeFile: whole)
            var table: [String: String] = [:]
            for key in fields.keys {
                if let word = fields.string(key) { table[key] = word.value }
            }
            diagnostics.append(contentsOf: fields.diagnostics)
            let language = file.language.lowercased()
            tables[language, default: [:]].merge(table) { _, site in site }
            if file.site { siteFiles[language] = file.source.path }
            texts.append(file.language + "\n" + file.source.text)
        }
    }

    /// The languages whose words a site in `language` is shown in, most particular first.
    public static func chain(for language: String) -> [String] {
        var parts = language.split(separator: "-").map(String.init)
        var result: [String] = []
        func add(_ tag: String) { if !result.contains(tag) { result.append(tag) } }
        while !parts.isEmpty {
            let tag = parts.joined(separator: "-").lowercased()
            add(tag)
            if ["zh-tw", "zh-hk", "zh-mo"].contains(tag) { add("zh-hant") }
            if ["zh", "zh-cn", "zh-sg"].contains(tag) { add("zh-hans") }
            parts.removeLast()
        }
        return result
    }

    /// Every word in `language`; a key that only English has is reported at `location`
    /// (the language's own file, else site.yml's `language`).
    public func words(for language: String, location: SourceLocation, diagnostics: inout Diagnostics) -> [String:
        String]
    {
        let chain = Self.chain(for: language)
        var words = tables["en"] ?? [:]
        let found = chain.filter { tables[$0] != nil }
        if chain != ["en"] && found.isEmpty {
            diagnostics.warning(
                "the theme has no words in '\(language)' (Templates/i18n/\(language).yml): the English ones are used",
                at: location)
        }
        // Foundation's format for the language, unless its chain gives one.
        for key in Self.optionalKeys { words[key] = nil }
        var missing: [String] = []
        // English's keys, and any other a file of the chain gives (a site's own template may read one).
        let keys = found.reduce(Set(words.keys).union(Self.optionalKeys)) { $0.union(tables[$1, default: [:]].keys) }
        for key in keys.sorted() {
            if let word = found.lazy.compactMap({ self.tables[$0]?[key] }).first {
                words[key] = word
            } else if !found.isEmpty && !Self.optionalKeys.contains(key) && !chain.contains("en") {
                missing.append(key)
            }
        }
        if let first = found.first {
            // The site's own file of the language, else site.yml's `language`: never the theme's copy.
            let place = siteFiles[first].map { SourceLocation(path: $0) } ?? location
            for key in missing {
                diagnostics.warning("no word for '\(key)' in '\(language)': the English one is used", at: place)
            }
        }
        return words
    }
}
