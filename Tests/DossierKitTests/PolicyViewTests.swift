import Foundation
import Testing

@testable import DossierPlan
@testable import DossierValidate

/// The policy views besides the ledger (SPEC, "Policy views"): each entity's
/// timeline and neighbourhood, and the weekly digest, on the real theme and
/// fixture sites; and the calendar they count in.
@Suite(.serialized) struct PolicyViewTests {
    static let ledger = TestSupport.fixture("ledger")
    static let english = TestSupport.fixture("briefing-en")

    func build(_ site: URL, asOf: String, into output: URL? = nil) throws -> URL {
        let folder = try output ?? TestSupport.temporaryFolder("dossier-views")
        let result = try TestSupport.dossier([
            "build", "--no-search", "--site", site.path, "--output", folder.path, "--as-of", asOf,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        return folder
    }

    static func day(_ iso: String) -> Int { DateValue(iso: iso)!.dayNumber }

    @Test func weeksAreISOWeeksAndDaysRoundTrip() {
        func key(_ iso: String) -> String { Days.weekKey(Self.day(iso)) }
        #expect(key("2022-02-17") == "2022-w07")
        #expect(key("2021-01-01") == "2020-w53", "a Friday before the year's first Thursday")
        #expect(key("2021-01-04") == "2021-w01")
        #expect(key("2024-12-30") == "2025-w01", "a Monday in the week of 2025's first Thursday")
        #expect(key("2026-12-31") == "2026-w53")
        #expect(Days.weekday(Self.day("2025-06-01")) == 6, "a Sunday")
        for iso in ["1969-12-31", "1970-01-01", "1900-03-01", "2000-02-29", "2024-12-31", "2400-02-29"] {
            #expect(Days.date(Self.day(iso)).isoDay == iso)
        }
    }

    /// A target equal to its baseline is reached or not: 100 % or 0 %, never no progress at all.
    @Test func progressTowardsATargetEqualToItsBaseline() throws {
        let figure = Entity.Figure(
            target: 50, baseline: Observation(value: 50, date: DateValue(iso: "2024-01-01")!),
            deadline: DateValue(iso: "2026-01-01"))
        let held = TargetStanding.of(
            figure,
            observations: [
                (Observation(value: 50, date: DateValue(iso: "2025-01-01")!), DateValue(iso: "2025-02-01")!, "a")
            ],
            asOf: DateValue(iso: "2025-06-30")!, staleAfter: 365)
        #expect(held.status == .met)
        #expect(held.progress == 100)
        let missed = TargetStanding.of(
            figure,
            observations: [
                (Observation(value: 40, date: DateValue(iso: "2025-01-01")!), DateValue(iso: "2025-02-01")!, "a")
            ],
            asOf: DateValue(iso: "2025-06-30")!, staleAfter: 365)
        #expect(missed.progress == 0)
    }

    @Test func theTimelineCountsByMonthAndByYearPastThreeYears() throws {
        let words = try TestSupport.themeWords("en")
        var timeline = EntityTimeline(
            name: "Solar <plan> & co", mentionDays: ["2022-02-17", "2022-02-20", "2023-05-01"].map(Self.day),
            start: DateValue(iso: "2021-03-01"), end: DateValue(iso: "2023-12-31"), status: .active,
            observations: [Observation(value: 12, date: DateValue(iso: "2022-12-31")!)],
            deadline: DateValue(iso: "2024-06-30"), strings: words, format: Formatting(language: "en", words: words))
        #expect(!timeline.byYear)
        #expect(
            timeline.buckets.filter { $0.count > 0 }.map { "\($0.label) \($0.count)" } == ["2022-02 2", "2023-05 1"])
        // The axis holds the start, the end, the observations and the deadline, in whole years.
        #expect(timeline.buckets.first?.label == "2021-01")
        #expect(timeline.buckets.last?.label == "2024-12")
        let svg = timeline.svg(id: "solar")
        #expect(svg.hasPrefix("<svg class=\"timeline\""))
        #expect(svg.contains("role=\"img\" aria-labelledby=\"timeline-solar-title timeline-solar-desc\""))
        #expect(svg.contains("<title id=\"timeline-solar-title\">Timeline: Solar &lt;plan&gt; &amp; co</title>"))
        #expect(svg.components(separatedBy: "<rect class=\"column\"").count - 1 == 2)
        #expect(svg.contains("<rect class=\"period status-active\""))
        #expect(svg.contains("<circle class=\"observation\""))
        #expect(svg.contains("<line class=\"deadline\""))
        let description = try #require(svg.firstMatch(of: /<desc id="timeline-solar-desc">([^<]*)<\/desc>/)).1
        for part in [
            "First mentioned: 2022-02-17", "Last mentioned: 2023-05-01", "Status: Active", "2022-02: 2",
            "2023-05: 1", "2022-12-31: 12", "Deadline: 2024-06-30",
        ] {
            #expect(description.contains(part), "\(part) in \(description)")
        }
        #expect(!svg.contains("<script"))

        // Mentions over more than three years are counted by year.
        timeline.mentionDays.append(Self.day("2026-01-05"))
        #expect(timeline.byYear)
        #expect(
            timeline.buckets.filter { $0.count > 0 }.map { "\($0.label) \($0.count)" } == [
                "2022 2", "2023 1", "2026 1",
            ])

        // An entity nobody has written about still has its chart, which says so.
        let quiet = EntityTimeline(
            name: "Quiet", mentionDays: [], start: nil, end: nil, status: nil, deadline: nil, strings: words,
            format: Formatting(language: "en", words: words))
        #expect(quiet.svg(id: "quiet").contains("No article mentions it yet; ") == false)
        #expect(quiet.svg(id: "quiet").contains(">No article mentions it yet</desc>"))
    }

