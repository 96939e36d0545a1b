import DossierKit
import Foundation
import Testing

/// The content stage on its own: dates, front matter, names and positions.
struct ContentTests {
    @Test(arguments: [
        ("2022-02-17", "2022-02-17"), ("2022-02-17T08:30", "2022-02-17T08:30:00"),
        ("2022-02-17 08:30:15+08:00", "2022-02-17T08:30:15"), ("2024-02-29", "2024-02-29"),
    ])
    func isoDatesParse(_ text: String, _ expected: String) {
        #expect(DateValue(iso: text)?.description == expected)
    }

    @Test(arguments: ["2022-13-01", "2023-02-29", "17/02/2022", "2022-2-17", "2022-02-17T25:00", "yesterday", ""])
    func nonISODatesAreRejected(_ text: String) {
        #expect(DateValue(iso: text) == nil)
    }

    @Test func datesAreMidnightInTheSiteTimeZone() {
        let date = DateValue(iso: "2022-02-17")!
        #expect(date.rfc3339(in: TimeZone(identifier: "Asia/Shanghai")!) == "2022-02-17T00:00:00+08:00")
        #expect(DateValue(iso: "2022-02-17T10:00:00Z")!.rfc3339(in: TimeZone(identifier: "Asia/Shanghai")!) == "2022-02-17T10:00:00+00:00")
    }

    @Test func frontMatterSplitsAndCountsLines() {
        let split = FrontMatterSplit("---\ntitle: x\ndate: 2022-01-01\n---\nBody\n")
        #expect(split.yaml == "title: x\ndate: 2022-01-01")
        #expect(split.body == "Body\n")
        #expect(split.bodyLineOffset == 4)
        #expect(FrontMatterSplit("No front matter\n").yaml == nil)
    }

    @Test func byteColumnsBecomeCharacterColumns() {
        let source = SourceText(path: "a.md", text: "first\n中文abc\n")
        // `a` is byte 7 of line 2 (two 3-byte characters before it) and its 3rd character.
        #expect(source.location(line: 2, byteColumn: 7) == SourceLocation(path: "a.md", line: 2, column: 3))
        #expect(source.location(byteOffset: 12) == SourceLocation(path: "a.md", line: 2, column: 3))
    }

    @Test func invalidUTF8IsReportedWhereItIs() {
        let bytes: [UInt8] = Array("ok\n中x".utf8) + [0xFF] + Array("y\n".utf8)
        guard case .failure(let problem) = SourceText.decode(bytes, path: "a.md") else {
            Issue.record("invalid UTF-8 must fail")
            return
        }
        #expect(problem.location == SourceLocation(path: "a.md", line: 2, column: 3))
    }

    @Test(arguments: [("jiangsu-ipa", true), ("a", true), ("0x", true), ("-a", false), ("A", false), ("a_b", false), ("../x", false), ("", false)])
    func idsFollowTheRule(_ id: String, _ valid: Bool) {
        #expect(Naming.isValidID(id) == valid)
    }

    @Test func suggestionsFindCloseNames() {
        #expect(Naming.suggestion(for: "institutoin", among: ["institution", "initiative", "figure"]) == "institution")
        #expect(Naming.suggestion(for: "zzz", among: ["institution", "figure"]) == nil)
    }
}
