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
struct FileWalker {
    let site: SiteLocation

    func walk(_ folder: String, diagnostics: inout Diagnostics) -> [String] {
        var files: [String] = []
        var visited: Set<String> = []
        walk(folder, into: &files, visited: &visited, diagnostics: &diagnostics)
        return files
    }

    private func walk(_ folder: String, into files: inout [String], visited: inout Set<String>, diagnostics: inout Diagnostics) {
        let manager = FileManager.default
        guard let real = resolve(site.absolute(folder)), visited.insert(real).inserted,
            let names = try? manager.contentsOfDirectory(atPath: site.absolute(folder))
        else { return }
        for name in names.sorted() where !name.hasPrefix(".") {
            let relative = folder + "/" + name
            let absolute = site.absolute(relative)
            guard let attributes = try? manager.attributesOfItem(atPath: absolute) else { continue }
            var type = attributes[.type] as? FileAttributeType
            if type == .typeSymbolicLink {
                guard let target = resolve(absolute), target == site.root || target.hasPrefix(site.root + "/") else {
                    diagnostics.error(
                        "symlink leads outside the site; it is not published", at: SourceLocation(path: site.displayPath(relative)))
                    continue
                }
                type = (try? manager.attributesOfItem(atPath: target))?[.type] as? FileAttributeType
            }
            if type == .typeDirectory {
                walk(relative, into: &files, visited: &visited, diagnostics: &diagnostics)
            } else if type == .typeRegular || type == .typeSymbolicLink {
                files.append(relative)
            }
        }
    }

    private func resolve(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
