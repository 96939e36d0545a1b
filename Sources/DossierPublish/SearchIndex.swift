import DossierCore
import DossierStore
import Foundation

/// Full-text search with Pagefind (`pagefind-bin-extended` from PyPI): run
/// over the built site, it writes the index the theme's search page loads.
///
/// Chinese is indexed one character at a time. Pagefind segments Chinese into
/// words with one dictionary when indexing and another in the browser when
/// searching, and where the two disagree a page is not found (its issue #1237;
/// measured here: 1.5.2 finds 0.96 of the sample's pages for its entity names,
/// 1.4.0 0.994, and a word like 一体化 in 3 % of the pages that contain it). So
/// the pages Pagefind reads are copies with U+200B around every CJK character,
/// the search page splits queries the same way and keeps the results whose
/// text holds the query exactly: recall 1.00 on every term list measured, with
/// either version (docs/search.md). The copies live in the build cache, kept from one
/// run to the next (only pages written since are copied again); the index is made
/// beside the site and put in place whole, so a reader never meets half an index.
public enum SearchIndex {
    /// The version Dossier pins: with character indexing both score the same,
    /// and 1.5.2 builds faster and writes a smaller index.
    public static let pinnedVersion = "1.5.2"

    public struct Report: Sendable {
        public var pages: Int
        public var seconds: Double
        public var binary: String
        /// Of `seconds`, the time Pagefind itself took.
        public var pagefindSeconds: Double = 0
        /// How many parts the index is in, and how many of them were made in this run.
        public var indexes = 1
        public var indexesMade = 1

        public init(
            pages: Int, seconds: Double, binary: String, pagefindSeconds: Double = 0, indexes: Int = 1,
            indexesMade: Int = 1
        ) {
            self.pages = pages
            self.seconds = seconds
            self.binary = binary
            self.pagefindSeconds = pagefindSeconds
            self.indexes = indexes
            self.indexesMade = indexesMade
        }
    }

    /// The folder in the site that holds the index.
    public static let folder = "pagefind"

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

