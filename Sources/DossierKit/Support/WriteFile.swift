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
