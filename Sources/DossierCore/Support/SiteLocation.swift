import Foundation

/// A site folder as the user named it: paths inside it are shown joined with
/// that name, so that messages point at files from the current folder.
public struct SiteLocation: Sendable {
    /// The folder as given on the command line, `.` by default.
    public let display: String
    /// The folder, absolute and with symlinks resolved.
    public let root: String

    public init(_ path: String) throws {
        display = path
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory), isDirectory.boolValue,
            let resolved = realpath(absolute, nil)
        else {
            throw UsageError("no site at '\(path)': it is not a folder")
        }
        root = String(cString: resolved)
        free(resolved)
    }

    /// `Content/articles/x.md` as the user reaches it from the current folder.
    public func displayPath(_ relative: String) -> String {
        var base = display
        while base.count > 1 && base.hasSuffix("/") { base.removeLast() }
        if base == "." || base.isEmpty { return relative }
        return base + "/" + relative
    }

    public func absolute(_ relative: String) -> String { root + "/" + relative }
}

/// Lists the files of a folder in a stable order, following symlinks only
/// where they stay inside the site.
package struct FileWalker {
    package let site: SiteLocation

    package func walk(_ folder: String, diagnostics: inout Diagnostics) -> [String] {
        var files: [String] = []
        var visited: Set<String> = []
        walk(folder, into: &files, visited: &visited, diagnostics: &diagnostics)
        return files
    }

    private func walk(
        _ folder: String, into files: inout [String], visited: inout Set<String>, diagnostics: inout Diagnostics
    ) {
        guard let real = resolve(site.absolute(folder)), visited.insert(real).inserted,
            let entries = Self.entries(site.absolute(folder))
        else { return }
        for (name, kind) in entries.sorted(by: { $0.name < $1.name }) where !name.hasPrefix(".") {
            let relative = folder + "/" + name
            var type = kind
            if type == .symlink {
                let absolute = site.absolute(relative)
                guard let target = resolve(absolute), target == site.root || target.hasPrefix(site.root + "/") else {
                    diagnostics.error(
                        "symlink leads outside the site; it is not published",
                        at: SourceLocation(path: site.displayPath(relative)))
                    continue
                }
                type = Self.type(target, follow: true) ?? .other
                if type == .regular { type = .symlink }
            }
            if type == .directory {
                walk(relative, into: &files, visited: &visited, diagnostics: &diagnostics)
            } else if type == .regular || type == .symlink {
                files.append(relative)
            }
        }
    }

    package enum EntryType { case regular, directory, symlink, other }

    /// A folder's entries and their types, from the folder listing itself where the
    /// file system gives them (no call per file), else from `lstat`.
    package static func entries(_ path: String) -> [(name: String, kind: EntryType)]? {
        guard let directory = opendir(path) else { return nil }
        defer { closedir(directory) }
        var result: [(name: String, kind: EntryType)] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            let kind: EntryType
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_REG): kind = .regular
            case Int32(DT_DIR): kind = .directory
            case Int32(DT_LNK): kind = .symlink
            case Int32(DT_UNKNOWN): kind = type(path + "/" + name, follow: false) ?? .other
            default: kind = .other
            }
            result.append((name, kind))
        }
        return result
    }

    package static func type(_ path: String, follow: Bool) -> EntryType? {
        var info = stat()
        guard (follow ? stat(path, &info) : lstat(path, &info)) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFDIR: return .directory
        case S_IFLNK: return .symlink
        default: return .other
        }
    }

    private func resolve(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    package init(site: SiteLocation) {
        self.site = site
    }
}
