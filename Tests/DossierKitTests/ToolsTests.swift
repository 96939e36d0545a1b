import Foundation
import Testing

@testable import DossierKit

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

    @Test func theThemeIsFoundAboveACheckoutsExecutable() {
        // `.build/<triple>/debug/dossier`: the repository's Templates/ is three folders up.
        let executable = TestSupport.repository.appendingPathComponent(".build/x86_64-unknown-linux-gnu/debug/dossier")
            .path
        let tools = Tools.locate(environment: [:], executable: executable, currentDirectory: "/")
        #expect(tools.theme == templates)
    }

    @Test func pagefindsContentAddressedFilesAreNotCompared() {
        #expect(SearchIndex.isContentAddressed("fragment/zh-cn_3f9a0c1.pf_fragment"))
        #expect(SearchIndex.isContentAddressed("pagefind.zh-cn_f492df8f56518.pf_meta"))
        #expect(!SearchIndex.isContentAddressed("pagefind-entry.json"))
        #expect(!SearchIndex.isContentAddressed("wasm.unknown.pagefind"))
    }
}
