import Foundation
@testable import DossierKit

/// Paths and helpers shared by the tests: the repository, the built `dossier`
/// binary, temporary folders, and a way to run commands.
enum TestSupport {
    /// The repository's root (this file is Tests/DossierKitTests/Support/TestSupport.swift).
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let fixtures = repository.appendingPathComponent("Tests/Fixtures")

    static func fixture(_ name: String) -> URL { fixtures.appendingPathComponent(name) }

    /// The `dossier` executable that `swift build` put beside the test bundle.
    static let dossier: URL = {
        var candidates: [URL] = []
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("dossier"))
        }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("dossier"))
        candidates.append(repository.appendingPathComponent(".build/debug/dossier"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs a program to completion, reading both its outputs.
    @discardableResult
    static func run(
        _ executable: URL, _ arguments: [String], in workingFolder: URL? = nil, input: String? = nil,
        environment: [String: String] = [:]
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        if let workingFolder { process.currentDirectoryURL = workingFolder }
        // Outputs go to files, so that neither can fill a pipe and stall the child.
        let folder = try temporaryFolder("dossier-run")
        defer { remove(folder) }
        let outURL = folder.appendingPathComponent("stdout")
        let errURL = folder.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        let inputPipe = Pipe()
        process.standardInput = inputPipe
        try process.run()
        if let input { inputPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try inputPipe.fileHandleForWriting.close()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    @discardableResult
    static func dossier(_ arguments: [String], in folder: URL? = nil) throws -> Result {
        try run(dossier, arguments, in: folder)
    }

    /// The default theme's words in `language`, as a build gives them to the pages.
    static func themeWords(_ language: String) throws -> [String: String] {
        var diagnostics = Diagnostics()
        let site = try SiteLocation(repository.path)
        let files = try ThemeFiles(
            site: site, defaultDirectory: repository.appendingPathComponent("Templates").path, diagnostics: &diagnostics)
        let theme = Theme(files, templates: "Templates", diagnostics: &diagnostics)
        return theme.words.words(for: language, location: SourceLocation(path: "site.yml"), diagnostics: &diagnostics)
    }

    /// A new empty folder, removed by the caller with `remove`.
    static func temporaryFolder(_ name: String = "dossier-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func remove(_ url: URL) { try? FileManager.default.removeItem(at: url) }

    /// Copies a fixture or the sample site into a temporary folder, so tests never write into the repository.
    static func copySite(_ source: URL) throws -> URL {
        let folder = try temporaryFolder("dossier-site")
        for item in ["Content", "Templates"] {
            let from = source.appendingPathComponent(item)
            if FileManager.default.fileExists(atPath: from.path) && !(item == "Templates" && source == repository) {
                try FileManager.default.copyItem(at: from, to: folder.appendingPathComponent(item))
            }
        }
        return folder
    }

    /// Every regular file below a folder, relative to it, sorted.
    static func files(in folder: URL) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: folder.path)
        var result: [String] = []
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                result.append(path)
            }
        }
        return result.sorted()
    }

    static func read(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    static func write(_ text: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }
}
