import DossierCore
import Foundation

/// The load stage's part of the theme: the default theme's templates and assets,
/// each replaced by the site's own file of the same name (under `Templates/`)
/// where it has one; the templates as text.
public struct ThemeFiles: Sendable {
    /// Each template's text, by name (`article` for `article.mustache`), sorted by name.
    public var templates: [(name: String, source: SourceText)]
    /// Assets by their path under `assets/`, with the file they come from.
    public var assets: [(output: String, file: String)]
    /// The words of the theme (`i18n/<language>.yml`): the default theme's, then the site's.
    public var words: [(language: String, source: SourceText, site: Bool)] = []

    public init(site: SiteLocation, defaultDirectory: String?, diagnostics: inout Diagnostics) throws {
        guard let defaultDirectory else { throw EnvironmentError("the default theme was not found") }
        var sources: [String: (file: String, display: String)] = [:]
        var assets: [String: String] = [:]
        var wordFiles: [(language: String, file: String, display: String, site: Bool)] = []
        func collect(_ root: String, files: [String], display: (String) -> String) {
            for file in files {
                if file.hasPrefix("i18n/") && file.hasSuffix(".yml") && !file.dropFirst(5).contains("/") {
                    wordFiles.append(
                        (String(file.dropFirst(5).dropLast(4)), root + "/" + file, display(file), root != defaultDirectory))
                } else if file.hasPrefix("assets/") {
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
        var templates: [(name: String, source: SourceText)] = []
        for (name, source) in sources.sorted(by: { $0.key < $1.key }) {
            guard let data = FileManager.default.contents(atPath: source.file) else {
                diagnostics.error("cannot read the template", at: SourceLocation(path: source.display))
                continue
            }
            switch SourceText.decode(Array(data), path: source.display) {
            case .success(let decoded): templates.append((name, decoded))
            case .failure(let problem): diagnostics.append(problem)
            }
        }
        self.templates = templates
        for item in wordFiles {
            guard let data = FileManager.default.contents(atPath: item.file) else {
                diagnostics.error("cannot read the file", at: SourceLocation(path: item.display))
                continue
            }
            switch SourceText.decode(Array(data), path: item.display) {
            case .success(let decoded): words.append((item.language, decoded, item.site))
            case .failure(let problem): diagnostics.append(problem)
            }
        }
        self.assets = assets.sorted { $0.key < $1.key }.map { (output: $0.key, file: $0.value) }
    }
}
