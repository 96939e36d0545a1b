import Foundation
import Testing

/// The content errors of SPEC ("Command line": `path:line:column: error: message`,
/// every error reported, sorted; "The output folder": a build with errors writes
/// nothing), one small site per class of error in Tests/Fixtures/errors/ (see its
/// README.md for the format of `expected.txt`).
@Suite struct ErrorFixtureTests {
    static let folder = TestSupport.fixture("errors")
    static let valid = folder.appendingPathComponent("valid")

    /// Every fixture but `valid/`; `everyFixtureIsListed` keeps this in step with the folders.
    static let names = [
        "bad-date", "bad-id", "duplicate-id", "duplicate-slug", "many-errors", "missing-title", "not-utf8",
        "page-links", "parent-cycle", "redirect-collision", "reserved-names", "static-collision", "symlink-outside", "unknown-entity", "unknown-kind",
        "wrong-type",
        "wrong-type-site",
        "yaml-syntax",
    ]

    @Test func everyFixtureIsListed() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
            .filter { $0 != "valid" && !$0.hasPrefix(".") && !$0.hasSuffix(".md") }
        #expect(folders.sorted() == Self.names)
    }

    /// The base that the fixtures vary builds cleanly, without even a warning.
    @Test func validSiteBuilds() throws {
        let site = try TestSupport.copySite(Self.valid)
        defer { TestSupport.remove(site) }
        let result = try TestSupport.dossier(["build"], in: site)
        #expect(result.status == 0, "build failed: \(result.stderr)")
        // Every field of valid/ is documented in SPEC, so nothing deserves a warning
        // (an observation's `note` once drew "unknown field 'note'").
        #expect(ReportedDiagnostics.parse(result.stderr).isEmpty, "unexpected diagnostics:\n\(result.stderr)")
    }

    @Test(arguments: names) func fixtureReportsItsErrors(_ name: String) throws {
        let fixture = Self.folder.appendingPathComponent(name)
        let expected = try ExpectedDiagnostic.read(fixture.appendingPathComponent("expected.txt"))
        #expect(!expected.isEmpty, "\(name)/expected.txt lists no error")

        // A site that built once, so that Public/ is Dossier's (it has a manifest)
        // and holds both files Dossier wrote and one a user put there.
        let site = try TestSupport.copySite(Self.valid)
        defer { TestSupport.remove(site) }
        let first = try TestSupport.dossier(["build"], in: site)
        try #require(first.status == 0, "valid/ failed to build: \(first.stderr)")
        let publicFolder = site.appendingPathComponent("Public")
        try TestSupport.write("a file the user put here\n", to: publicFolder.appendingPathComponent("notes.txt"))
        #expect(FileManager.default.fileExists(atPath: publicFolder.appendingPathComponent(".dossier-manifest").path))
        let before = try FolderSnapshot(publicFolder)

        // Then the fixture's content replaces the valid one.
        let content = site.appendingPathComponent("Content")
        try FileManager.default.removeItem(at: content)
        try FileManager.default.copyItem(at: fixture.appendingPathComponent("Content"), to: content)
        try Self.prepare(name, fixture: fixture, site: site)

        let result = try TestSupport.dossier(["build"], in: site)
        #expect(result.status == 1, "exit status \(result.status); stderr:\n\(result.stderr)")
        Self.check(result.stderr, against: expected, fixture: name)

        let after = try FolderSnapshot(publicFolder)
        #expect(after.files == before.files, "a build with errors changed the list of files in Public/")
        for file in before.files where after.contents[file] != before.contents[file] {
            Issue.record("a build with errors rewrote Public/\(file)")
        }
        for file in before.files where after.modified[file] != before.modified[file] {
            Issue.record("a build with errors touched Public/\(file)")
        }
    }

    /// Paths are the `--site` folder joined with the path in the site.
    @Test func pathsStartWithTheSiteFolder() throws {
        let parent = try TestSupport.temporaryFolder("dossier-parent")
        defer { TestSupport.remove(parent) }
        let fixture = Self.folder.appendingPathComponent("unknown-entity")
        try FileManager.default.copyItem(
            at: fixture.appendingPathComponent("Content"), to: parent.appendingPathComponent("site/Content"))
        let expected = try ExpectedDiagnostic.read(fixture.appendingPathComponent("expected.txt")).map {
            var moved = $0
            moved.path = "site/" + $0.path
            return moved
        }
        let result = try TestSupport.dossier(["build", "--site", "site"], in: parent)
        #expect(result.status == 1)
        Self.check(result.stderr, against: expected, fixture: "unknown-entity with --site site")
        #expect(!FileManager.default.fileExists(atPath: parent.appendingPathComponent("site/Public").path))
    }

    /// Makes what cannot well be committed: invalid UTF-8, symlinks out of the site.
    static func prepare(_ name: String, fixture: URL, site: URL) throws {
        let manager = FileManager.default
        switch name {
        case "not-utf8":
            let template = try Data(contentsOf: fixture.appendingPathComponent("generated/garbled.md"))
            var bytes = [UInt8](template)
            let marker = [UInt8]("<0xFF>".utf8)
            guard
                let at = (0...(bytes.count - marker.count)).first(where: {
                    Array(bytes[$0..<$0 + marker.count]) == marker
                })
            else { throw CocoaError(.fileReadCorruptFile) }
            bytes.replaceSubrange(at..<at + marker.count, with: [0xFF])
            try Data(bytes).write(to: site.appendingPathComponent("Content/articles/2022/garbled.md"))
        case "symlink-outside":
            let content = site.appendingPathComponent("Content")
            try manager.createSymbolicLink(
                atPath: content.appendingPathComponent("static/hostname").path, withDestinationPath: "/etc/hostname")
            try manager.createSymbolicLink(
                atPath: content.appendingPathComponent("static/etc").path, withDestinationPath: "/etc")
            try manager.createSymbolicLink(
                atPath: content.appendingPathComponent("articles/2022/outside.md").path,
                withDestinationPath: "/etc/hostname")
            try manager.createSymbolicLink(
                atPath: content.appendingPathComponent("static/CNAME-copy").path, withDestinationPath: "CNAME")
        default:
            break
        }
    }

    static func check(_ stderr: String, against expected: [ExpectedDiagnostic], fixture: String) {
        let reported = ReportedDiagnostics.parse(stderr)
        let errors = reported.filter { $0.severity == "error" }
        for item in expected where !errors.contains(where: item.matches) {
            let sameSpot = errors.filter { $0.path == item.path && $0.line == item.line && $0.column == item.column }
            let found = sameSpot.isEmpty ? "nothing reported there" : "reported there: \(sameSpot.map(\.message))"
            Issue.record("\(fixture): expected \(item.text)\n\(found)\nstderr:\n\(stderr)")
        }
        for error in errors where !expected.contains(where: { $0.matches(error) }) {
            Issue.record("\(fixture): unexpected error \(error.text)")
        }
        let places = errors.map { ($0.path, $0.line, $0.column) }
        let sorted = places.sorted { $0 < $1 }
        #expect(
            places.map { "\($0.0):\($0.1):\($0.2)" } == sorted.map { "\($0.0):\($0.1):\($0.2)" },
            "\(fixture): errors are not sorted")
    }
}

