import DossierCore
import DossierPublish
import Foundation

// What a build is asked to do (BuildOptions) and what it reports (BuildReport).

public struct BuildOptions: Sendable {
    public var site: SiteLocation
    /// The output folder as given (relative to the current folder), `Public` inside the site by default.
    public var output: String?
    public var baseURL: String?
    public var includeDrafts = false
    /// Build articles dated after the build's date too.
    public var includeFuture = false
    /// The build's date (`--as-of`, `SOURCE_DATE_EPOCH`, else now).
    public var asOf = BuildDate.now
    /// Add the editorial warnings (`check --lint`).
    public var lint = false
    public var clean = false
    public var force = false
    /// Index the built site for search with Pagefind.
    public var search = true
    /// The report's `sources` and `entityPages` are wanted (by `check`): the
    /// site is then read even when its inputs are those of the output folder's last build.
    public var needsPageSources = false
    /// The default theme, Pagefind, and how search segments Chinese (`Tools.locate`).
    public var tools: Tools
    /// Called with the site's base URL once every page and copied file is in place, before
    /// the feeds, the sitemap and the output folder's manifest: `serve` reloads the open
    /// pages then.
    public var pagesReady: (@Sendable (_ baseURL: String) -> Void)? = nil

    public init(
        site: SiteLocation, output: String? = nil, baseURL: String? = nil, includeDrafts: Bool = false,
        clean: Bool = false,
        force: Bool = false, search: Bool = true, tools: Tools
    ) {
        self.tools = tools
        self.site = site
        self.search = search
        self.output = output
        self.baseURL = baseURL
        self.includeDrafts = includeDrafts
        self.clean = clean
        self.force = force
    }

    package var outputDisplay: String {
        guard var output else { return site.displayPath("Public") }
        while output.count > 1 && output.hasSuffix("/") { output.removeLast() }
        return output
    }
    public var outputPath: String {
        guard let output else { return site.absolute("Public") }
        return output.hasPrefix("/") ? output : FileManager.default.currentDirectoryPath + "/" + output
    }
}

public struct BuildReport: Sendable {
    public var pages: Int
    public var files: Int
    public var stats: OutputFolder.Stats
    public var warnings: [Diagnostic]
    public var seconds: Double
    /// The Markdown file each page's body came from (articles, and entities'
    /// first pages), by the page's file, as the path a user reaches it by
    /// (when `needsPageSources`).
    public var sources: [String: String] = [:]
    /// Every entity's page, which a reader must be able to reach from the home page.
    public var entityPages: [String] = []
    /// Where the site is published: site.yml's base_url, or `--base-url`.
    public var baseURL: String = ""
    /// The search index, when it was made.
    public var search: SearchIndex.Report?
    /// Why it was not, when it was asked for, and what the user can do about it.
    public var searchProblem: String?
    public var searchRemedy: Remedy?
    /// Drafts left out (built only with `--drafts`).
    public var draftsLeftOut = 0
    /// Articles dated after the build's date, left out (built only with `--future`).
    public var futureLeftOut = 0
    /// The build's date, in the site's time zone.
    public var asOf: String = ""
    /// Content files parsed; the others came from the build store.
    public var parsedFiles = 0
    /// The inputs were those of the output folder's last build (`BuildInputs`): nothing
    /// was read but the files' sizes and times, and every file was kept. The search
    /// index, when asked for, is then the one that build made.
    public var keptWhole = false
}

/// The process's resident memory in bytes, where /proc tells it.
package func residentMemory() -> Int? {
    guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
    let fields = statm.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}
