import Foundation

/// Full-text search with Pagefind (`pagefind-bin-extended` from PyPI): run
/// over the built site, it writes the index the theme's search page loads.
///
/// Chinese is indexed one character at a time. Pagefind segments Chinese into
/// words with one dictionary when indexing and another in the browser when
/// searching, and where the two disagree a page is not found (its issue #1237;
/// measured here: 1.5.2 finds 0.96 of the sample's pages for its entity names,
/// 1.4.0 0.994, and a word like 一体化 in 3 % of the pages that contain it). So
/// the pages Pagefind reads have U+200B around every CJK character,
/// the search page splits queries the same way and keeps the results whose
/// text holds the query exactly: recall 1.00 on every term list measured, with
/// either version (docs/search.md). The pages reach Pagefind's indexing service
/// (`PagefindService`) as they are read; the index is made beside the site and put
/// in place whole, so a reader never meets half an index.
public enum SearchIndex {
    /// The version Dossier pins: with character indexing both score the same,
    /// and 1.5.2 builds faster and writes a smaller index.
    public static let pinnedVersion = "1.5.2"

    public static let howToInstall =
        "Pagefind is not installed: `make search-deps` installs it (pip install pagefind-bin-extended==\(pinnedVersion) "
        + "into .dossier-tool/venv), or set DOSSIER_PAGEFIND to its binary; --no-search builds without search"

    public struct Report: Sendable {
        public var pages: Int
        public var seconds: Double
        public var binary: String
    }

    /// The folder in the site that holds the index.
    public static let folder = "pagefind"

