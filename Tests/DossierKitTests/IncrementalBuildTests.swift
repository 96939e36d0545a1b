import DossierKit
import Foundation
import Testing

/// The build store (`.dossier-cache/store.sqlite`) and the page fingerprints in
/// the output's manifest: a rebuild after any kind of change gives exactly what a
/// clean build gives, and a damaged, foreign or stale store only costs time.
@Suite(.serialized) struct IncrementalBuildTests {
    static let site = TestSupport.fixture("briefing-en")

    func contents(_ folder: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for file in TestSupport.files(in: folder) where !file.hasPrefix(".dossier-manifest") {
            result[file] = try Data(contentsOf: folder.appendingPathComponent(file))
        }
        return result
    }

    func expectSameSite(_ a: URL, _ b: URL) throws {
        let left = try contents(a)
        let right = try contents(b)
        #expect(left.keys.sorted() == right.keys.sorted())
        for (file, data) in left where right[file] != data { Issue.record("\(file) differs from a clean build") }
    }

    /// What CI does (docs/ci/github-pages.yml): build, add an article, rebuild with the
    /// restored cache, and the result is byte for byte a clean full build.
    @Test func rebuildFromTheCacheEqualsACleanBuild() throws {
        let site = try TestSupport.copySite(Self.site)
        defer { TestSupport.remove(site) }
        #expect(try TestSupport.dossier(["build"], in: site).status == 0)
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent(".dossier-cache/store.sqlite").path))
        try TestSupport.write(
            "---\ntitle: Storage tender opens\ndate: 2024-11-20\n---\n\nThe [Ministry of Energy](institution:energy-ministry) opened a storage tender for the [Grid Upgrade Programme](initiative:grid-upgrade).\n",
            to: site.appendingPathComponent("Content/articles/2024/storage-tender.md"))
        let ministryPage = site.appendingPathComponent("Public/institutions/energy-ministry/index.html")
        let untouched = site.appendingPathComponent("Public/articles/solar-plan-launched/index.html")
        let untouchedTime = try FileManager.default.attributesOfItem(atPath: untouched.path)[.modificationDate] as? Date
        let rebuild = try TestSupport.dossier(["build"], in: site)
        #expect(rebuild.status == 0)
        #expect(try TestSupport.read(ministryPage).contains("Storage tender opens"))
        // An older article's page does not change when a newer one is added, so it is not rewritten.
        #expect(
            try FileManager.default.attributesOfItem(atPath: untouched.path)[.modificationDate] as? Date
                == untouchedTime)

        let clean = try TestSupport.temporaryFolder("dossier-clean")
        defer { TestSupport.remove(clean) }
        #expect(try TestSupport.dossier(["build", "--clean", "--output", clean.path], in: site).status == 0)
        try expectSameSite(site.appendingPathComponent("Public"), clean)
    }

    /// Builds `site` into a fresh folder with `--clean`, and compares.
    func expectEqualsCleanBuild(_ site: URL) throws {
        let clean = try TestSupport.temporaryFolder("dossier-clean")
        defer { TestSupport.remove(clean) }
        let result = try TestSupport.dossier(["build", "--clean", "--no-search", "--output", clean.path], in: site)
        #expect(result.status == 0, "\(result.stderr)")
        try expectSameSite(site.appendingPathComponent("Public"), clean)
    }

    static func edit(_ file: URL, _ from: String, _ to: String) throws {
        let text = try TestSupport.read(file)
        #expect(text.contains(from), "\(file.lastPathComponent) has no '\(from)'")
        try TestSupport.write(text.replacingOccurrences(of: from, with: to), to: file)
    }

    /// Every kind of change a site sees, each followed by a build from the store
    /// (and the last output) that must equal a clean build byte for byte.
    static let changes: [String: @Sendable (URL) throws -> Void] = [
        "article added, newest": { site in
            try TestSupport.write(
                "---\ntitle: Storage tender opens\ndate: 2024-11-20\n---\n\nThe [Ministry of Energy](institution:energy-ministry) opened a tender for the [Grid Upgrade Programme](initiative:grid-upgrade).\n",
                to: site.appendingPathComponent("Content/articles/2024/storage-tender.md"))
        },
        "article added, oldest": { site in
            try TestSupport.write(
                "---\ntitle: An early note\ndate: 2020-01-02\n---\n\nThe [National Grid Agency](institution:grid-agency) was founded.\n",
                to: site.appendingPathComponent("Content/articles/2023/early-note.md"))
        },
        "article added, in the middle, naming what others name": { site in
            // The newer articles' related lists and both entities' co-mentions change; the older ones' do not.
            try TestSupport.write(
                "---\ntitle: Midyear review\ndate: 2023-08-01\n---\n\nThe [Ministry of Energy](institution:energy-ministry) reviewed the [Grid Upgrade Programme](initiative:grid-upgrade) and the [Community Energy Fund](programme:community-energy).\n",
                to: site.appendingPathComponent("Content/articles/2023/midyear-review.md"))
        },
        "article names other entities": { site in
            try edit(
                site.appendingPathComponent("Content/articles/2023/grid-needs.md"),
                "The [Ministry of Energy](institution:energy-ministry) agreed!",
                "The [Community Energy Fund](programme:community-energy) agreed!")
        },
        "article edited": { site in
            try edit(site.appendingPathComponent("Content/articles/2023/grid-needs.md"), "is urgent", "is overdue")
        },
        "article retitled": { site in
            try edit(
                site.appendingPathComponent("Content/articles/2023/grid-needs.md"), "title: The grid needs work",
                "title: The grid needs money")
        },
        "article redated": { site in
            try edit(
                site.appendingPathComponent("Content/articles/2023/grid-needs.md"), "date: 2023-05-02",
                "date: 2024-12-30")
        },
        "article deleted": { site in
            try FileManager.default.removeItem(at: site.appendingPathComponent("Content/articles/2023/grid-needs.md"))
        },
        "entity description edited": { site in
            try edit(
                site.appendingPathComponent("Content/initiatives/grid-upgrade.md"), "Reinforcing the grid",
                "Strengthening the grid")
        },
        "entity renamed": { site in
            try edit(
                site.appendingPathComponent("Content/initiatives/grid-upgrade.md"), "name: Grid Upgrade Programme",
                "name: Grid Renewal Programme")
        },
        "entity status changed": { site in
            try edit(
                site.appendingPathComponent("Content/initiatives/grid-upgrade.md"), "status: planned", "status: active")
        },
        "alias added that an article holds": { site in
            try edit(
                site.appendingPathComponent("Content/initiatives/grid-upgrade.md"), "status: planned",
                "status: planned\naliases: [urgent]")
        },
        "excluded phrase added": { site in
            try edit(
                site.appendingPathComponent("Content/initiatives/grid-upgrade.md"), "status: planned",
                "status: planned\nexclude: [Grid Upgrade Programme is]")
        },
        "entity added": { site in
            try TestSupport.write(
                "---\nname: Storage Fund\naliases: [storage tender]\n---\n\nA fund.\n",
                to: site.appendingPathComponent("Content/initiatives/storage-fund.md"))
        },
        "site.yml changed": { site in
            try edit(site.appendingPathComponent("Content/site.yml"), "paginate: 2", "paginate: 3")
        },
        "page retitled, in the menu": { site in
            try edit(
                site.appendingPathComponent("Content/pages/about.md"), "title: About this briefing",
                "title: About us")
        },
        "page added": { site in
            try TestSupport.write(
                "---\ntitle: Glossary\nmenu: 3\n---\n\nTerms, and [the grid operator](institution:grid-agency).\n",
                to: site.appendingPathComponent("Content/pages/glossary.md"))
        },
        "page's slug changed, which relative links follow": { site in
            try edit(
                site.appendingPathComponent("Content/pages/methods.md"), "title: Methods",
                "title: Methods\nslug: how-we-work")
        },
        "future article's day come": { site in
            try edit(
                site.appendingPathComponent("Content/articles/2099/next-plan.md"), "date: 2099-01-01",
                "date: 2024-12-01")
        },
        "file added beside an article": { site in
            try TestSupport.write(
                "a,b\n", to: site.appendingPathComponent("Content/articles/2020/archive-note/more.csv"))
        },
        "figure's unit changed, which its digest weeks show": { site in
            try edit(site.appendingPathComponent("Content/figures/solar-capacity.md"), "unit: GW", "unit: gigawatts")
        },
        "figure's deadline moved into the past, a week of the digest": { site in
            try edit(
                site.appendingPathComponent("Content/figures/solar-capacity.md"), "deadline: 2027-12-31",
                "deadline: 2024-03-31")
        },
        "theme's word overridden": { site in
            try TestSupport.write("feed: \"Subscribe\"\n", to: site.appendingPathComponent("Templates/i18n/en.yml"))
        },
        "template changed": { site in
            try edit(
                site.appendingPathComponent("Templates/article-item.mustache"), "site-override", "changed-override")
        },
    ]

    @Test(arguments: changes.keys.sorted())
    func aBuildAfterAChangeEqualsACleanBuild(_ change: String) throws {
        let site = try TestSupport.copySite(Self.site)
        defer { TestSupport.remove(site) }
        let first = try TestSupport.dossier(["build", "--no-search"], in: site)
        #expect(first.status == 0, "\(first.stderr)")
        try Self.changes[change]!(site)
        let rebuild = try TestSupport.dossier(["build", "--no-search"], in: site)
        #expect(rebuild.status == 0, "\(rebuild.stderr)")
        try expectEqualsCleanBuild(site)
    }

    /// A session on `site`, as `serve` keeps one, after its first build: each call builds again in it.
    static func session(_ site: URL) throws -> () throws -> BuildReport {
        let options = BuildOptions(
            site: try SiteLocation(site.path), search: false,
            tools: Tools(theme: TestSupport.repository.appendingPathComponent("Templates").path, pagefind: nil))
        let session = BuildSession()
        _ = try Builder.build(options, session: session)
        return { try Builder.build(options, session: session) }
    }

    /// `serve`'s builds: one process keeps the store open between builds (`BuildSession`), with its rows in
    /// memory. After each kind of change in turn, the build equals a clean one; a build by another process in
    /// between (which writes the store behind the session's back) is noticed, and the next still equals a
    /// clean build.
    @Test func buildsInOneSessionEqualCleanBuilds() throws {
        let site = try TestSupport.copySite(Self.site)
        defer { TestSupport.remove(site) }
        let build = try Self.session(site)
        var rebuilt = 0
        // One after another on the same site: these two last, since others edit what they change.
        let last = ["entity status changed", "article deleted"]
        let order = Self.changes.keys.sorted().filter { !last.contains($0) } + last
        for (round, change) in order.enumerated() {
            try Self.changes[change]!(site)
            if round == 3 {
                // Another process's build: the session's rows are no longer what the file holds.
                try TestSupport.write(
                    "---\ntitle: Written beside serve\ndate: 2024-06-01\n---\n\nThe [Ministry of Energy](institution:energy-ministry) met.\n",
                    to: site.appendingPathComponent("Content/articles/2024/beside.md"))
                let other = try TestSupport.dossier(["build", "--no-search"], in: site)
                #expect(other.status == 0, "\(other.stderr)")
                try FileManager.default.removeItem(at: site.appendingPathComponent("Content/articles/2024/beside.md"))
            }
            let report = try build()
            rebuilt += report.stats.written + report.stats.removed
            try expectEqualsCleanBuildOfACopy(site)
        }
        #expect(rebuilt > Self.changes.count)
    }

    /// A name added that an article's unchanged text holds links that article again under the same key (its
    /// text is the same): the session must not give the next build the linking decoded before.
    @Test func aSessionTakesAnArticleRelinkedUnderTheSameKey() throws {
        let site = try TestSupport.copySite(Self.site)
        defer { TestSupport.remove(site) }
        let build = try Self.session(site)
        // An edit elsewhere: the session decodes every article's stored linking.
        try Self.changes["article added, newest"]!(site)
        _ = try build()
        // "warned" in grid-needs.md becomes a mention of the fund.
        try Self.edit(
            site.appendingPathComponent("Content/programmes/community-energy.md"), "name: Community Energy Fund",
            "name: Community Energy Fund\naliases: [warned]")
        _ = try build()
        // Then anything else: grid-needs.md is taken from the store as it was linked last.
        try Self.changes["template changed"]!(site)
        _ = try build()
        let fund = try TestSupport.read(site.appendingPathComponent("Public/programmes/community-energy/index.html"))
        #expect(fund.contains("articles/grid-needs/"))
        try expectEqualsCleanBuildOfACopy(site)
    }

    /// Builds a copy of `site`'s sources, which has a store of its own (a clean build in `site`
    /// itself would write the store a session keeps open), and compares.
    func expectEqualsCleanBuildOfACopy(_ site: URL) throws {
        let copy = try TestSupport.copySite(site)
        defer { TestSupport.remove(copy) }
        let clean = try TestSupport.dossier(["build", "--no-search"], in: copy)
        #expect(clean.status == 0, "\(clean.stderr)")
        try expectSameSite(site.appendingPathComponent("Public"), copy.appendingPathComponent("Public"))
    }

    static let keptWhole = "the inputs are those of the last build"

    /// A build trusts file times only once they are 2 s old (`BuildInputs.settled`):
    /// the sites are copied first, then this waits once for all of them.
    static func settledCopies(_ count: Int) throws -> [URL] {
        let sites = try (0..<count).map { _ in try TestSupport.copySite(Self.site) }
        Thread.sleep(forTimeInterval: 2.2)
        return sites
    }

    func build(_ site: URL, _ extra: [String] = []) throws -> TestSupport.Result {
        let result = try TestSupport.dossier(["build", "--no-search", "-v"] + extra, in: site)
        #expect(result.status == 0, "\(result.stderr)")
        return result
    }

    /// A build whose inputs (every file's path, size, times and inode, the theme, the
    /// program, the options) are those the output folder was last built from keeps
    /// every file without reading a record; after any kind of change the next build is
    /// a real one, and the site still equals a clean build.
    @Test func aBuildWithTheLastInputsKeepsEverythingAndAnyChangeRebuilds() throws {
        let names = Self.changes.keys.sorted()
        let sites = try Self.settledCopies(names.count)
        defer { sites.forEach(TestSupport.remove) }
        for (change, site) in zip(names, sites) {
            for _ in 0..<2 { _ = try build(site) }
            let before = try contents(site.appendingPathComponent("Public"))
            let again = try build(site)
            #expect(again.stderr.contains(Self.keptWhole), "\(change): \(again.stderr)")
            #expect(again.stdout.contains("0 written"), "\(again.stdout)")
            #expect(try contents(site.appendingPathComponent("Public")) == before)

            try Self.changes[change]!(site)
            let rebuild = try build(site)
            #expect(!rebuild.stderr.contains(Self.keptWhole), "\(change): \(rebuild.stderr)")
            try expectEqualsCleanBuild(site)
        }
    }

    /// A file of the output deleted or changed by hand (even to the same size), other
    /// options, a store made anew, warnings: each makes the build a real one.
    @Test func aChangedOutputOtherOptionsOrWarningsBuildAgain() throws {
        let sites = try Self.settledCopies(2)
        defer { sites.forEach(TestSupport.remove) }
        let site = sites[0]
        for _ in 0..<2 { _ = try build(site) }
        let page = site.appendingPathComponent("Public/articles/grid-needs/index.html")
        let text = try TestSupport.read(page)
        try FileManager.default.removeItem(at: page)
        #expect(!(try build(site).stderr.contains(Self.keptWhole)))
        #expect(try TestSupport.read(page) == text)
        #expect(try build(site).stderr.contains(Self.keptWhole))
        let robots = site.appendingPathComponent("Public/robots.txt")
        let original = try TestSupport.read(robots)
        try TestSupport.write(String(repeating: "x", count: original.utf8.count), to: robots)
        #expect(!(try build(site).stderr.contains(Self.keptWhole)))
        #expect(try TestSupport.read(robots) == original)

        #expect(!(try build(site, ["--drafts"]).stderr.contains(Self.keptWhole)))
        #expect(!(try build(site).stderr.contains(Self.keptWhole)))
        #expect(try build(site).stderr.contains(Self.keptWhole))
        // A clean build (here into another folder) starts the store afresh; without the
        // store, nothing says what the folder was built from.
        try expectEqualsCleanBuild(site)
        #expect(!(try build(site).stderr.contains(Self.keptWhole)))
        #expect(try build(site).stderr.contains(Self.keptWhole))
        try FileManager.default.removeItem(at: site.appendingPathComponent(".dossier-cache"))
        #expect(!(try build(site).stderr.contains(Self.keptWhole)))
        // A file written just now is not trusted by its time: the build after it reads the site.
        try Self.edit(site.appendingPathComponent("Content/articles/2023/grid-needs.md"), "is urgent", "is overdue")
        _ = try build(site)
        #expect(!(try build(site).stderr.contains(Self.keptWhole)))

        // A site with warnings reports them on every build: it is never kept whole.
        let warned = sites[1]
        try Self.edit(
            warned.appendingPathComponent("Content/initiatives/grid-upgrade.md"), "status: planned",
            "status: superseded")
        Thread.sleep(forTimeInterval: 2.2)
        for _ in 0..<3 {
            let result = try build(warned)
            #expect(result.stderr.contains("superseded_by"), "\(result.stderr)")
            #expect(!result.stderr.contains(Self.keptWhole))
        }
    }

    /// A file the build store kept is not checked for annotations again, since it was
    /// checked in a build that succeeded: unless an entity is gone since, the kinds
    /// changed, or it is a draft that a build without drafts never checked.
    @Test func storedAnnotationsAreCheckedAgainWhenTheyCanHaveBrokenSince() throws {
        let site = try TestSupport.copySite(Self.site)
        defer { TestSupport.remove(site) }
        #expect(try TestSupport.dossier(["build", "--no-search"], in: site).status == 0)

        // An entity gone: the unchanged articles that name it are reported.
        let ministry = site.appendingPathComponent("Content/institutions/ministries/energy-ministry.md")
        let ministryText = try TestSupport.read(ministry)
        try FileManager.default.removeItem(at: ministry)
        let gone = try TestSupport.dossier(["build", "--no-search"], in: site)
        #expect(gone.status == 1)
        #expect(
            gone.stderr.contains("Content/articles/2023/grid-needs.md:")
                && gone.stderr.contains("unknown institution 'energy-ministry'"), "\(gone.stderr)")
        try TestSupport.write(ministryText, to: ministry)
        #expect(try TestSupport.dossier(["build", "--no-search"], in: site).status == 0)

        // The kinds changed: `institution:` is no kind any more, and so close to one that it is a typo.
        let config = site.appendingPathComponent("Content/site.yml")
        let configText = try TestSupport.read(config)
        try TestSupport.write(
            configText.replacingOccurrences(
                of: "kinds:\n", with: "kinds:\n  institutions: { singular: institutio, label: Agencies }\n"),
            to: config)
        let renamed = try TestSupport.dossier(["build", "--no-search"], in: site)
        #expect(renamed.status == 1)
        #expect(renamed.stderr.contains("Content/articles/2023/grid-needs.md:"), "\(renamed.stderr)")
        try TestSupport.write(configText, to: config)
        #expect(try TestSupport.dossier(["build", "--no-search"], in: site).status == 0)

        // A draft's annotations, not checked by a build without drafts, are by one with them.
        let draft = site.appendingPathComponent("Content/articles/2024/draft-notes.md")
        try TestSupport.write(
            "---\ntitle: Unpublished notes\ndate: 2024-10-01\ndraft: true\n---\n\nNotes on [nobody](institution:nobody).\n",
            to: draft)
        #expect(try TestSupport.dossier(["build", "--no-search"], in: site).status == 0)
        let drafts = try TestSupport.dossier(["build", "--no-search", "--drafts"], in: site)
        #expect(drafts.status == 1)
        #expect(
            drafts.stderr.contains("draft-notes.md:7:") && drafts.stderr.contains("unknown institution 'nobody'"),
            "\(drafts.stderr)")
    }

    /// What a fresh CI checkout looks like: every file has a new modification time
    /// and the same bytes. Nothing is parsed again, and the site is the same.
    @Test func touchedFilesAreNotParsedAgain() throws {
        let site = try TestSupport.copySite(Self.site)
        defer { TestSupport.remove(site) }
        let first = try TestSupport.dossier(["build", "--no-search", "-v"], in: site)
        #expect(first.stderr.contains("(17 files parsed)"), "\(first.stderr)")
        let later = Date().addingTimeInterval(3600)
        for file in TestSupport.files(in: site.appendingPathComponent("Content")) {
            try FileManager.default.setAttributes(
                [.modificationDate: later], ofItemAtPath: site.appendingPathComponent("Content/" + file).path)
        }
        let rebuild = try TestSupport.dossier(["build", "--no-search", "-v"], in: site)
        #expect(rebuild.status == 0)
        #expect(rebuild.stderr.contains("(0 files parsed)"), "\(rebuild.stderr)")
        #expect(rebuild.stderr.contains("linked 0 articles anew"), "\(rebuild.stderr)")
        #expect(rebuild.stdout.contains(" 0 written"), "\(rebuild.stdout)")
        // One new article: that one file is parsed and linked.
        try Self.changes["article added, newest"]!(site)
        let third = try TestSupport.dossier(["build", "--no-search", "-v"], in: site)
        #expect(third.stderr.contains("(1 files parsed)"), "\(third.stderr)")
        #expect(third.stderr.contains("linked 1 articles anew"), "\(third.stderr)")
        try expectEqualsCleanBuild(site)
    }

    /// A new name is looked for in every article, and only those that hold it, or
    /// mention the renamed entity, are linked again.
    @Test func aRenameRelinksOnlyTheArticlesItConcerns() throws {
        let site = try TestSupport.copySite(Self.site)
        defer { TestSupport.remove(site) }
        #expect(try TestSupport.dossier(["build", "--no-search"], in: site).status == 0)
        try Self.edit(
            site.appendingPathComponent("Content/programmes/community-energy.md"), "name: Community Energy Fund",
            "name: Community Power Fund")
        let renamed = try TestSupport.dossier(["build", "--no-search", "-v"], in: site)
        #expect(renamed.stderr.contains("linked 1 articles anew"), "\(renamed.stderr)")
        // A new alias held by one article's text: that article only.
        try Self.edit(
            site.appendingPathComponent("Content/institutions/grid-agency.md"), "the grid operator]",
            "the grid operator, agreed]")
        let aliased = try TestSupport.dossier(["build", "--no-search", "-v"], in: site)
        #expect(aliased.stderr.contains("linked 1 articles anew"), "\(aliased.stderr)")
        try expectEqualsCleanBuild(site)
    }

    @Test(arguments: [
        "garbage", "truncated", "empty", "foreign", "other version", "other format", "rows damaged", "a body changed",
    ])
    func aDamagedOrForeignStoreMeansAFullBuildNeverAWrongPage(_ damage: String) throws {
        let site = try TestSupport.copySite(Self.site)
        defer { TestSupport.remove(site) }
        #expect(try TestSupport.dossier(["build", "--no-search"], in: site).status == 0)
        let store = site.appendingPathComponent(".dossier-cache/store.sqlite")
        let original = try Data(contentsOf: store)
        func sql(_ statement: String) throws {
            let result = try TestSupport.run(
                URL(fileURLWithPath: "/usr/bin/env"),
                [
                    "python3", "-c",
                    "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()",
                    store.path, statement,
                ])
            #expect(result.status == 0, "\(result.stderr)")
        }
        switch damage {
        case "garbage": try Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 7919) }).write(to: store)
        case "truncated": try original.prefix(original.count / 2).write(to: store)
        case "empty": try Data().write(to: store)
        case "foreign":
            try FileManager.default.removeItem(at: store)
            try sql("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes VALUES (1, 'mine');")
        case "other version": try sql("UPDATE meta SET value = '0.0.1' WHERE name = 'version';")
        case "other format": try sql("UPDATE meta SET value = 'dossier-store 0' WHERE name = 'format';")
        case "a body changed":
            try sql("UPDATE linked_text SET body = '<p>tampered</p>';")
            // So that the body is read back: the page must be written again.
            try FileManager.default.removeItem(at: site.appendingPathComponent("Public/articles/grid-needs/index.html"))
        default:
            try sql(
                "UPDATE source SET record = x'00010203', size = size; UPDATE linked SET linking = x'ffff'; UPDATE linked_text SET sentences = x'00';"
            )
        }
        // Change content too, so that a store wrongly trusted would show.
        let plan = site.appendingPathComponent("Content/initiatives/solar-plan.md")
        try Self.edit(plan, "Solar Expansion Plan", "Solar Growth Plan")
        let result = try TestSupport.dossier(["build", "--no-search"], in: site)
        #expect(result.status == 0, "\(result.stderr)")
        try expectEqualsCleanBuild(site)
        #expect(
            try TestSupport.read(site.appendingPathComponent("Public/articles/solar-plan-launched/index.html"))
                .contains("Solar Growth Plan"))
    }

    /// A page whose record says "unchanged" but whose file was deleted by hand, or
    /// a second output folder, is built all the same: what a folder holds is its manifest's.
    @Test func aSecondOutputFolderAndDeletedFilesAreBuilt() throws {
        let site = try TestSupport.copySite(Self.site)
        defer { TestSupport.remove(site) }
        #expect(try TestSupport.dossier(["build", "--no-search"], in: site).status == 0)
        let second = try TestSupport.temporaryFolder("dossier-second")
        defer { TestSupport.remove(second) }
        try FileManager.default.removeItem(at: second)
        #expect(try TestSupport.dossier(["build", "--no-search", "--output", second.path], in: site).status == 0)
        try expectSameSite(site.appendingPathComponent("Public"), second)
        try FileManager.default.removeItem(at: site.appendingPathComponent("Public/articles/grid-needs/index.html"))
        try FileManager.default.removeItem(at: site.appendingPathComponent("Public/institutions/grid-agency/feed.xml"))
        #expect(try TestSupport.dossier(["build", "--no-search"], in: site).status == 0)
        try expectSameSite(site.appendingPathComponent("Public"), second)
    }

    @Test func aChangedTemplateOrEditedFileIsRenderedAgain() throws {
        let site = try TestSupport.copySite(Self.site)
        defer { TestSupport.remove(site) }
        #expect(try TestSupport.dossier(["build"], in: site).status == 0)
        let override = site.appendingPathComponent("Templates/article-item.mustache")
        try TestSupport.write(
            try TestSupport.read(override).replacingOccurrences(of: "site-override", with: "changed-override"),
            to: override)
        #expect(try TestSupport.dossier(["build"], in: site).status == 0)
        #expect(try TestSupport.read(site.appendingPathComponent("Public/index.html")).contains("changed-override"))
        // A page file deleted or changed by hand is written again, whatever the cache says.
        let page = site.appendingPathComponent("Public/articles/grid-needs/index.html")
        try Data("tampered".utf8).write(to: page)
        #expect(try TestSupport.dossier(["build"], in: site).status == 0)
        #expect(try TestSupport.read(page).contains("The grid needs work"))
    }
}
