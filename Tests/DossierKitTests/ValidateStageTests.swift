import Foundation
import Testing

@testable import DossierKit

/// The validate stage on its own, between reading and linking: what the site's files
/// say of one another, reported at the line that says it, with nothing linked yet.
@Suite struct ValidateStageTests {
    func read(_ fixture: String) throws -> (Content, Diagnostics) {
        var diagnostics = Diagnostics()
        let site = try SiteLocation(TestSupport.fixture(fixture).path)
        let content = try ContentReader(site: site, includeDrafts: false).read(diagnostics: &diagnostics)
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
}