/// A line of a fixture's `expected.txt`: `path:line:column: error: fragment ... fragment`.
struct ExpectedDiagnostic {
    var path: String
    var line: Int
    var column: Int
    var fragments: [String]
    var text: String

    static func read(_ url: URL) throws -> [ExpectedDiagnostic] {
        try TestSupport.read(url).split(separator: "\n").compactMap { raw in
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { return nil }
            guard let parsed = ReportedDiagnostics.parseLine(line), parsed.severity == "error" else {
                throw CocoaError(
                    .fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "bad line in \(url.path): \(line)"])
            }
            return ExpectedDiagnostic(
                path: parsed.path, line: parsed.line, column: parsed.column,
                fragments: parsed.message.components(separatedBy: " ... "), text: line)
        }
    }

    func matches(_ reported: ReportedDiagnostics.Reported) -> Bool {
        reported.severity == "error" && reported.path == path && reported.line == line && reported.column == column
            && fragments.allSatisfy { reported.message.contains($0) }
    }
}

/// Reads `path:line:column: severity: message` lines.
enum ReportedDiagnostics {
    struct Reported {
        var path: String
        var line: Int
        var column: Int
        var severity: String
        var message: String
        var text: String
    }

    static func parse(_ stderr: String) -> [Reported] {
        stderr.split(separator: "\n").compactMap { parseLine(String($0)) }
    }

