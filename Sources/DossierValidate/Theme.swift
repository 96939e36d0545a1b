import DossierCore
import DossierLoad
import DossierTemplate
import Foundation

/// The templates and assets a site is built with, every template parsed: a
/// template that does not parse is an error at its line and column, and a theme
/// must have every page's template.
public struct Theme: @unchecked Sendable {
    public let library: TemplateLibrary
    /// Assets by their path under `assets/`, with the file they come from.
    public let assets: [(output: String, file: String)]
    /// The text of every template, by name, so that a cache can tell when one changed.
    public let templateTexts: [String: String]
    /// The theme's words in every language it has (`i18n/`).
    public let words: ThemeWords

    public static let pageTemplates = [
        "base", "home", "articles", "article", "kind", "entity", "404", "page", "search", "ledger", "digest",
        "digest-week",
    ]

    /// `templates` is the folder a site's own templates are in, where a missing one is reported.
    public init(_ files: ThemeFiles, templates: String, diagnostics: inout Diagnostics) {
        var library = TemplateLibrary()
        var texts: [String: String] = [:]
        for (name, source) in files.templates {
            do {
                library.register(try Template(source.text), named: name)
                texts[name] = source.text
            } catch let error as Template.SyntaxError {
                diagnostics.error(
                    "template syntax error: \(error.message)",
                    at: SourceLocation(path: source.path, line: error.line, column: error.column))
            } catch {
                diagnostics.error("template syntax error: \(error)", at: SourceLocation(path: source.path))
            }
        }
        for name in Self.pageTemplates where texts[name] == nil && !diagnostics.hasErrors {
            diagnostics.error("the theme has no template '\(name).mustache'", at: SourceLocation(path: templates))
        }
        self.library = library
        words = ThemeWords(files.words, diagnostics: &diagnostics)
        if words.tables["en"] == nil && !diagnostics.hasErrors {
            diagnostics.error("the theme has no words in English, 'i18n/en.yml'", at: SourceLocation(path: templates))
        }
        templateTexts = texts
        assets = files.assets
    }
}