    /// The binary of the `pagefind_bin_extended` Python package installed for `python3`.
    package static func pythonPackageBinary() -> String? {
        let script =
            "import os, pagefind_bin_extended as p; print(os.path.join(os.path.dirname(p.__file__), 'pagefind_extended'))"
        guard let output = try? runProcess("/usr/bin/env", ["python3", "-c", script]), output.status == 0 else {
            return nil
        }
        let path = output.output.trimmingCharacters(in: .whitespacesAndNewlines)
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    /// Where the pages Pagefind reads are kept for the output folder `output`: in the site's
    /// build cache, one folder per output folder (a `check`'s temporary folder has its own).
    public static func pagesFolder(site: SiteLocation, output: String) -> String {
        var hasher = FingerprintHasher()
        hasher.combine(OutputFolder.resolve(output))
        return site.absolute(BuildStore.folderName) + "/search/" + String(hasher.finalize().description.prefix(16))
    }

    /// Indexes the site in `output` (an absolute path) and puts the index at `output/pagefind/`.
    /// Pagefind reads segmented copies of the pages, kept in `pages` (`pagesFolder`) from one
    /// run to the next: only the pages written since the last run are copied again.
    ///
    /// A site of more than `tools.pagesPerIndex` pages is indexed in parts, each page in the
    /// part its path's hash gives it: Pagefind holds a whole index in memory while it makes
    /// it. The first part is the index at `pagefind/`, the others `pagefind/parts/2/`, …,
    /// listed in `pagefind/dossier-parts.json`, which the search page merges into the first
    /// (Pagefind's `mergeIndex`). A part whose pages are those it was made from is not made
    /// again: after one article is added, one part is.
    public static func run(site output: String, pages: String, tools: Tools) throws -> Report {
        guard let binary = tools.pagefind else {
            throw EnvironmentError("Pagefind is not installed", remedy: .installSearch)
        }
        let started = Date()
        let staging = output + "/.pagefind-new"
        let target = output + "/" + folder
        let manager = FileManager.default
        try? manager.removeItem(atPath: staging)
        let segment = tools.segmentation == .characters
        let indexed = try updateCopies(of: output, in: pages, segment: segment)
        // A site with nothing to search (no articles, no entities) has no index:
        // Pagefind would refuse to make an empty one, and an old one would find pages that are gone.
        if indexed.isEmpty {
            try? manager.removeItem(atPath: target)
            return Report(pages: 0, seconds: Date().timeIntervalSince(started), binary: binary, indexesMade: 0)
        }
        let parts = partition(indexed, pagesPerIndex: tools.pagesPerIndex)
        // For each part: what it was made from, and the entry file it was made with (so that an index
        // another program or version wrote in its place is not taken for it).
        let recordPath = pages + "/parts"
        let recorded = ((try? String(contentsOfFile: recordPath, encoding: .utf8)) ?? "").split(separator: "\n")
            .map { $0.split(separator: "\t").map(String.init) }
        var binaryStamp = stat()
        let binaryIdentity =
            stat(binary, &binaryStamp) == 0 ? "\(FileStamp(binaryStamp).size) \(FileStamp(binaryStamp).modified)" : ""
        var made: [String] = []
        var pagefindSeconds = 0.0
        var indexesMade = 0
        for (number, part) in parts.enumerated() {
            var hasher = FingerprintHasher()
            hasher.combine("\(binary) \(binaryIdentity) \(segment) \(parts.count)")
            for page in part {
                hasher.combine(page.file)
                hasher.combine(page.identity)
            }
            let key = hasher.finalize().description
            made.append(key)
            let subfolder = number == 0 ? "" : "parts/\(number + 1)/"
            let into = staging + "/" + subfolder
            if number < recorded.count, recorded[number].first == key, recorded[number].count == 2,
                entryKey(target + "/" + subfolder) == recorded[number][1]
            {
                // Made from these very pages: its files are taken as they are.
                try linkFiles(
                    listFiles(target + "/" + subfolder).filter { number > 0 || !isPartsFile($0) },
                    from: target + "/" + subfolder, to: into)
                continue
            }
            let site: String
            if parts.count == 1 {
                site = pages + "/pages"
            } else {
                site = pages + "/part"
                try? manager.removeItem(atPath: site)
                try linkFiles(part.map(\.file), from: pages + "/pages/", to: site + "/")
            }
            let pagefindStarted = Date()
            let result = try runProcess(binary, ["--site", site, "--output-path", into, "--silent"])
            pagefindSeconds += Date().timeIntervalSince(pagefindStarted)
            indexesMade += 1
            guard result.status == 0 else {
                try? manager.removeItem(atPath: staging)
                throw EnvironmentError("Pagefind failed (\(binary)): \(failure(result.output))")
            }
        }
        try? manager.removeItem(atPath: pages + "/part")
        let list = (1..<parts.count).map { "\"parts/\($0 + 1)/\"" }.joined(separator: ",")
        try writeBytes(Array("{\"parts\":[\(list)]}\n".utf8), to: staging + "/" + partsFile)
        try place(staging, at: target)
        try? manager.removeItem(atPath: staging)
        let record = made.enumerated().map { number, key in
            key + "\t" + (entryKey(target + "/" + (number == 0 ? "" : "parts/\(number + 1)/")) ?? "")
        }
        try writeReplacing(Data(record.joined(separator: "\n").utf8), at: recordPath)
        return Report(
            pages: indexed.count, seconds: Date().timeIntervalSince(started), binary: binary,
            pagefindSeconds: pagefindSeconds, indexes: parts.count, indexesMade: indexesMade)
    }

    /// What the search page reads to find the parts of the index.
    package static let partsFile = "dossier-parts.json"

    private static func isPartsFile(_ file: String) -> Bool { file == partsFile || file.hasPrefix("parts/") }

    /// The fingerprint of an index's entry file (which names all its other files), or nil without one.
    private static func entryKey(_ index: String) -> String? {
        FileBytes.read(index + "pagefind-entry.json").map { FingerprintHasher.fingerprint(bytes: $0.bytes).description }
    }

    /// Whether the index in `output` is all there: the first part's entry file, and that of
    /// every other part its parts file lists.
    public static func isComplete(in output: String) -> Bool {
        let index = output + "/" + folder + "/"
        guard FileManager.default.fileExists(atPath: index + "pagefind-entry.json") else { return false }
        guard let data = FileManager.default.contents(atPath: index + partsFile) else { return true }
        guard let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let parts = json["parts"] as? [String]
        else { return false }
        return parts.allSatisfy { FileManager.default.fileExists(atPath: index + $0 + "pagefind-entry.json") }
    }

    /// The pages in parts of at most about `pagesPerIndex`, each page in the part its path's
    /// hash gives it, so that a page stays in its part as others come and go.
    package static func partition(_ pages: [(file: String, identity: String)], pagesPerIndex: Int)
        -> [[(file: String, identity: String)]]
    {
        guard pages.count > pagesPerIndex else { return [pages] }
        let count = (pages.count - 1) / pagesPerIndex + 1
        var parts = Array(repeating: [(file: String, identity: String)](), count: count)
        for page in pages {
            let word = FingerprintHasher.fingerprint(page.file).words.0
            parts[Int(word % UInt64(count))].append(page)
        }
        return parts.filter { !$0.isEmpty }
    }

    /// Hard links to `files` (paths under `from`) at the same paths under `to`.
    private static func linkFiles(_ files: [String], from: String, to: String) throws {
        let manager = FileManager.default
        var made: Set<String> = []
        for file in files {
            let folder = (to + file as NSString).deletingLastPathComponent
            if made.insert(folder).inserted {
                try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            // A file system without hard links gets a copy.
            guard
                link(from + file, to + file) == 0
                    || (try? manager.copyItem(atPath: from + file, toPath: to + file)) != nil
            else {
                throw EnvironmentError("cannot link \(from + file) to \(to + file) for the search index")
            }
        }
    }

    /// The end of Pagefind's output, each line once: it writes its errors to
    /// both of its streams, which reach Dossier through one pipe.
    package static func failure(_ output: String) -> String {
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
    package static func place(_ staging: String, at target: String) throws {
        let manager = FileManager.default
        let new = listFiles(staging)
        let old = Set(listFiles(target))
        let entry = "pagefind-entry.json"
        // Each index's entry file after its other files; then the list of parts, which names them;
        // the first index's entry (which the page loads first) last.
        func rank(_ file: String) -> Int {
            file == entry ? 3 : file == partsFile ? 2 : (file as NSString).lastPathComponent == entry ? 1 : 0
        }
        for file in new.sorted(by: { (rank($0), $0) < (rank($1), $1) }) {
            let from = staging + "/" + file
            let to = target + "/" + file
            if old.contains(file), Self.isContentAddressed(file) || manager.contentsEqual(atPath: from, andPath: to) {
                continue
            }
            try manager.createDirectory(
                atPath: (to as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            guard rename(from, to) == 0 else { throw EnvironmentError("cannot move the search index into \(to)") }
        }
        for file in old.subtracting(new) { try? manager.removeItem(atPath: target + "/" + file) }
    }

    /// Pagefind names its fragments, indexes, filters and metadata by a hash of their
    /// content (`fragment/zh-cn_3f9a….pf_fragment`): a file of that name already in place
    /// holds the same bytes, and is not read to be compared.
    package static func isContentAddressed(_ file: String) -> Bool {
        let name = (file as NSString).lastPathComponent
        return name.contains("_")
            && [".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter"].contains { name.hasSuffix($0) }
    }
}

package struct ProcessOutput {
    package var status: Int32
    /// Standard output and standard error, together.
    package var output: String

    package init(status: Int32, output: String) {
        self.status = status
        self.output = output
    }
}

/// Runs a program to completion, reading its output (both streams, through one pipe).
package func runProcess(_ executable: String, _ arguments: [String]) throws -> ProcessOutput {
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
