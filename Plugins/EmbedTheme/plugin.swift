import Foundation
import PackagePlugin

/// Puts the default theme (every file of `Templates/`) and the commit the tool is
/// built from into the code, so that a `dossier` copied anywhere needs no file beside it.
@main
struct EmbedTheme: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let tool = try context.tool(named: "dossier-embed")
        let root = context.package.directoryURL
        let templates = root.appending(path: "Templates")
        // Every file and every folder of the theme: a folder changes when a file is added to it,
        // which SwiftPM, planning the build only when the package's own folders change, would not see.
        var inputs: [URL] = [templates]
        if let walker = FileManager.default.enumerator(at: templates, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let url as URL in walker { inputs.append(url) }
        }
        // The commit: HEAD, the branch it names, the packed refs, and HEAD's log (written on every
        // commit and checkout), where they are.
        let git = root.appending(path: ".git")
        for name in ["HEAD", "packed-refs", "logs/HEAD"] { inputs.append(git.appending(path: name)) }
        if let head = try? String(contentsOf: git.appending(path: "HEAD"), encoding: .utf8),
            head.hasPrefix("ref: ")
        {
            inputs.append(git.appending(path: head.dropFirst(5).trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        inputs = inputs.filter { FileManager.default.fileExists(atPath: $0.path) }.sorted { $0.path < $1.path }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedTheme.swift")
        return [
            .buildCommand(
                displayName: "Embedding the default theme", executable: tool.url,
                arguments: [root.path, output.path], inputFiles: inputs, outputFiles: [output])
        ]
    }
}
