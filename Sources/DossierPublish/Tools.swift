import DossierCore
import DossierStore
import DossierTheme
import Foundation

/// What a build takes from the machine rather than from the site: the default theme,
/// Pagefind's binary, and how search indexes Chinese. The command line finds them
/// (`locate`, given the environment and the executable's place); the library itself
/// reads no environment variable and no command-line argument. They are part of a
/// build's inputs (`BuildInputs`).
public struct Tools: Sendable, Equatable {
    /// The default theme's folder (Dossier's `Templates/`); nil when none was found.
    public var theme: String?
    /// Pagefind's binary; nil when none was found (a build that indexes then says how to install it).
    public var pagefind: String?
    /// How Chinese is indexed for search.
    public var segmentation: Segmentation
    /// How many pages one search index holds at most: a larger site is indexed in
    /// parts, which the search page merges (`SearchIndex`). Pagefind holds a whole
    /// index in memory while it makes it, about 0.45 MB a page.
    public var pagesPerIndex: Int

    public enum Segmentation: String, Sendable {
        /// Every CJK character a word (docs/search.md): what Dossier does.
        case characters
        /// Pagefind's own segmentation into words: for the benchmark's recall comparison only.
        case words
    }

    /// About 9 GB of Pagefind's memory at most.
    public static let defaultPagesPerIndex = 20_000

    public init(
        theme: String?, pagefind: String?, segmentation: Segmentation = .characters,
        pagesPerIndex: Int = Tools.defaultPagesPerIndex
    ) {
        self.theme = theme
        self.pagefind = pagefind
        self.segmentation = segmentation
        self.pagesPerIndex = max(1, pagesPerIndex)
    }

    /// Finds them. The theme: `DOSSIER_THEME`, else the one built into the executable
    /// (`DefaultTheme`, written once to the user's cache folder). Pagefind: `DOSSIER_PAGEFIND`; `pagefind_extended` or
    /// `pagefind` on the `PATH`; `../libexec/dossier/pagefind_extended` from the executable's folder; the project's own `.dossier-tool/venv` above the executable
    /// or the current folder; or the Python package installed for `python3`. Segmentation:
    /// `DOSSIER_SEARCH_SEGMENT=words` leaves Chinese to Pagefind. Pages per index:
    /// `DOSSIER_SEARCH_PAGES_PER_INDEX`, else 20,000. Pagefind is looked for only
    /// when `search` (the last place asks `python3`, a process of its own).
    public static func locate(
        environment: [String: String], executable: String?, currentDirectory: String, search: Bool = true
    ) -> Tools {
        Tools(
            theme: theme(environment: environment),
            pagefind: search
                ? pagefind(environment: environment, executable: executable, currentDirectory: currentDirectory) : nil,
            segmentation: environment["DOSSIER_SEARCH_SEGMENT"] == "words" ? .words : .characters,
            pagesPerIndex: environment["DOSSIER_SEARCH_PAGES_PER_INDEX"].flatMap { Int($0) }.flatMap {
                $0 > 0 ? $0 : nil
            }
                ?? defaultPagesPerIndex)
    }

    package static func theme(environment: [String: String]) -> String? {
        if let path = environment["DOSSIER_THEME"], !path.isEmpty {
            return FileManager.default.fileExists(atPath: path + "/base.mustache") ? path : nil
        }
        return try? DefaultTheme.folder(environment: environment)
    }

    package static func pagefind(environment: [String: String], executable: String?, currentDirectory: String)
        -> String?
    {
        let manager = FileManager.default
        if let path = environment["DOSSIER_PAGEFIND"], !path.isEmpty {
            return manager.isExecutableFile(atPath: path) ? path : nil
        }
        for directory in (environment["PATH"] ?? "").split(separator: ":") {
            for name in ["pagefind_extended", "pagefind"] where manager.isExecutableFile(atPath: "\(directory)/\(name)")
            {
                return "\(directory)/\(name)"
            }
        }
        // `make install` puts it in `<prefix>/libexec/dossier/` beside `<prefix>/bin/dossier`.
        if let executable {
            let installed =
                URL(fileURLWithPath: executable).deletingLastPathComponent()
                .appendingPathComponent("../libexec/dossier/pagefind_extended").standardized.path
            if manager.isExecutableFile(atPath: installed) { return installed }
        }
        let starts = (executable.map { [(($0 as NSString).deletingLastPathComponent)] } ?? []) + [currentDirectory]
        for start in starts {
            var folder = start
            while !folder.isEmpty && folder != "/" {
                if let binary = SearchIndex.binary(inVenv: folder + "/.dossier-tool/venv") { return binary }
                folder = (folder as NSString).deletingLastPathComponent
            }
        }
        return SearchIndex.pythonPackageBinary()
    }
}
