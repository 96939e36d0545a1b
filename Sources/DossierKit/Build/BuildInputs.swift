import DossierCore
import DossierLink
import DossierRender
import DossierStore
import DossierTemplate
import DossierValidate
import Foundation

/// Everything a build reads, by identity rather than by content: every file under
/// `Content/` and every file of the theme, each by its path, size, times and inode,
/// with Dossier's version (and its executable) and the build's options. It is what
/// the build store already trusts to skip reading a file, taken for the whole site
/// at once: when an output folder's last build was made from exactly these inputs
/// (the store's `output` row says so, for the manifest that build left), no page
/// can differ, and a build is complete without reading a record.
package struct BuildInputs {
    /// Changes whenever what a build depends on changes in kind.
    package static let format = "inputs 2"

    /// How recently a file may have changed for its times to be trusted: a file written
    /// twice within the file system's clock tick keeps one time (as git's "racily
    /// clean" files), so a build that read such a file does not record its inputs.
    package static let settled: TimeInterval = 2

    /// What every page depends on besides its records: this version, the templates,
    /// site.yml, the options.
    package static func pageKey(theme: Theme, content: Content, options: BuildOptions) -> Fingerprint {
        var hasher = FingerprintHasher()
        hasher.combine(DossierVersion.string)
        for (name, text) in theme.templateTexts.sorted(by: { $0.key < $1.key }) {
            hasher.combine(name)
            hasher.combine(text)
        }
        hasher.combine(theme.words.texts.count)
        for text in theme.words.texts { hasher.combine(text) }
        hasher.combine(content.config.timeZone.identifier)
        hasher.combine(content.configKey)
        hasher.combine(options.baseURL ?? "")
        hasher.combine(options.includeDrafts ? 1 : 0)
        // Every page shows the pages of the site's menu.
        for page in content.pages.sorted(by: { $0.slug < $1.slug }) where page.menu != nil {
            hasher.combine(page.slug)
            hasher.combine(page.title)
            hasher.combine(page.menu!)
        }
        return hasher.finalize()
    }

    /// The inputs' fingerprint, whether every file's times are older than `settled` before
    /// `now`, and the files of `Content/` as listed with their sizes and times (which reading
    /// then takes as they are, rather than looking at each file again).
    /// Nil when the site cannot be listed without a problem (a symlink out of the site, a
    /// file that cannot be stat-ed): such a build takes the whole path, which reports it.
    package static func key(
        site: SiteLocation, theme: Theme, options: BuildOptions, now: Date = Date()
    ) -> (key: Fingerprint, settled: Bool, files: [String], stamps: [FileStamp])? {
        var diagnostics = Diagnostics()
        let files = FileWalker(site: site).walk("Content", diagnostics: &diagnostics)
        guard diagnostics.items.isEmpty else { return nil }
        var hasher = FingerprintHasher()
        hasher.combine(format)
        hasher.combine(DossierVersion.string)
        // The program itself: a Dossier built anew from changed sources keeps its version
        // string. (It is not read as an input is, so its times need not be settled.)
        if let executable = Bundle.main.executablePath {
            var ignored = Int.min
            guard FileIdentities.combine(file: executable, into: &hasher, newest: &ignored) else { return nil }
        }
        var newest = Int.min
        hasher.combine(options.baseURL ?? "")
        hasher.combine(options.includeDrafts ? 1 : 0)
        hasher.combine(options.includeFuture ? 1 : 0)
        // Which articles are future depends on the day.
        hasher.combine(options.asOf.key)
        hasher.combine(options.search ? 1 : 0)
        // The machine's tools: another default theme's templates show in their texts below.
        hasher.combine(options.tools.theme ?? "")
        hasher.combine(options.tools.segmentation.rawValue)
        if options.search, let pagefind = options.tools.pagefind {
            hasher.combine(pagefind)
            var ignored = Int.min
            guard FileIdentities.combine(file: pagefind, into: &hasher, newest: &ignored) else { return nil }
        }
        for (name, text) in theme.templateTexts.sorted(by: { $0.key < $1.key }) {
            hasher.combine(name)
            hasher.combine(text)
        }
        hasher.combine(theme.words.texts.count)
        for text in theme.words.texts { hasher.combine(text) }
        hasher.combine(theme.assets.count)
        for asset in theme.assets {
            hasher.combine(asset.output)
            hasher.combine(asset.file)
            guard FileIdentities.combine(file: asset.file, into: &hasher, newest: &newest) else { return nil }
        }
        hasher.combine(files.count)
        guard let listed = FileIdentities.fingerprint(in: site.root, files: files, stamps: true) else { return nil }
        hasher.combine(listed.key)
        newest = max(newest, listed.newest)
        return (
            hasher.finalize(), newest < Int(((now.timeIntervalSince1970 - settled) * 1e9).rounded(.down)), files,
            listed.stamps
        )
    }
}
