import Foundation

/// Everything a build reads, by identity rather than by content: every file under
/// `Content/` and every file of the theme, each by its path, size and modification
/// time, with Dossier's version and the build's options. It is what the build store
/// already trusts to skip reading a file, taken for the whole site at once: when an
/// output folder's last build was made from exactly these inputs (its manifest says
/// so), no page can differ, and a build is complete without reading a record.
struct BuildInputs {
    /// Changes whenever what a build depends on changes in kind.
    static let format = "inputs 1"

    /// How recently a file may have changed for its time to be trusted: a file written
    /// twice within the file system's clock tick keeps one time (as git's "racily
    /// clean" files), so a build that read such a file does not record its inputs.
    static let settled: TimeInterval = 2

    /// The inputs' fingerprint, and whether every file is older than `settled` before
    /// `now`. Nil when the site cannot be listed without a problem (a symlink out of
    /// the site, a file that cannot be stat-ed): such a build takes the whole path, which reports it.
    static func key(site: SiteLocation, theme: Theme, options: BuildOptions, now: Date = Date()) -> (key: Fingerprint, settled: Bool)? {
        var diagnostics = Diagnostics()
        let files = FileWalker(site: site).walk("Content", diagnostics: &diagnostics)
        guard diagnostics.items.isEmpty else { return nil }
        var hasher = FingerprintHasher()
        hasher.combine(format)
        hasher.combine(DossierVersion.string)
        hasher.combine(options.baseURL ?? "")
        hasher.combine(options.includeDrafts ? 1 : 0)
        hasher.combine(options.search ? 1 : 0)
        for (name, text) in theme.templateTexts.sorted(by: { $0.key < $1.key }) {
            hasher.combine(name)
            hasher.combine(text)
        }
        var newest = Int.min
        hasher.combine(theme.assets.count)
        for asset in theme.assets {
            hasher.combine(asset.output)
            guard combine(file: asset.file, into: &hasher, newest: &newest) else { return nil }
        }
        hasher.combine(files.count)
        for file in files {
            hasher.combine(file)
            guard combine(file: site.absolute(file), into: &hasher, newest: &newest) else { return nil }
        }
        return (hasher.finalize(), newest < Int((now.timeIntervalSince1970 - settled).rounded(.down)))
    }

    /// A file's size and modification time (of what a symlink leads to), or false.
    private static func combine(file: String, into hasher: inout FingerprintHasher, newest: inout Int) -> Bool {
        var info = stat()
        guard stat(file, &info) == 0 else { return false }
        hasher.combine(Int(info.st_size))
        hasher.combine(Int(info.st_mtim.tv_sec))
        hasher.combine(Int(info.st_mtim.tv_nsec))
        // The change time too: it moves with every write, and cannot be set back by a tool
        // that restores modification times.
        hasher.combine(Int(info.st_ctim.tv_sec))
        hasher.combine(Int(info.st_ctim.tv_nsec))
        // Only a recent modification time is racy: a write after a build read the file
        // gives it the time of that write, which an older time cannot equal.
        newest = max(newest, Int(info.st_mtim.tv_sec))
        return true
    }
}
