import Foundation
import Testing

@testable import DossierKit

/// The validate stage on its own, between reading and linking: what the site's files
/// say of one another, reported at the line that says it, with nothing linked yet.
@Suite struct ValidateStageTests {
    func read(_ fixture: String) throws -> (Content, Diagnostics) {
        var diagnostics = Diagnostics()
        let site = try SiteLocation(TestSupport.fixture(fixture).path)
        let content = try ContentPass(site: site, includeDrafts: false).content(diagnostics: &diagnostics)
        return (content, diagnostics)
    }

    @Test func aParentCycleIsFoundBeforeLinking() throws {
        let (content, read) = try read("errors/parent-cycle")
        #expect(!read.hasErrors, "reading alone finds nothing wrong: \(read.sorted)")
        var diagnostics = Diagnostics()
        let validation = Validator.validate(content, diagnostics: &diagnostics)
        let errors = diagnostics.sorted.filter { $0.severity == .error }
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.location.line == 4)
        #expect(errors.first?.location.path.hasSuffix("Content/institutions/jiangsu-amr.md") == true)
        #expect(errors.first?.message.contains("jiangsu-amr → jiangsu-ipa → jiangsu-amr") == true)
        // The references resolve all the same: the cycle is the error, not the references.
        let amr = EntityRef(kind: "institutions", id: "jiangsu-amr")
        #expect(validation.entities[amr]?.parent == EntityRef(kind: "institutions", id: "jiangsu-ipa"))
    }

    @Test func aValidSiteValidatesAndItsReferencesResolve() throws {
        let (content, read) = try read("errors/valid")
        #expect(!read.hasErrors)
        var diagnostics = Diagnostics()
        let validation = Validator.validate(content, diagnostics: &diagnostics)
        #expect(diagnostics.items.isEmpty, "\(diagnostics.sorted)")
        #expect(validation.entities.count == content.entities.count)
        #expect(content.entities.count > 0)
    }

    /// Annotations are checked by the validate stage, from the links each file's
    /// check found in its text, with no Markdown linked: the same errors at the same
    /// places as the build reports (errors/unknown-entity/expected.txt).
    @Test func unknownAnnotationsAreFoundBeforeLinking() throws {
        let (content, read) = try read("errors/unknown-entity")
        #expect(!read.hasErrors, "checking each file alone finds nothing wrong: \(read.sorted)")
        var diagnostics = Diagnostics()
        _ = Validator.validate(content, diagnostics: &diagnostics)
        let errors = diagnostics.sorted.filter { $0.severity == .error }.map {
            "\(($0.location.path as NSString).lastPathComponent):\($0.location.line):\($0.location.column)"
        }
        #expect(
            errors == [
                "patent-navigation-bases.md:6:5", "patent-navigation-bases.md:8:3", "patent-navigation.md:3:15",
            ])
    }

    /// A name two entities share is found by the validate stage, and blocked for autolinking.
    @Test func aSharedNameIsWarnedAboutAndLinksNeither() throws {
        let (content, _) = try read("errors/valid")
        let original = try #require(content.entities.first)
        var copy = original
        copy.ref = EntityRef(kind: original.ref.kind, id: original.ref.id + "-twin")
        var twins = content
        twins.entities.append(copy)
        var diagnostics = Diagnostics()
        let validation = Validator.validate(twins, diagnostics: &diagnostics)
        #expect(diagnostics.sorted.contains { $0.severity == .warning && $0.message.contains("belongs to both") })
        let shared = try #require(validation.names.first { $0.text == original.name })
        #expect(shared.owner == nil)
        // Without the twin, the name is the entity's own.
        var alone = Diagnostics()
        let own = Validator.validate(content, diagnostics: &alone).names.first { $0.text == original.name }
        #expect(own?.owner == original.ref)
    }

    /// A stored record whose links cannot be decoded, met when they must be checked again
    /// (an entity file is gone), is reported as damage, for the build to start again.
    @Test func undecodableStoredLinksAreDamageNotSilence() throws {
        let (content, _) = try read("errors/valid")
        var damaged = content
        damaged.articles[0].links = .stored([0xFF, 0xFF][...])
        damaged.sourceChanges.removed = ["Content/institutions/gone.md"]
        var diagnostics = Diagnostics()
        let validation = Validator.validate(damaged, diagnostics: &diagnostics)
        #expect(validation.damagedRecords == [damaged.articles[0].source.path])
        // Without a reason to check them again, stored links are not decoded at all.
        damaged.sourceChanges.removed = []
        var quiet = Diagnostics()
        #expect(Validator.validate(damaged, diagnostics: &quiet).damagedRecords.isEmpty)
    }
}
