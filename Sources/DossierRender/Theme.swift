import DossierCore
import DossierLink
import DossierLoad
import DossierPlan
import DossierTemplate
import Foundation

/// The templates and assets a site is built with: the default theme's, each
/// replaced by the site's own file of the same name where it has one.
public struct Theme: @unchecked Sendable {
    public let library: TemplateLibrary
    /// Assets by their path under `assets/`, with the file they come from.
    public let assets: [(output: String, file: String)]
    /// The text of every template, by name, so that a cache can tell when one changed.
    public let templateTexts: [String: String]

    public static let pageTemplates = ["base", "home", "articles", "article", "kind", "entity", "404"]

    /// Loads the default theme and the site's overrides; a template that does not
    /// parse is a content error at its line and column.
    public init(site: SiteLocation, defaultDirectory: String?, diagnostics: inout Diagnostics) throws {
        guard let defaultDirectory else { throw EnvironmentError("the default theme was not found") }
        var sources: [String: (file: String, display: String)] = [:]
        var assets: [String: String] = [:]
        func collect(_ root: String, files: [String], display: (String) -> String) {
            for file in files {
                if file.hasPrefix("assets/") {
                    assets[String(file.dropFirst(7))] = root + "/" + file
                } else if file.hasSuffix(".mustache") {
                    sources[String(file.dropLast(9))] = (root + "/" + file, display(file))
                }
            }
        }
        let defaultFiles = listFiles(defaultDirectory)
        collect(defaultDirectory, files: defaultFiles) { defaultDirectory + "/" + $0 }
        if FileManager.default.fileExists(atPath: site.absolute("Templates")) {
            let files = FileWalker(site: site).walk("Templates", diagnostics: &diagnostics)
            collect(site.absolute("Templates"), files: files.map { String($0.dropFirst("Templates/".count)) }) {
                site.displayPath("Templates/" + $0)
            }
        }
        var library = TemplateLibrary()
        var texts: [String: String] = [:]
        for (name, source) in sources.sorted(by: { $0.key < $1.key }) {
            guard let data = FileManager.default.contents(atPath: source.file) else {
                diagnostics.error("cannot read the template", at: SourceLocation(path: source.display))
                continue
            }
            let text: String
            switch SourceText.decode(Array(data), path: source.display) {
            case .success(let decoded): text = decoded.text
            case .failure(let problem):
                diagnostics.append(problem)
                continue
            }
            do {
                library.register(try Template(text), named: name)
                texts[name] = text
            } catch let error as Template.SyntaxError {
                diagnostics.error(
                    "template syntax error: \(error.message)",
                    at: SourceLocation(path: source.display, line: error.line, column: error.column))
            } catch {
                diagnostics.error("template syntax error: \(error)", at: SourceLocation(path: source.display))
            }
        }
        for name in Self.pageTemplates where texts[name] == nil && !diagnostics.hasErrors {
            diagnostics.error(
                "the theme has no template '\(name).mustache'", at: SourceLocation(path: site.displayPath("Templates")))
        }
        self.library = library
        templateTexts = texts
        self.assets = assets.sorted { $0.key < $1.key }.map { (output: $0.key, file: $0.value) }
    }

    public func render(_ page: Page) -> String {
        library.render(page.context, template: page.template) ?? ""
    }
}
