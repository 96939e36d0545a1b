import Foundation
import Testing

@testable import DossierKit
@testable import DossierTheme

/// What a build takes from the machine is found from the environment the command line
/// passes in, never read by the library itself.
struct ToolsTests {
    let templates = TestSupport.repository.appendingPathComponent("Templates").path

    @Test func theEnvironmentGivenDecides() throws {
        let folder = try TestSupport.temporaryFolder("dossier-tools")
        defer { TestSupport.remove(folder) }
        let fake = folder.appendingPathComponent("pagefind").path
        try TestSupport.write("#!/bin/sh\n", to: URL(fileURLWithPath: fake))
        chmod(fake, 0o755)
        let tools = Tools.locate(
            environment: ["DOSSIER_THEME": templates, "DOSSIER_PAGEFIND": fake, "DOSSIER_SEARCH_SEGMENT": "words"],
            executable: nil, currentDirectory: folder.path)
        #expect(tools == Tools(theme: templates, pagefind: fake, segmentation: .words))

        // A DOSSIER_PAGEFIND that is not a program finds none, rather than another one.
        let missing = Tools.locate(
            environment: ["DOSSIER_PAGEFIND": folder.appendingPathComponent("absent").path],
            executable: nil, currentDirectory: folder.path)
        #expect(missing.pagefind == nil)
        #expect(missing.segmentation == .characters)

        // A build without search does not look for Pagefind at all.
        let unsearched = Tools.locate(
            environment: ["DOSSIER_PAGEFIND": fake], executable: nil, currentDirectory: folder.path, search: false)
        #expect(unsearched.pagefind == nil)
    }

    @Test func theDefaultThemeIsBuiltIntoTheExecutable() throws {
        // Every file of Templates/, byte for byte, and nothing else.
        let embedded = Dictionary(uniqueKeysWithValues: DefaultTheme.files.map { ($0.path, $0.bytes) })
        let files = TestSupport.files(in: URL(fileURLWithPath: templates))
        #expect(Set(embedded.keys) == Set(files))
        for file in files {
            #expect(embedded[file] == FileManager.default.contents(atPath: templates + "/" + file), "\(file)")
        }
        // Without DOSSIER_THEME, a build reads it as a folder written under the cache folder.
        let cache = try TestSupport.temporaryFolder("dossier-cache")
        defer { TestSupport.remove(cache) }
        let tools = Tools.locate(
            environment: ["XDG_CACHE_HOME": cache.path], executable: "/nowhere/bin/dossier", currentDirectory: "/",
            search: false)
        let theme = try #require(tools.theme)
        #expect(theme.hasPrefix(cache.path + "/dossier/theme-"))
        #expect(TestSupport.files(in: URL(fileURLWithPath: theme)) == files)
    }

    @Test func aCopiedExecutableWorksFromAnyFolder() throws {
        // The binary alone, in a folder of its own, with no checkout above it.
        let folder = try TestSupport.temporaryFolder("dossier-copied")
        defer { TestSupport.remove(folder) }
        let binary = folder.appendingPathComponent("bin/dossier")
        try FileManager.default.createDirectory(
            at: binary.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: TestSupport.dossier, to: binary)
        let site = try TestSupport.copySite(TestSupport.fixture("briefing-en"))
        defer { TestSupport.remove(site) }
        let environment = ["HOME": folder.appendingPathComponent("home").path, "XDG_CACHE_HOME": "", "DOSSIER_THEME": ""]
        let version = try TestSupport.run(binary, ["--version"], environment: environment)
        #expect(version.status == 0)
        #expect(version.stdout.hasPrefix(DossierVersion.string + " (commit "))
        let built = try TestSupport.run(binary, ["build", "--no-search"], in: site, environment: environment)
        #expect(built.status == 0, "\(built.stderr)")
        let page = try TestSupport.read(site.appendingPathComponent("Public/index.html"))
        #expect(page.contains("assets/style.css"))
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("Public/assets/style.css").path))
    }

    @Test func pagefindsContentAddressedFilesAreNotCompared() {
        #expect(SearchIndex.isContentAddressed("fragment/zh-cn_3f9a0c1.pf_fragment"))
        #expect(SearchIndex.isContentAddressed("pagefind.zh-cn_f492df8f56518.pf_meta"))
        #expect(!SearchIndex.isContentAddressed("pagefind-entry.json"))
        #expect(!SearchIndex.isContentAddressed("wasm.unknown.pagefind"))
    }
}