    static func parseLine(_ line: String) -> Reported? {
        for severity in ["error", "warning"] {
            guard let marker = line.range(of: ": \(severity): ") else { continue }
            let place = line[..<marker.lowerBound].split(separator: ":", omittingEmptySubsequences: false)
            guard place.count >= 3, let row = Int(place[place.count - 2]), let column = Int(place[place.count - 1])
            else {
                continue
            }
            return Reported(
                path: place.dropLast(2).joined(separator: ":"), line: row, column: column, severity: severity,
                message: String(line[marker.upperBound...]), text: line)
        }
        return nil
    }
}

/// Every file below a folder (hidden ones included) with its bytes and modification time.
struct FolderSnapshot {
    var files: [String]
    var contents: [String: Data] = [:]
    var modified: [String: Date] = [:]

    init(_ folder: URL) throws {
        files = TestSupport.files(in: folder)
        for file in files {
            let url = folder.appendingPathComponent(file)
            contents[file] = try Data(contentsOf: url)
            modified[file] = try FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date
        }
    }
}

/// SPEC "The output folder" and the exit statuses of "Command line".
@Suite struct OutputFolderTests {
    let site: URL

    init() throws { site = try TestSupport.copySite(ErrorFixtureTests.valid) }

    func cleanUp(_ urls: URL...) {
        TestSupport.remove(site)
        for url in urls { TestSupport.remove(url) }
    }

    @Test func aForeignFolderIsRefused() throws {
        let output = try TestSupport.temporaryFolder("dossier-foreign")
        defer { cleanUp(output) }
        try TestSupport.write("mine\n", to: output.appendingPathComponent("mine.txt"))
        let before = try FolderSnapshot(output)
        let result = try TestSupport.dossier(["build", "--output", output.path], in: site)
        #expect(result.status == 2, "stderr: \(result.stderr)")
        let after = try FolderSnapshot(output)
        #expect(after.files == ["mine.txt"])
        #expect(after.contents == before.contents && after.modified == before.modified)
    }

