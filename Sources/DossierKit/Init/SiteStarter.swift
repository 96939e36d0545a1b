import DossierCore
import DossierTheme
import DossierValidate
import Foundation

/// `dossier init`: a new site that builds as it is, with a file of each sort and
/// comments that teach the format. Starters are written in English and in
/// Simplified Chinese; any other language gets the English one, its `language` set,
/// and, where the default theme has no words in it, a copy of the English words in
/// `Templates/i18n/<language>.yml` to translate.
public enum SiteStarter {
    /// The files written, by their path in the site.
    public struct Started: Sendable {
        public var files: [String]
        /// Files the folder already had, left as they were (a `.gitignore`, say).
        public var kept: [String] = []
        /// `Public/` already holds files Dossier did not write: a build refuses it without `--force`.
        public var publicHoldsOtherFiles = false
        /// The starter's language (`en` or `zh-Hans`), and the site's.
        public var starter: String
        public var language: String
    }

    /// Writes the starter into `folder` (made if missing), which must hold no `Content/`.
    public static func create(in folder: String, display: String, language: String?) throws -> Started {
        let language = language ?? "en"
        guard LanguageTag.isWellFormed(language) else {
            throw UsageError("--language must be a BCP 47 language tag such as en, zh-CN or fr, not '\(language)'")
        }
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        if manager.fileExists(atPath: folder, isDirectory: &isFolder), !isFolder.boolValue {
            throw UsageError("'\(display)' is a file, not a folder")
        }
        if manager.fileExists(atPath: folder + "/Content") {
            throw UsageError(
                "'\(display)' already holds a site (\(display == "." ? "" : display + "/")Content/): "
                    + "init starts a new one in a folder without Content/")
        }
        let chain = ThemeWords.chain(for: language)
        // Simplified Chinese for zh, zh-CN, zh-SG, zh-Hans; Traditional Chinese sites get the English starter.
        let chinese = chain.contains("zh-hans") && !chain.contains("zh-hant")
        var files = chinese ? Starters.chinese(language: language) : Starters.english(language: language)
        let theme = DefaultTheme.files
        let themeLanguages = Set(theme.map(\.path).filter { $0.hasPrefix("i18n/") }.map {
            $0.dropFirst(5).dropLast(4).lowercased()
        })
        if !chain.contains(where: themeLanguages.contains),
            let english = theme.first(where: { $0.path == "i18n/en.yml" })
        {
            let header = """
                # The theme's words in '\(language)': a copy of the English ones (\(DossierVersion.string)), for you
                # to translate. A word left out here is taken from English, with a warning.

                """
            let body = String(decoding: english.bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                .drop { $0.hasPrefix("#") }.joined(separator: "\n")
            // The language's own long date, month names and separators (Foundation's) unless given.
            let own = ["date_format", "months", "months_short", "grouping_separator", "decimal_separator"]
            let words = own.reduce(body) { $0.replacingOccurrences(of: "\n\($1):", with: "\n# \($1):") }
            files.append(("Templates/i18n/\(language).yml", header + words))
        }
        var kept: [String] = []
        for (path, text) in files {
            let target = folder + "/" + path
            if manager.fileExists(atPath: target) {
                kept.append(path)
                continue
            }
            try writeUserFile(text, to: target, display: (display == "." ? "" : display + "/") + path)
        }
        var started = Started(
            files: files.map(\.0).filter { !kept.contains($0) }, starter: chinese ? "zh-Hans" : "en",
            language: language)
        started.kept = kept
        let publicFiles = (try? manager.contentsOfDirectory(atPath: folder + "/Public")) ?? []
        started.publicHoldsOtherFiles = publicFiles.contains { !$0.hasPrefix(".") }
        return started
    }
}
