import Foundation
import Testing

/// The target ledger (SPEC, "Policy views"): each figure's standing on the build's
/// date, by SPEC's rules, on a fixture with a figure of every status
/// (Tests/Fixtures/ledger, built as of 2025-06-30).
@Suite(.serialized) struct LedgerTests {
    static let site = TestSupport.fixture("ledger")

    func build(asOf: String, into output: URL? = nil) throws -> URL {
        let folder = try output ?? TestSupport.temporaryFolder("dossier-ledger")
        let result = try TestSupport.dossier([
            "build", "--no-search", "--site", Self.site.path, "--output", folder.path, "--as-of", asOf,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        return folder
    }

    @Test func everyStatusIsGivenByTheRulesAndTheLedgerPutsTheMostUrgentFirst() throws {
        let output = try build(asOf: "2025-06-30")
        defer { TestSupport.remove(output) }
        let ledger = try TestSupport.read(output.appendingPathComponent("figures/index.html"))
        let rows = ledger.matches(
            of: /<tr class="([^"]*)">\s*<td><a class="entity-name" href="..\/figures\/([a-z-]+)\/"/
        )
        .map { "\($0.2) \($0.1)" }
        #expect(
            rows == [
                "f-overdue standing-overdue stale", "f-overdue-empty standing-overdue", "f-behind standing-behind",
                "f-behind-stale standing-behind stale", "f-stale standing-on-track stale",
                "f-on-track standing-on-track", "f-reported standing-reported",
                "f-reported-no-target standing-reported", "f-no-data standing-no-data",
                "f-met-late standing-met-late", "f-decrease standing-met", "f-met standing-met",
            ])
        #expect(ledger.contains("<p class=\"as-of\">As of 30 June 2025</p>"))
        // Progress from the baseline: 60 of 0 → 100 is 60 %; 45 of 100 → 50 is past the target.
        let onTrack = try TestSupport.read(output.appendingPathComponent("figures/f-on-track/index.html"))
        #expect(onTrack.contains("<span class=\"standing standing-on-track\">On track</span>"))
        #expect(onTrack.contains("As of 30 June 2025"))
        #expect(onTrack.contains("width: 60%"))
        #expect(
            try TestSupport.read(output.appendingPathComponent("figures/f-decrease/index.html")).contains("width: 100%")
        )
        let page = try TestSupport.read(output.appendingPathComponent("index.html"))
        let home = String(page[try #require(page.range(of: "figure-cards"))!.lowerBound...])
        let overdue = try #require(home.range(of: "href=\"figures/f-overdue/\""))
        let met = try #require(home.range(of: "href=\"figures/f-met/\""))
        #expect(overdue.lowerBound < met.lowerBound, "the home page shows the ledger's head")
    }

    @Test func onlyThePagesThatShowAStandingDependOnTheDate() throws {
        let june = try build(asOf: "2025-06-30")
        defer { TestSupport.remove(june) }
        let later = try build(asOf: "2026-06-30")
        defer { TestSupport.remove(later) }
        for page in ["articles/quarterly-figures/index.html", "articles/index.html", "feed.xml"] {
            #expect(
                try Data(contentsOf: june.appendingPathComponent(page))
                    == Data(contentsOf: later.appendingPathComponent(page)), "\(page)")
        }
        let onTrack = try TestSupport.read(later.appendingPathComponent("figures/f-on-track/index.html"))
        #expect(onTrack.contains("standing-overdue"), "its deadline, 2026-01-01, has passed by then")

        // A build into the same folder on another day gives what a clean build of that day gives.
        let site = try TestSupport.copySite(Self.site)
        defer { TestSupport.remove(site) }
        #expect(try TestSupport.dossier(["build", "--no-search", "--as-of", "2025-06-30"], in: site).status == 0)
        #expect(try TestSupport.dossier(["build", "--no-search", "--as-of", "2026-06-30"], in: site).status == 0)
        for file in TestSupport.files(in: later) where !file.hasPrefix(".dossier") {
            #expect(
                try Data(contentsOf: later.appendingPathComponent(file))
                    == Data(contentsOf: site.appendingPathComponent("Public/" + file)), "\(file)")
        }
    }

    /// `check --lint`: the editorial warnings, each at its file; `--strict` fails on any.
    @Test func lintFindsWhatTheEditorMissedAndStrictFailsOnIt() throws {
        let site = try TestSupport.copySite(Self.site)
        defer { TestSupport.remove(site) }
        let result = try TestSupport.dossier(["check", "--lint", "--strict", "--as-of", "2025-06-30"], in: site)
        #expect(result.status == 1)
        let warnings = result.stderr.split(separator: "\n").filter { $0.contains(": warning: ") }.map(String.init)
        for expected in [
            "Content/figures/f-overdue.md:5:11: warning: the figure is overdue: its deadline (2024-12-31) has passed",
            "Content/figures/f-overdue.md:2:7: warning: the figure's latest value (2024-06-01) is older than 365 days on 2025-06-30 (stale)",
            "Content/figures/f-stale.md:2:7: warning: the figure's latest value (2023-01-01) is older than 365 days on 2025-06-30 (stale)",
            "Content/figures/f-reported-no-target.md:2:7: warning: the figure has no target and deadline",
            "Content/figures/f-no-data.md:2:7: warning: no article mentions figure:f-no-data",
            "Content/articles/2025/quarterly-figures.md:2:8: warning: the article gives no 'source'",
        ] {
            #expect(warnings.contains { $0.hasPrefix(expected) }, "\(expected)\n\(result.stderr)")
        }
        #expect(!warnings.contains { $0.contains("f-met.md") }, "a met figure is not warned about")
        #expect(result.stderr.contains("--strict"))
        // Without --strict the warnings are only warnings.
        #expect(try TestSupport.dossier(["check", "--lint", "--as-of", "2025-06-30"], in: site).status == 0)
        // A site with nothing to say passes.
        let quiet = try TestSupport.copySite(TestSupport.fixture("briefing-zh-hant"))
        defer { TestSupport.remove(quiet) }
        let clean = try TestSupport.dossier(["check", "--lint", "--strict", "--as-of", "2024-01-01"], in: quiet)
        #expect(clean.status == 0, "\(clean.stderr)")
        let views = try TestSupport.copySite(TestSupport.fixture("views"))
        defer { TestSupport.remove(views) }
        let viewsResult = try TestSupport.dossier(["check", "--lint", "--strict", "--as-of", "2024-06-30"], in: views)
        #expect(viewsResult.status == 0, "\(viewsResult.stderr)")
    }

    /// Each of SPEC's editorial warnings, at the line of the field it is about
    /// (Tests/Fixtures/lint has one of each).
    @Test func everyLintWarningIsAtItsLine() throws {
        let site = try TestSupport.copySite(TestSupport.fixture("lint"))
        defer { TestSupport.remove(site) }
        let result = try TestSupport.dossier(["check", "--lint", "--strict", "--as-of", "2025-06-30"], in: site)
        #expect(result.status == 1)
        let warnings = Set(result.stderr.split(separator: "\n").filter { $0.contains(": warning: ") }.map(String.init))
        #expect(
            warnings == [
                "Content/articles/plain-note.md:2:8: warning: the article mentions no entity",
                "Content/articles/plain-note.md:2:8: warning: the article gives no 'source'",
                "Content/figures/housing-units.md:2:7: warning: the figure's latest value (2023-01-01) is older than 365 days on 2025-06-30 (stale)",
                "Content/figures/housing-units.md:5:11: warning: the figure is overdue: its deadline (2024-12-31) has passed and its target is not met",
                "Content/figures/no-target.md:2:7: warning: the figure has no target and deadline: the ledger cannot judge it",
                "Content/initiatives/forgotten.md:2:7: warning: no article mentions initiative:forgotten",
                "Content/initiatives/old-programme.md:5:9: warning: status is active, but it ended on 2024-12-31",
                "Content/initiatives/pilot.md:3:9: warning: status is superseded but 'superseded_by' is not set",
                "Content/institutions/bureau.md:3:11: warning: the name 'the housing office' belongs to both institution:agency and institution:bureau; it is not autolinked to either",
            ], "\(result.stderr)")
        // Before the deadline and within a year of the value, the figure is neither overdue nor stale.
        let earlier = try TestSupport.dossier(["check", "--lint", "--as-of", "2023-06-30"], in: site)
        #expect(earlier.status == 0)
        #expect(!earlier.stderr.contains("housing-units.md:5:11"))
        #expect(!earlier.stderr.contains("(stale)"))
    }
}