    @Test func forceAdoptsAForeignFolderAndKeepsItsFiles() throws {
        let output = try TestSupport.temporaryFolder("dossier-foreign")
        defer { cleanUp(output) }
        try TestSupport.write("mine\n", to: output.appendingPathComponent("mine.txt"))
        let result = try TestSupport.dossier(["build", "--output", output.path, "--force"], in: site)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(try TestSupport.read(output.appendingPathComponent("mine.txt")) == "mine\n")
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("index.html").path))
        // Adopted: the next build needs no --force, and still keeps the file.
        let again = try TestSupport.dossier(["build", "--output", output.path], in: site)
        #expect(again.status == 0, "stderr: \(again.stderr)")
        #expect(try TestSupport.read(output.appendingPathComponent("mine.txt")) == "mine\n")
    }

    @Test func hiddenFilesDoNotMakeAFolderForeign() throws {
        let output = try TestSupport.temporaryFolder("dossier-hidden")
        defer { cleanUp(output) }
        try TestSupport.write("", to: output.appendingPathComponent(".gitkeep"))
        let result = try TestSupport.dossier(["build", "--output", output.path], in: site)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(".gitkeep").path))
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("index.html").path))
    }

    @Test func aRebuildRemovesOnlyWhatDossierNoLongerProduces() throws {
        defer { cleanUp() }
        let output = site.appendingPathComponent("Public")
        let first = try TestSupport.dossier(["build"], in: site)
        try #require(first.status == 0, "stderr: \(first.stderr)")
        let page = output.appendingPathComponent("institutions/suzhou-ipa/index.html")
        #expect(FileManager.default.fileExists(atPath: page.path))
        // The user adds files of their own, one beside the page that will go.
        try TestSupport.write("keep\n", to: output.appendingPathComponent("keep.txt"))
        try TestSupport.write("notes\n", to: output.appendingPathComponent("institutions/suzhou-ipa/notes.txt"))

        try FileManager.default.removeItem(at: site.appendingPathComponent("Content/institutions/suzhou-ipa.md"))
        let second = try TestSupport.dossier(["build"], in: site)
        #expect(second.status == 0, "stderr: \(second.stderr)")
        let files = TestSupport.files(in: output)
        #expect(
            !files.contains { $0.hasPrefix("institutions/suzhou-ipa/") && $0 != "institutions/suzhou-ipa/notes.txt" })
        #expect(try TestSupport.read(output.appendingPathComponent("keep.txt")) == "keep\n")
        #expect(try TestSupport.read(output.appendingPathComponent("institutions/suzhou-ipa/notes.txt")) == "notes\n")
        #expect(
            !(try TestSupport.read(output.appendingPathComponent("institutions/index.html"))).contains("suzhou-ipa"))
        #expect(files.contains("institutions/jiangsu-ipa/index.html"))
    }

    @Test func unchangedFilesAreNotRewritten() throws {
        defer { cleanUp() }
        let output = site.appendingPathComponent("Public")
        let first = try TestSupport.dossier(["build"], in: site)
        try #require(first.status == 0, "stderr: \(first.stderr)")
        // Date every file in the past: a file that is rewritten gets a new date.
        let past = Date(timeIntervalSince1970: 1_000_000_000)
        let files = TestSupport.files(in: output)
        for file in files {
            try FileManager.default.setAttributes(
                [.modificationDate: past], ofItemAtPath: output.appendingPathComponent(file).path)
        }
        let second = try TestSupport.dossier(["build"], in: site)
        #expect(second.status == 0, "stderr: \(second.stderr)")
        #expect(TestSupport.files(in: output) == files)
        for file in files {
            let date =
                try FileManager.default.attributesOfItem(atPath: output.appendingPathComponent(file).path)[
                    .modificationDate] as? Date
            #expect(date == past, "\(file) was rewritten although it did not change")
        }

        // A changed article rewrites its page, and leaves the stylesheet alone.
        let article = site.appendingPathComponent("Content/articles/2022/patent-navigation-bases.md")
        let text = try TestSupport.read(article)
        try TestSupport.write(text.replacingOccurrences(of: "进展顺利", with: "进展很顺利"), to: article)
        let third = try TestSupport.dossier(["build"], in: site)
        #expect(third.status == 0, "stderr: \(third.stderr)")
        func date(_ file: String) throws -> Date? {
            try FileManager.default.attributesOfItem(atPath: output.appendingPathComponent(file).path)[
                .modificationDate] as? Date
        }
        #expect(try date("articles/patent-navigation-bases/index.html") != past)
        #expect(try date("assets/style.css") == past)
    }

    @Test func outputIsRelativeToTheCurrentFolder() throws {
        let parent = try TestSupport.temporaryFolder("dossier-parent")
        defer { cleanUp(parent) }
        try FileManager.default.createDirectory(
            at: parent.appendingPathComponent("site"), withIntermediateDirectories: true)
        try FileManager.default.moveItem(
            at: site.appendingPathComponent("Content"), to: parent.appendingPathComponent("site/Content"))
        let result = try TestSupport.dossier(["build", "--site", "site", "--output", "out"], in: parent)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: parent.appendingPathComponent("out/index.html").path))
        #expect(!FileManager.default.fileExists(atPath: parent.appendingPathComponent("site/out").path))
        #expect(!FileManager.default.fileExists(atPath: parent.appendingPathComponent("site/Public").path))
    }

    @Test func anUnknownFlagIsAUsageError() throws {
        defer { cleanUp() }
        let result = try TestSupport.dossier(["build", "--frobnicate"], in: site)
        #expect(result.status == 2, "stderr: \(result.stderr)")
        #expect(!result.stderr.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("Public").path))
        let command = try TestSupport.dossier(["frobnicate"], in: site)
        #expect(command.status == 2, "stderr: \(command.stderr)")
    }

    @Test func aFolderWithoutASiteIsAUsageError() throws {
        let empty = try TestSupport.temporaryFolder("dossier-empty")
        defer { cleanUp(empty) }
        try FileManager.default.createDirectory(
            at: empty.appendingPathComponent("Content"), withIntermediateDirectories: true)
        let result = try TestSupport.dossier(["build", "--site", empty.path])
        #expect(result.status == 2, "stderr: \(result.stderr)")
        #expect(
            TestSupport.files(in: empty).isEmpty
                && !FileManager.default.fileExists(atPath: empty.appendingPathComponent("Public").path))
        let missing = try TestSupport.dossier(["build", "--site", empty.appendingPathComponent("nowhere").path])
        #expect(missing.status == 2, "stderr: \(missing.stderr)")
    }
}
