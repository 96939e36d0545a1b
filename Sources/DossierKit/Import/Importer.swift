import Foundation

/// `dossier import`: raw extracts in, annotated Markdown articles out.
public struct Importer {
    public struct Options: Sendable {
        public var slug: String?
        /// The folder articles go to (`Content/articles` of the site by default); a year folder is added.
        public var destination: String?
        public var dryRun = false
        public var force = false
        /// Where draft entity files for the suggestions go, for review.
        public var suggestionFolder: String?

        public init(slug: String? = nil, destination: String? = nil, dryRun: Bool = false, force: Bool = false, suggestionFolder: String? = nil) {
            self.slug = slug
            self.destination = destination
            self.dryRun = dryRun
            self.force = force
            self.suggestionFolder = suggestionFolder
        }
    }

    public struct Result: Sendable {
        public var file: String
        /// Where the article was (or, with --dry-run, would be) written.
        public var articlePath: String
        public var markdown: String
        public var annotations: Int
        public var suggestions: [Suggestion]
        public var written: Bool
    }

    let site: SiteLocation
    let options: Options
    private let matcher: NameMatcher
    private let singulars: [String: String]
    private let knownNames: Set<String>

    /// Reads the site's registry of names; the site must be valid.
    public init(site: SiteLocation, options: Options, diagnostics: inout Diagnostics) throws {
        self.site = site
        self.options = options
        let content = try ContentReader(site: site, includeDrafts: true).read(diagnostics: &diagnostics)
        if diagnostics.hasErrors { throw ContentError(diagnostics: diagnostics.sorted) }
        let resolver = ReferenceResolver(kinds: content.config.kinds, entities: content.entities.map(\.ref))
        matcher = NameMatcher.forEntities(content.entities, diagnostics: &diagnostics, singular: resolver.singular)
        singulars = Dictionary(uniqueKeysWithValues: content.config.kinds.map { ($0.folder, $0.singular) })
        knownNames = Set(content.entities.flatMap { [$0.name] + $0.aliases.map(\.value) + $0.exclude.map(\.value) })
    }

    /// Imports one extract; problems with the file are errors in `diagnostics` (and nil).
    public func importFile(_ file: String, slugOverride: String?, diagnostics: inout Diagnostics) throws -> Result? {
        let whole = SourceLocation(path: file)
        guard let data = FileManager.default.contents(atPath: file) else {
            diagnostics.error("cannot read the file", at: whole)
            return nil
        }
        let text: String
        switch TextDecoding.decode(Array(data)) {
        case .success(let decoded):
            text = decoded.text
            if decoded.encoding != "UTF-8" { diagnostics.warning("converted from \(decoded.encoding) to UTF-8", at: whole) }
        case .failure(.empty):
            diagnostics.error("the file is empty", at: whole)
            return nil
        case .failure(.binary):
            diagnostics.error("the file is binary data, not a text extract", at: whole)
            return nil
        case .failure(.undecodable):
            diagnostics.error("the file is neither UTF-8 nor GB18030 text", at: whole)
            return nil
        }
        let extract: Extract
        switch ExtractParser(path: file).parse(text) {
        case .success(let parsed): extract = parsed
        case .failure(.noDate):
            diagnostics.error("no date found (expected a line such as '发布时间: 2022-02-17' near the top)", at: whole)
            return nil
        case .failure(.noBody):
            diagnostics.error("no article text found", at: whole)
            return nil
        }
        for warning in extract.warnings { diagnostics.append(warning) }

        var annotations = 0
        let body = extract.paragraphs.map { paragraph -> String in
            let (markdown, count) = annotate(paragraph)
            annotations += count
            return markdown
        }
        let slug = slugOverride ?? "\(extract.date.isoDay)-\(Self.shortHash(extract.title))"
        guard Naming.isValidID(slug), slug != "page" else {
            throw UsageError("--slug '\(slug)' must match [a-z0-9][a-z0-9-]*")
        }
        var frontMatter = "---\ntitle: \(Self.yamlString(extract.title))\ndate: \(extract.date.isoDay)\n"
        if let author = extract.author { frontMatter += "author: \(Self.yamlString(author))\n" }
        if let source = extract.source { frontMatter += "source: \(Self.yamlString(source))\n" }
        frontMatter += "---\n\n"
        let markdown = frontMatter + body.joined(separator: "\n\n") + "\n"

        let folder = (options.destination ?? site.displayPath("Content/articles")) + "/\(extract.date.year)"
        let path = folder + "/\(slug).md"
        var written = false
        if !options.dryRun {
            if FileManager.default.fileExists(atPath: path) && !options.force {
                diagnostics.error("\(path) exists already; pass --force to replace it", at: whole)
                return nil
            }
            try writeUserFile(markdown, to: path)
            written = true
        }
        let suggestions = SuggestionFinder.find(in: extract.paragraphs, known: knownNames)
        if let target = options.suggestionFolder, !options.dryRun {
            try writeDrafts(suggestions, to: target, article: slug)
        }
        return Result(
            file: file, articlePath: path, markdown: markdown, annotations: annotations, suggestions: suggestions,
            written: written)
    }