    /// Every entity page of a site has both views, each an accessible inline SVG whose
    /// links lead to pages of the site, relations first.
    @Test(arguments: ["briefing-en", "views"]) func everyEntityPageHasItsTimelineAndNeighbourhood(_ fixture: String)
        throws
    {
        let output = try build(TestSupport.fixture(fixture), asOf: "2024-06-30")
        defer { TestSupport.remove(output) }
        // An entity's first page: its kind's folder, then its id.
        let kinds = ["initiatives", "institutions", "figures", "programmes"]
        let pages = TestSupport.files(in: output).filter {
            $0.hasSuffix("/index.html") && !$0.contains("/page/") && kinds.contains(String($0.prefix { $0 != "/" }))
                && $0.split(separator: "/").count >= 3
        }
        #expect(pages.count >= 7, "\(pages)")
        for path in pages {
            let page = try TestSupport.read(output.appendingPathComponent(path))
            #expect(page.contains("class=\"entity-header\""), "\(path)")
            #expect(page.components(separatedBy: "<svg class=\"timeline\"").count == 2, "\(path)")
            #expect(page.components(separatedBy: "<svg class=\"neighbourhood\"").count == 2, "\(path)")
            let graph = String(try #require(page.firstMatch(of: /<svg class="neighbourhood"[\s\S]*?<\/svg>/)).0)
            #expect(graph.contains("role=\"img\"") && graph.contains("<title id=\"neighbourhood-"), "\(path)")
            #expect(!graph.contains("<script"))
            let links = graph.matches(of: /<a class="node kind-[a-z-]+" href="([^"]*)">/).map { String($0.1) }
            #expect(links.count <= 11, "\(path)")
            let folder = output.appendingPathComponent(path).deletingLastPathComponent()
            for link in links {
                let target = folder.appendingPathComponent(link).appendingPathComponent("index.html").standardized
                #expect(FileManager.default.fileExists(atPath: target.path), "\(path): \(link)")
            }
            // Its relations come first, in the order the page lists them.
            let relations = page.matches(of: /<a class="chip kind-[a-z-]+" href="([^"]*)">/).map { String($0.1) }
            let sidebar = page.range(of: "<section class=\"relations\"").map { String(page[$0.lowerBound...]) } ?? ""
            let related = sidebar.components(separatedBy: "<section class=\"co-mentions\"")[0]
                .matches(of: /<a class="chip kind-[a-z-]+" href="([^"]*)">/).map { String($0.1) }
            var seen: Set<String> = []
            let expected = related.filter { seen.insert($0).inserted }
            #expect(Array(links.prefix(expected.count)) == Array(expected.prefix(11)), "\(path): \(links) \(relations)")
        }
    }

    /// On a built page: a programme written about over a year and a half, by month.
    @Test func aProgrammesTimelineCountsItsMentionsByMonth() throws {
        let output = try build(TestSupport.fixture("views"), asOf: "2024-06-30")
        defer { TestSupport.remove(output) }
        let page = try TestSupport.read(output.appendingPathComponent("initiatives/rooftop-solar/index.html"))
        let rows = page.matches(of: /<tr><td>(\d{4}-\d{2})<\/td><td class="num">(\d+)<\/td><\/tr>/).map {
            "\($0.1) \($0.2)"
        }
        #expect(rows == ["2023-03 1", "2023-05 2", "2023-10 1", "2024-01 1", "2024-04 1", "2024-06 1"])
        #expect(page.contains("First mentioned: <time datetime=\"2023-03-14\">14 March 2023</time>"))
        #expect(page.contains("Last mentioned: <time datetime=\"2024-06-03\">3 June 2024</time>"))
        #expect(page.contains("<rect class=\"period status-active\""))
        // The figure's: its values and its deadline, on the same axis.
        let figure = try TestSupport.read(output.appendingPathComponent("figures/rooftop-capacity/index.html"))
        let timeline = String(try #require(figure.firstMatch(of: /<svg class="timeline"[\s\S]*?<\/svg>/)).0)
        #expect(timeline.components(separatedBy: "<circle class=\"observation\"").count - 1 == 3)
        #expect(timeline.contains("Deadline 2025-12-31"))
        // Neither depends on the build's date.
        let later = try build(TestSupport.fixture("views"), asOf: "2026-06-30")
        defer { TestSupport.remove(later) }
        for path in ["initiatives/rooftop-solar/index.html", "institutions/energy-agency/index.html"] {
            #expect(
                try Data(contentsOf: output.appendingPathComponent(path))
                    == Data(contentsOf: later.appendingPathComponent(path)), "\(path)")
        }
    }

    /// The layout depends only on the entity and its neighbours: another article that
    /// does not mention it leaves its graph as it was.
    @Test func theNeighbourhoodDoesNotChangeWithUnrelatedContent() throws {
        let site = try TestSupport.copySite(Self.ledger)
        defer { TestSupport.remove(site) }
        #expect(try TestSupport.dossier(["build", "--no-search", "--as-of", "2025-06-30"], in: site).status == 0)
        func graph(_ id: String) throws -> String {
            let page = try TestSupport.read(site.appendingPathComponent("Public/figures/\(id)/index.html"))
            return String(try #require(page.firstMatch(of: /<svg class="neighbourhood"[\s\S]*?<\/svg>/)).0)
        }
        let before = try graph("f-met")
        #expect(before.contains("f-met-late"), "co-mentioned in the quarterly figures")
        try TestSupport.write(
            """
            ---
            title: Another report
            date: 2025-06-10
            source: Fixture
            observations:
              - { figure: f-behind, value: 40, date: 2025-06-01 }
            ---

            Only [one figure](figure:f-no-data) and another are named here.

            """, to: site.appendingPathComponent("Content/articles/2025/another-report.md"))
        #expect(try TestSupport.dossier(["build", "--no-search", "--as-of", "2025-06-30"], in: site).status == 0)
        #expect(try graph("f-met") == before)
        #expect(try graph("f-behind") != graph("f-met"))
    }

    /// A page per ISO week with anything in it, up to the build's date, its index and its feed.
    @Test func theDigestHasAPagePerWeekUpToTheBuildsDate() throws {
        let output = try build(Self.ledger, asOf: "2025-06-30")
        defer { TestSupport.remove(output) }
        let weeks = TestSupport.files(in: output).filter { $0.hasPrefix("digest/2") }.sorted()
        // The article of 2025-06-01 (a Sunday, week 22) and the deadlines up to the build's date.
        #expect(
            weeks == [
                "digest/2023-w52/index.html", "digest/2025-w01/index.html", "digest/2025-w05/index.html",
                "digest/2025-w22/index.html",
            ], "\(weeks)")
        let week = try TestSupport.read(output.appendingPathComponent("digest/2025-w22/index.html"))
        #expect(week.contains("<h1>Week 22, 2025</h1>"))
        #expect(week.contains("href=\"../../articles/quarterly-figures/\""))
        let radar = String(
            try #require(week.firstMatch(of: /<section class="digest-section digest-new">[\s\S]*?<\/section>/)).0)
        #expect(radar.contains("href=\"../../figures/f-met/\""), "first mentioned that week")
        // Each value with its figure's standing at the end of that week.
        let values = String(
            try #require(week.firstMatch(of: /<section class="digest-section digest-values">[\s\S]*?<\/section>/)).0)
        #expect(values.components(separatedBy: "<td><a class=\"entity-name\"").count - 1 == 11)
        #expect(values.contains("<span class=\"standing standing-met-late\">Met late</span>"))
        #expect(values.contains("<span class=\"standing standing-overdue\">Overdue</span>"))
        // A deadline that fell in a week: the figure's standing then.
        let january = try TestSupport.read(output.appendingPathComponent("digest/2025-w01/index.html"))
        #expect(january.contains("href=\"../../figures/f-overdue/\""))
        #expect(january.contains("standing-overdue"), "31 December 2024 passed with no value reported by then")
        #expect(!january.contains("digest-articles"))
        // Newest first, each linked to the next.
        let index = try TestSupport.read(output.appendingPathComponent("digest/index.html"))
        let listed = index.matches(of: /href="\.\.\/digest\/(2\d{3}-w\d{2})\/"/).map { String($0.1) }
        #expect(listed == ["2025-w22", "2025-w05", "2025-w01", "2023-w52"])
        #expect(index.contains("As of 30 June 2025"))
        // A week of deadlines alone counts no articles.
        let deadlineOnly = String(
            try #require(
                index.firstMatch(
                    of:
                        /<li class="digest-week-item">\s*<a class="article-title" href="..\/digest\/2025-w05\/">[\s\S]*?<\/ul>/
                )
            ).0)
        #expect(!deadlineOnly.contains("Articles"), "\(deadlineOnly)")
        #expect(deadlineOnly.contains("<span class=\"count\">1</span> Deadlines"))
        #expect(week.contains("rel=\"prev\"") && week.contains("href=\"../../digest/2025-w05/\""))
        // The feed: an entry a week, with absolute links, and stable ids.
        let feed = try TestSupport.read(output.appendingPathComponent("digest/feed.xml"))
        #expect(feed.components(separatedBy: "<entry>").count - 1 == 4)
        #expect(feed.contains("<id>https://ledger.example.org/digest/2025-w22/</id>"))
        #expect(feed.contains("href=&quot;https://ledger.example.org/articles/quarterly-figures/&quot;"))
        // A week joins the feed once it is over: on the Wednesday after an article its page is there, its entry not yet.
        let midweek = try build(TestSupport.fixture("views"), asOf: "2024-06-05")
        defer { TestSupport.remove(midweek) }
        #expect(
            FileManager.default.fileExists(atPath: midweek.appendingPathComponent("digest/2024-w23/index.html").path))
        let midweekFeed = try TestSupport.read(midweek.appendingPathComponent("digest/feed.xml"))
        #expect(!midweekFeed.contains("digest/2024-w23/"))
        #expect(midweekFeed.contains("<id>https://views.example.org/digest/2024-w16/</id>"))
        // Weeks after the build's date are not shown; a figure's deadline there neither.
        let earlier = try build(Self.ledger, asOf: "2025-01-31")
        defer { TestSupport.remove(earlier) }
        #expect(
            TestSupport.files(in: earlier).filter { $0.hasPrefix("digest/2") }.sorted() == [
                "digest/2023-w52/index.html", "digest/2025-w01/index.html", "digest/2025-w05/index.html",
            ])
    }
}
