import Foundation

/// Writes a file the user asked for (a scaffold, an imported article, a draft),
/// creating its folder; a failure is the environment's, named by `display`.
func writeUserFile(_ text: String, to path: String, display: String? = nil) throws {
    do {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
        throw EnvironmentError("cannot write \(display ?? path): \(error.localizedDescription)")
    }
}

/// Regular files below `root`, relative to it and sorted; hidden files and
/// folders (the manifest, the build cache, editors' files) are left out.
func listFiles(_ root: String) -> [String] {
    let names = (try? FileManager.default.subpathsOfDirectory(atPath: root)) ?? []
    return names.filter { name in
        var isDirectory: ObjCBool = false
        return !name.split(separator: "/").contains { $0.hasPrefix(".") }
            && FileManager.default.fileExists(atPath: root + "/" + name, isDirectory: &isDirectory) && !isDirectory.boolValue
    }.sorted()
}
