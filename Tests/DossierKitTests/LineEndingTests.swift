import DossierKit
import Foundation
import Testing

/// SPEC "Content": every text file may use LF, CRLF or CR line endings, mixed or
/// not, and lines and columns in messages count the same way for all three.
@Suite struct LineEndingTests {
    enum Ending: String, CaseIterable {
        case crlf, cr, mixed

        /// The text with its LF line endings changed; `mixed` cycles LF, CRLF, CR.
        func apply(_ text: String) -> String {
            let lines = text.components(separatedBy: "\n")
            switch self {
            case .crlf: return lines.joined(separator: "\r\n")
            case .cr: return lines.joined(separator: "\r")
            case .mixed:
                // A CR followed by an empty line and an LF would read as one CRLF: CRLF it is then.
                var result = lines.first ?? ""
                for (index, line) in lines.dropFirst().enumerated() {
                    let ending = ["\n", "\r\n", "\r"][index % 3]
                    result += (ending == "\r" && line.isEmpty ? "\r\n" : ending) + line
                }
                return result
            }
        }
    }

    /// Rewrites every Markdown and YAML file of a site's Content/ and Templates/.
    static func convert(_ site: URL, to ending: Ending) throws {
        for folder in ["Content", "Templates"] {
            let root = site.appendingPathComponent(folder)
            for file in TestSupport.files(in: root)
            where file.hasSuffix(".md") || file.hasSuffix(".yml") || file.hasSuffix(".mustache") {
                let url = root.appendingPathComponent(file)
                try Data(ending.apply(try TestSupport.read(url)).utf8).write(to: url)
            }
        }
    }

    /// The sample site and the English fixture build to the very same bytes with any line endings.
    @Test(arguments: Ending.allCases) func aSiteBuildsTheSameWithAnyLineEndings(_ ending: Ending) throws {
        for source in [TestSupport.repository, TestSupport.fixture("briefing-en")] {
            let site = try TestSupport.copySite(source)
            let reference = try TestSupport.temporaryFolder("dossier-lf")
            let converted = try TestSupport.temporaryFolder("dossier-converted")
            defer { [site, reference, converted].forEach(TestSupport.remove) }
            let lf = try TestSupport.dossier(["build", "--no-search", "--clean", "--output", reference.path], in: site)
            try #require(lf.status == 0, "LF build failed: \(lf.stderr)")

            try Self.convert(site, to: ending)
            let article = try Data(
                contentsOf: site.appendingPathComponent("Content/site.yml"))
            #expect(article.contains(UInt8(ascii: "\r")), "the conversion did not happen")
            let result = try TestSupport.dossier(["build", "--no-search", "--clean", "--output", converted.path], in: site)
            #expect(result.status == 0, "\(ending) build of \(source.lastPathComponent) failed:\n\(result.stderr)")
            #expect(result.stderr == lf.stderr, "\(ending): warnings differ")
            let expected = try FolderSnapshot(reference)
            let actual = try FolderSnapshot(converted)
            #expect(actual.files == expected.files)
            // The manifest records fingerprints of the inputs, whose bytes differ; the site may not.
            for file in expected.files where file != ".dossier-manifest" && actual.contents[file] != expected.contents[file] {
                Issue.record("\(ending): \(file) differs from the LF build of \(source.lastPathComponent)")
            }
        }
    }

    /// Errors in files with other line endings are reported at the same line and column.
    @Test(arguments: Ending.allCases) func errorsAreAtTheSamePlaces(_ ending: Ending) throws {
        for name in ["unknown-entity", "bad-date", "wrong-type", "yaml-syntax"] {
            let fixture = ErrorFixtureTests.folder.appendingPathComponent(name)
            let expected = try ExpectedDiagnostic.read(fixture.appendingPathComponent("expected.txt"))
            let site = try TestSupport.copySite(fixture)
            defer { TestSupport.remove(site) }
            try Self.convert(site, to: ending)
            let result = try TestSupport.dossier(["build", "--no-search"], in: site)
            #expect(result.status == 1, "\(name) (\(ending)): exit \(result.status)\n\(result.stderr)")
            ErrorFixtureTests.check(result.stderr, against: expected, fixture: "\(name) with \(ending) line endings")
        }
    }

    /// `render` reads CRLF files too (front matter is recognised and stripped).
    @Test func renderStripsCRLFFrontMatter() throws {
        let folder = try TestSupport.temporaryFolder("dossier-render-crlf")
        defer { TestSupport.remove(folder) }
        let file = folder.appendingPathComponent("a.md")
        try Data("---\r\ntitle: T\r\ndate: 2022-01-01\r\n---\r\n\r\nOne\r\ntwo.\r\n".utf8).write(to: file)
        let result = try TestSupport.dossier(["render", file.path], in: folder)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout == "<p>One\ntwo.</p>\n")
    }

    @Test func sourceTextCountsEveryKindOfLineBreak() throws {
        let bytes = Array("a\r\nb\rc\nd".utf8)
        guard case .success(let source) = SourceText.decode(bytes, path: "x.md") else {
            Issue.record("valid UTF-8 was refused")
            return
        }
        #expect(source.text == "a\nb\nc\nd")
        #expect(source.lineCount == 4)
        #expect(source.location(byteOffset: 6) == SourceLocation(path: "x.md", line: 4, column: 1))
    }
}