    /// Finds the Pagefind binary: $DOSSIER_PAGEFIND; `pagefind_extended` or
    /// `pagefind` on the PATH; the project's own `.dossier-tool/venv` above the
    /// dossier executable or the current folder; or the Python package installed for `python3`.
    public static func locate() -> String? {
        let environment = ProcessInfo.processInfo.environment
        let manager = FileManager.default
        if let path = environment["DOSSIER_PAGEFIND"], !path.isEmpty {
            return manager.isExecutableFile(atPath: path) ? path : nil
        }
        for directory in (environment["PATH"] ?? "").split(separator: ":") {
            for name in ["pagefind_extended", "pagefind"] where manager.isExecutableFile(atPath: "\(directory)/\(name)")
            {
                return "\(directory)/\(name)"
            }
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().path
        for start in [executable, manager.currentDirectoryPath] {
            var folder = start
            while !folder.isEmpty && folder != "/" {
                if let binary = binary(inVenv: folder + "/.dossier-tool/venv") { return binary }
                folder = (folder as NSString).deletingLastPathComponent
            }
        }
        return pythonPackageBinary()
    }

    /// The Pagefind binary a virtual environment's `pagefind-bin-extended` installed.
    public static func binary(inVenv venv: String) -> String? {
        let lib = venv + "/lib"
        guard let pythons = try? FileManager.default.contentsOfDirectory(atPath: lib) else { return nil }
        for python in pythons.sorted() where python.hasPrefix("python") {
            let path = "\(lib)/\(python)/site-packages/pagefind_bin_extended/pagefind_extended"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    private static func pythonPackageBinary() -> String? {
        let script =
            "import os, pagefind_bin_extended as p; print(os.path.join(os.path.dirname(p.__file__), 'pagefind_extended'))"
        guard let output = try? runProcess("/usr/bin/env", ["python3", "-c", script]), output.status == 0 else {
            return nil
        }
        let path = output.output.trimmingCharacters(in: .whitespacesAndNewlines)
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    /// How many pages are read, segmented and handed to Pagefind at once.
    static let batchSize = 500

    /// Indexes the site in `output` (an absolute path) and puts the index at `output/pagefind/`.
    /// The pages go to Pagefind's indexing service as they are read, a batch at a time,
    /// segmented in memory: no copy of the site is written.
    public static func run(site output: String) throws -> Report {
        guard let binary = locate() else { throw EnvironmentError(howToInstall) }
        let started = Date()
        let staging = output + "/.pagefind-new"
        let manager = FileManager.default
        try? manager.removeItem(atPath: staging)
        // DOSSIER_SEARCH_SEGMENT=words leaves Chinese to Pagefind's own word
        // segmentation: for the benchmark's recall comparison only.
        let segment = ProcessInfo.processInfo.environment["DOSSIER_SEARCH_SEGMENT"] != "words"
        let files = listFiles(output).filter { $0.hasSuffix(".html") && !$0.hasPrefix(folder + "/") }
        var pages = 0
        var service: PagefindService?
        defer { service?.stop() }
        var index = 0
        do {
            for start in stride(from: 0, to: files.count, by: batchSize) {
                let batch = try indexedPages(
                    Array(files[start..<min(start + batchSize, files.count)]), in: output, segment: segment)
                if batch.isEmpty { continue }
                if service == nil {
                    service = try PagefindService(binary: binary)
                    index = try service!.newIndex()
                }
                try service!.add(batch, to: index)
                pages += batch.count
            }
            // A site with nothing to search (no articles, no entities) has no index:
            // Pagefind would refuse to make an empty one, and an old one would find pages that are gone.
            guard let service else {
                try? manager.removeItem(atPath: output + "/" + folder)
                return Report(pages: 0, seconds: Date().timeIntervalSince(started), binary: binary)
            }
            try service.writeFiles(index, to: staging)
        } catch let failure as PagefindService.Failure {
            try? manager.removeItem(atPath: staging)
            throw EnvironmentError("\(failure)")
        }
        try place(staging, at: output + "/" + folder)
        try? manager.removeItem(atPath: staging)
        return Report(pages: pages, seconds: Date().timeIntervalSince(started), binary: binary)
    }

    /// The pages among `files` (relative to `site`) that ask to be indexed (`data-pagefind-body`),
    /// read on all cores, with U+200B around every CJK character of their text when `segment`.
    static func indexedPages(_ files: [String], in site: String, segment: Bool) throws -> [PagefindService.Page] {
        let marker = Array("data-pagefind-body".utf8)
        let read = files.parallelMap { file -> Result<PagefindService.Page?, EnvironmentError> in
            guard let data = FileManager.default.contents(atPath: site + "/" + file) else {
                return .failure(EnvironmentError("cannot read \(site)/\(file) to index it for search"))
            }
            let bytes = [UInt8](data)
            guard bytes.firstRange(of: marker) != nil else { return .success(nil) }
            return .success(PagefindService.Page(url: url(of: file), html: segment ? segmented(bytes) : bytes))
        }
        return try read.compactMap { try $0.get() }
    }

    /// The URL Pagefind gives a page's file: `/articles/x/` for `articles/x/index.html`.
    static func url(of file: String) -> String {
        "/" + (file.hasSuffix("index.html") ? String(file.dropLast("index.html".count)) : file)
    }

    /// The end of Pagefind's output, each line once: it writes its errors to
    /// both of its streams, which reach Dossier through one pipe.
    static func failure(_ output: String) -> String {
        var seen: Set<Substring> = []
        let lines = output.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces)[...] }
            .filter { !$0.isEmpty && seen.insert($0).inserted }
        return lines.suffix(5).joined(separator: "\n")
    }

    /// Moves the new index into place file by file: a file whose bytes are
    /// unchanged is left alone (its modification time too), new files come
    /// first, then the entry file that names them, and only then are the files
    /// no longer named removed, so that a reader loading the index meanwhile
    /// finds either the old one or the new one.
    static func place(_ staging: String, at target: String) throws {
        let manager = FileManager.default
        let new = listFiles(staging)
        let old = Set(listFiles(target))
        let entry = "pagefind-entry.json"
        for file in new.filter({ $0 != entry }) + (new.contains(entry) ? [entry] : []) {
            let from = staging + "/" + file
            let to = target + "/" + file
            if old.contains(file), manager.contentsEqual(atPath: from, andPath: to) { continue }
            try manager.createDirectory(
                atPath: (to as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            guard rename(from, to) == 0 else { throw EnvironmentError("cannot move the search index into \(to)") }
        }
        for file in old.subtracting(new) { try? manager.removeItem(atPath: target + "/" + file) }
    }

    /// The HTML with U+200B before and after each CJK character outside tags,
    /// comments, scripts and styles.
    static func segmented(_ html: [UInt8]) -> [UInt8] {
        let space: [UInt8] = [0xE2, 0x80, 0x8B]
        var result: [UInt8] = []
        result.reserveCapacity(html.count * 2)
        var index = 0
        var rawText: [UInt8]?  // the closing tag that ends a script or style
        while index < html.count {
            let byte = html[index]
            if byte == UInt8(ascii: "<") {
                let rest = html[index...]
                if let closing = rawText {
                    if rest.starts(with: closing) { rawText = nil }
                } else if rest.starts(with: Array("<!--".utf8)) {
                    let end = rest.firstRange(of: Array("-->".utf8))?.upperBound ?? html.count
                    result += html[index..<end]
                    index = end
                    continue
                }
                let end = (rest.firstIndex(of: UInt8(ascii: ">")) ?? html.count - 1) + 1
                let tag = String(decoding: html[index..<min(end, index + 8)], as: UTF8.self).lowercased()
                if rawText == nil {
                    if tag.hasPrefix("<script") { rawText = Array("</script".utf8) }
                    if tag.hasPrefix("<style") { rawText = Array("</style".utf8) }
                }
                result += html[index..<end]
                index = end
                continue
            }
            // A CJK Unified Ideograph (U+3400–U+9FFF, U+F900–U+FAFF) is three bytes, E3–E9 or EF A4–AB.
            if rawText == nil, index + 2 < html.count,
                (0xE3...0xE9).contains(byte) || (byte == 0xEF && (0xA4...0xAB).contains(html[index + 1]))
            {
                let scalar =
                    (UInt32(byte & 0x0F) << 12) | (UInt32(html[index + 1] & 0x3F) << 6) | UInt32(html[index + 2] & 0x3F)
                if (0x3400...0x9FFF).contains(scalar) || (0xF900...0xFAFF).contains(scalar) {
                    result += space
                    result += html[index..<index + 3]
                    result += space
                    index += 3
                    continue
                }
            }
            result.append(byte)
            index += 1
        }
        return result
    }
}

struct ProcessOutput {
    var status: Int32
    /// Standard output and standard error, together.
    var output: String
}

/// Runs a program to completion, reading its output (both streams, through one pipe).
func runProcess(_ executable: String, _ arguments: [String]) throws -> ProcessOutput {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProcessOutput(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
}
