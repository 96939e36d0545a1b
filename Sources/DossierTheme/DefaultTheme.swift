import DossierCore
import Foundation

/// The default theme, built into the executable (`EmbeddedTheme`, which the
/// EmbedTheme plugin generates from `Templates/`), so that `dossier` alone works
/// from any folder. A build reads a theme as a folder: the embedded files are
/// written once, by their content's fingerprint, under the user's cache folder.
package enum DefaultTheme {
    /// The commit this Dossier was built from ("unknown" when built outside a git checkout).
    package static var commit: String { EmbeddedTheme.commit }

    /// Every file of the theme, by its path under `Templates/`.
    package static var files: [(path: String, bytes: Data)] {
        EmbeddedTheme.files.map { ($0.path, Data(base64Encoded: $0.base64) ?? Data()) }
    }

    /// The embedded theme as a folder: `$XDG_CACHE_HOME/dossier/theme-<fingerprint>`
    /// (`~/.cache`, else the temporary folder, without it), written whole the first time.
    package static func folder(environment: [String: String]) throws -> String {
        let files = self.files
        var hasher = FingerprintHasher()
        for file in files {
            hasher.combine(file.path)
            hasher.combine(bytes: Array(file.bytes))
        }
        let name = "theme-" + String(hasher.finalize().description.prefix(16))
        var bases: [String] = []
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") { bases.append(cache + "/dossier") }
        if let home = environment["HOME"], home.hasPrefix("/") { bases.append(home + "/.cache/dossier") }
        bases.append(NSTemporaryDirectory() + "dossier-\(getuid())")
        var problem = "no folder to write it in"
        for base in bases {
            let folder = base + "/" + name
            // Only a folder of this user's that no one else may write is trusted (the temporary
            // folder is shared): another user could otherwise put a theme there first.
            if FileManager.default.fileExists(atPath: folder + "/base.mustache") {
                if Self.isPrivate(base) && Self.isPrivate(folder) { return folder }
                continue
            }
            do {
                try write(files, to: folder, base: base)
                return folder
            } catch {
                problem = "\(error)"
            }
        }
        throw EnvironmentError("the default theme could not be written to a cache folder: \(problem)")
    }

    /// Owned by this user, and writable by no one else.
    private static func isPrivate(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_uid == getuid() && info.st_mode & 0o022 == 0
            && info.st_mode & S_IFMT == S_IFDIR
    }

    /// Written beside, then renamed into place: another process may be doing the same.
    private static func write(_ files: [(path: String, bytes: Data)], to folder: String, base: String) throws {
        let manager = FileManager.default
        try manager.createDirectory(
            atPath: base, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        guard isPrivate(base) else { throw EnvironmentError("\(base) is not this user's alone") }
        let temporary = folder + ".\(getpid()).\(UInt64.random(in: 0...UInt64.max)).tmp"
        try? manager.removeItem(atPath: temporary)
        defer { try? manager.removeItem(atPath: temporary) }
        try manager.createDirectory(atPath: temporary, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o755])
        for file in files {
            let target = temporary + "/" + file.path
            try manager.createDirectory(
                atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try file.bytes.write(to: URL(fileURLWithPath: target))
        }
        if rename(temporary, folder) != 0 && !manager.fileExists(atPath: folder + "/base.mustache") {
            throw EnvironmentError("cannot write \(folder): \(String(cString: strerror(errno)))")
        }
    }
}