    /// The paragraph as Markdown, every registered name written as an explicit annotation.
    func annotate(_ paragraph: String) -> (String, Int) {
        let scalars = Array(paragraph.unicodeScalars)
        var markdown = ""
        var cursor = 0
        var count = 0
        for match in matcher.matches(in: scalars) {
            guard case .entity(let ref) = match.target, let singular = singulars[ref.kind] else { continue }
            markdown += Self.escapeMarkdown(String(scalars: scalars[cursor..<match.range.lowerBound]), atStart: cursor == 0)
            markdown += "[\(Self.escapeMarkdown(String(scalars: scalars[match.range]), atStart: false))](\(singular):\(ref.id))"
            cursor = match.range.upperBound
            count += 1
        }
        markdown += Self.escapeMarkdown(String(scalars: scalars[cursor...]), atStart: cursor == 0)
        return (markdown, count)
    }

    /// Backslash-escapes what Markdown would read as syntax, so the text renders as it was.
    static func escapeMarkdown(_ text: String, atStart: Bool) -> String {
        var result = ""
        for character in text {
            if "\\`*_[]<>&|~".contains(character) { result.append("\\") }
            result.append(character)
        }
        if atStart, let first = result.first, "#-+=>".contains(first) || first.isNumber && result.contains(where: { $0 == "." || $0 == ")" }) {
            if first.isNumber {
                // `1. text` would be a list item; escape its dot or parenthesis.
                if let index = result.firstIndex(where: { !$0.isNumber }), ".)".contains(result[index]) {
                    result.insert("\\", at: index)
                }
            } else {
                result = "\\" + result
            }
        }
        return result
    }

    /// A YAML scalar, double-quoted when a plain one would be misread.
    static func yamlString(_ text: String) -> String {
        let plainSafe = !text.isEmpty && !text.contains(where: { ":#\"'\\{}[],&*!|>%@`\n".contains($0) })
            && !text.hasPrefix(" ") && !text.hasSuffix(" ") && !text.hasPrefix("-") && !text.hasPrefix("?")
            && Double(text) == nil && !["true", "false", "null", "yes", "no", "~"].contains(text.lowercased())
        if plainSafe { return text }
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
        return "\"\(escaped)\""
    }

    /// FNV-1a of the text, six hex digits: the same title always gives the same slug.
    static func shortHash(_ text: String) -> String {
        var hash: UInt32 = 2_166_136_261
        for byte in text.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return String(format: "%06x", hash & 0xFF_FFFF)
    }

    private func writeDrafts(_ suggestions: [Suggestion], to folder: String, article: String) throws {
        for suggestion in suggestions {
            let singular = singulars[suggestion.kind] ?? suggestion.kind
            let path = "\(folder)/\(suggestion.kind)/\(singular)-\(Self.shortHash(suggestion.name)).md"
            guard !FileManager.default.fileExists(atPath: path) else { continue }
            var text = "---\nname: \(Self.yamlString(suggestion.name))\n"
            if let value = suggestion.value {
                text += "metric: \(Self.yamlString(suggestion.name))\n# target: \(value)  (check the number and unit)\n"
            }
            text += "---\n\n\(suggestion.sentence)\n\n<!-- Suggested by dossier import from \(article) (\(suggestion.why)). Review, give it a proper id and move it into Content/\(suggestion.kind)/. -->\n"
            try writeUserFile(text, to: path)
        }
    }
}
