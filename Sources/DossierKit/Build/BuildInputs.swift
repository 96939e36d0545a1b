import Foundation

/// Everything a build reads, by identity rather than by content: every file under
/// `Content/` and every file of the theme, each by its path, size, times and inode,
/// with Dossier's version (and its executable) and the build's options. It is what
/// the build store already trusts to skip reading a file, taken for the whole site
/// at once: when an output folder's last build was made from exactly these inputs
/// (the store's `output` row says so, for the manifest that build left), no page
/// can differ, and a build is complete without reading a record.
struct BuildInputs {
    /// Changes whenever what a build depends on changes in kind.
    static let format = "inputs 1"

    /// How recently a file may have changed for its times to be trusted: a file written
    /// twice within the file system's clock tick keeps one time (as git's "racily
    /// clean" files), so a build that read such a file does not record its inputs.
    static let settled: TimeInterval = 2

    /// The inputs' fingerprint, and whether every file's times are older than `settled`
    /// before `now`. Nil when the site cannot be listed without a problem (a symlink out
    /// of the site, a file that cannot be stat-ed): such a build takes the whole path, which reports it.
    static func key(site: SiteLocation, theme: Theme, options: BuildOptions, now: Date = Date()) -> (key: Fingerprint, settled: Bool)? {
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
            guard combine(file: executable, into: &hasher, newest: &ignored) else { return nil }
        }
        var newest = Int.min
        hasher.combine(options.baseURL ?? "")
        hasher.combine(options.includeDrafts ? 1 : 0)
        hasher.combine(options.search ? 1 : 0)
        for (name, text) in theme.templateTexts.sorted(by: { $0.key < $1.key }) {
            hasher.combine(name)
            hasher.combine(text)
        }
        hasher.combine(theme.assets.count)
        for asset in theme.assets {
            hasher.combine(asset.output)
            hasher.combine(asset.file)
            guard combine(file: asset.file, into: &hasher, newest: &newest) else { return nil }
        }
        hasher.combine(files.count)
        guard let listed = identities(in: site.root, files: files) else { return nil }
        hasher.combine(listed.key)
        newest = max(newest, listed.newest)
        return (hasher.finalize(), newest < Int(((now.timeIntervalSince1970 - settled) * 1e9).rounded(.down)))
    }

    /// The identities of `files` (relative to `folder`, in this order), stat-ed on all
    /// cores a chunk at a time relative to the folder, each chunk hashed on its own and
    /// the chunks' fingerprints in order; nil when a file is missing.
    private static func identities(in folder: String, files: [String]) -> (key: Fingerprint, newest: Int)? {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        let chunkSize = 4_096
        let chunks = stride(from: 0, to: files.count, by: chunkSize).map { $0..<min($0 + chunkSize, files.count) }
        let hashed = chunks.parallelMap { chunk -> (key: Fingerprint, newest: Int)? in
            var hasher = FingerprintHasher()
            var newest = Int.min
            var info = stat()
            for file in files[chunk] {
                guard fstatat(descriptor, file, &info, 0) == 0 else { return nil }
                hasher.combine(file)
                combine(info, into: &hasher, newest: &newest)
            }
            return (hasher.finalize(), newest)
        }
        var hasher = FingerprintHasher()
        var newest = Int.min
        for chunk in hashed {
            guard let chunk else { return nil }
            hasher.combine(chunk.key)
            newest = max(newest, chunk.newest)
        }
        return (hasher.finalize(), newest)
    }

    /// A file's identity (of what a symlink leads to: its device and inode, so that
    /// a symlink pointed elsewhere is a change), size and times, or false.
    private static func combine(file: String, into hasher: inout FingerprintHasher, newest: inout Int) -> Bool {
        var info = stat()
        guard stat(file, &info) == 0 else { return false }
        combine(info, into: &hasher, newest: &newest)
        return true
    }

    private static func combine(_ info: stat, into hasher: inout FingerprintHasher, newest: inout Int) {
        hasher.combine(Int(truncatingIfNeeded: info.st_dev))
        hasher.combine(Int(truncatingIfNeeded: info.st_ino))
        hasher.combine(Int(info.st_size))
        hasher.combine(Int(info.st_mtim.tv_sec))
        hasher.combine(Int(info.st_mtim.tv_nsec))
        // The change time too: it moves with every write, even where a tool (`cp -p`,
        // `rsync -t`, `tar`) sets the modification time back.
        hasher.combine(Int(info.st_ctim.tv_sec))
        hasher.combine(Int(info.st_ctim.tv_nsec))
        // In nanoseconds since 1970.
        newest = max(
            newest, Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec),
            Int(info.st_ctim.tv_sec) * 1_000_000_000 + Int(info.st_ctim.tv_nsec))
    }

    /// The identity, size and times of every file an output folder's manifest lists
    /// (in the manifest's order), or nil when one is missing: recorded after a build,
    /// compared before the next, so that a file changed by hand in the output, even to
    /// the same size, is seen.
    static func state(of folder: String, files: [String]) -> Fingerprint? {
        identities(in: folder, files: files)?.key
    }
}
