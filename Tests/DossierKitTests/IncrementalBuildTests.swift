import Foundation
import Testing

/// The build cache (`.dossier-cache/`): a rebuild from it gives exactly what a
/// clean build gives, and a damaged or stale cache only costs time.
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
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent(".dossier-cache/build.bin").path))
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
        #expect(try FileManager.default.attributesOfItem(atPath: untouched.path)[.modificationDate] as? Date == untouchedTime)

        let clean = try TestSupport.temporaryFolder("dossier-clean")
        defer { TestSupport.remove(clean) }
        #expect(try TestSupport.dossier(["build", "--clean", "--output", clean.path], in: site).status == 0)
        try expectSameSite(site.appendingPathComponent("Public"), clean)
    }

    @Test(arguments: ["garbage", "truncated", "empty"])
    func aDamagedCacheMeansAFullBuildNeverAWrongPage(_ damage: String) throws {
        let site = try TestSupport.copySite(Self.site)
        defer { TestSupport.remove(site) }
        #expect(try TestSupport.dossier(["build"], in: site).status == 0)
        let cache = site.appendingPathComponent(".dossier-cache/build.bin")
        let original = try Data(contentsOf: cache)
        switch damage {
        case "garbage": try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919) }).write(to: cache)
        case "truncated": try original.prefix(original.count / 2).write(to: cache)
        default: try Data().write(to: cache)
        }
        // Change content too, so that a cache wrongly trusted would show.
        let plan = site.appendingPathComponent("Content/initiatives/solar-plan.md")
        try TestSupport.write(try TestSupport.read(plan).replacingOccurrences(of: "Solar Expansion Plan", with: "Solar Growth Plan"), to: plan)
        let result = try TestSupport.dossier(["build"], in: site)
        #expect(result.status == 0, "\(result.stderr)")
        let clean = try TestSupport.temporaryFolder("dossier-clean")
        defer { TestSupport.remove(clean) }
        #expect(try TestSupport.dossier(["build", "--clean", "--output", clean.path], in: site).status == 0)
        try expectSameSite(site.appendingPathComponent("Public"), clean)
        #expect(try TestSupport.read(site.appendingPathComponent("Public/articles/solar-plan-launched/index.html")).contains("Solar Growth Plan"))
    }

    @Test func aChangedTemplateOrEditedFileIsRenderedAgain() throws {
        let site = try TestSupport.copySite(Self.site)
        defer { TestSupport.remove(site) }
        #expect(try TestSupport.dossier(["build"], in: site).status == 0)
        let override = site.appendingPathComponent("Templates/article-item.mustache")
        try TestSupport.write(try TestSupport.read(override).replacingOccurrences(of: "site-override", with: "changed-override"), to: override)
        #expect(try TestSupport.dossier(["build"], in: site).status == 0)
        #expect(try TestSupport.read(site.appendingPathComponent("Public/index.html")).contains("changed-override"))
        // A page file deleted or changed by hand is written again, whatever the cache says.
        let page = site.appendingPathComponent("Public/articles/grid-needs/index.html")
        try Data("tampered".utf8).write(to: page)
        #expect(try TestSupport.dossier(["build"], in: site).status == 0)
        #expect(try TestSupport.read(page).contains("The grid needs work"))
    }
}
