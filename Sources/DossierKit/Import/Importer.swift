import DossierCore
import DossierLink
import DossierStore
import DossierTemplate
import DossierValidate
import Foundation

/// `dossier import`: raw extracts in, annotated Markdown articles out.
public struct Importer {
    public struct Options: Sendable {
        public var slug: String?
        /// The article's date, for extracts that give none (`--date`).
        public var date: DateValue?
        /// The folder articles go to (`Content/articles` of the site by default); a year folder is added.
        public var destination: String?
        public var dryRun = false
        public var force = false
        /// Where draft entity files for the suggestions go, for review.
        public var suggestionFolder: String?

        public init(
            slug: String? = nil, date: DateValue? = nil, destination: String? = nil, dryRun: Bool = false,
            force: Bool = false,
            suggestionFolder: String? = nil
        ) {
            self.slug = slug
            self.date = date
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
        /// The article of the site that already holds this extract, when it was not imported again.
        public var alreadyIn: String?
    }

    /// An article the site holds (or this run wrote), as far as telling a repeated import goes.
    private struct KnownArticle {
        var path: String
        var slug: String
        var date: String
        var title: String
        var body: String
    }

    package let site: SiteLocation
    package let options: Options
    private let matcher: NameMatcher
    private let singulars: [String: String]
    private let knownNames: Set<String>
    private let peopleFolder: String
    private var articles: [KnownArticle]

    /// Reads the site's registry of names; the site must be valid. A folder for
    /// suggestions inside `Content/` is refused: what is there is published.
    public init(site: SiteLocation, options: Options, diagnostics: inout Diagnostics) throws {
        self.site = site
        self.options = options
        if let folder = options.suggestionFolder {
            try Self.refuseInsideContent(folder, site: site)
        }
        let (content, validation) = try ContentPass(site: site, includeDrafts: true).run(diagnostics: &diagnostics)
        if diagnostics.hasErrors { throw ContentError(diagnostics: diagnostics.sorted) }
        matcher = NameMatcher(names: validation.names)
        singulars = Dictionary(uniqueKeysWithValues: content.config.kinds.map { ($0.folder, $0.singular) })
        knownNames = Set(content.entities.flatMap { [$0.name] + $0.aliases.map(\.value) + $0.exclude.map(\.value) })
        peopleFolder = content.config.kind(singular: "person")?.folder ?? "people"
        articles = content.articles.map {
            KnownArticle(
                path: $0.source.path, slug: $0.slug, date: $0.date.isoDay, title: Self.fingerprint($0.title),
                body: Self.fingerprint(markdown: $0.body))
        }
    }

    /// `--suggest-files DIR` must not lead into `Content/` (through `..` or a symlink):
    /// a draft there is a live page.
    package static func refuseInsideContent(_ folder: String, site: SiteLocation) throws {
        let content = Self.resolve(site.absolute("Content"))
        let target = Self.resolve(folder)
        if target == content || target.hasPrefix(content + "/") {
            throw UsageError(
                "the folder for suggested files, '\(folder)', is inside the site's Content/ folder, where every file is published; "
                    + "give a folder outside Content/ (such as Suggested), review the drafts, and move each into Content/ yourself"
            )
        }
    }

    /// The absolute path, with `.`, `..` and every symlink of the part that exists resolved.
    package static func resolve(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var parts: [Substring] = []
        for component in absolute.split(separator: "/") {
            if component == "." { continue }
            if component == ".." {
                _ = parts.popLast()
                continue
            }
            parts.append(component)
            if let real = realpath("/" + parts.joined(separator: "/"), nil) {
                parts = String(cString: real).split(separator: "/")
                free(real)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Imports one extract; problems with the file are errors in `diagnostics` (and nil).
    public mutating func importFile(_ file: String, slugOverride: String?, diagnostics: inout Diagnostics) throws
        -> Result?
    {
        let whole = SourceLocation(path: file)
        let data = try NamedFile.read(file)
        let text: String
        switch TextDecoding.decode(Array(data)) {
        case .success(let decoded):
            text = decoded.text
            if decoded.encoding != "UTF-8" {
                diagnostics.warning("converted from \(decoded.encoding) to UTF-8", at: whole)
            }
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
        switch ExtractParser(path: file).parse(text, date: options.date) {
        case .success(let parsed): extract = parsed
        case .failure(.noDate):
            diagnostics.error(
                "no date found (expected a line such as '发布时间: 2022-02-17' near the top)", at: whole,
                remedy: .giveTheDate)
            return nil
        case .failure(.noBody):
            diagnostics.error("no article text found", at: whole)
            return nil
        }
        for warning in extract.warnings { diagnostics.append(warning) }

        var annotations = 0
        let body = extract.blocks.map { block -> String in
            switch block {
            case .heading(let text):
                return "## " + Self.escapeHeading(text)
            case .paragraph(let paragraph):
                let (markdown, count) = annotate(paragraph)
                annotations += count
                return markdown
            }
        }
        var frontMatter = "---\ntitle: \(Self.yamlString(extract.title))\ndate: \(extract.date.isoDay)\n"
        if let author = extract.author { frontMatter += "author: \(Self.yamlString(author))\n" }
        if let source = extract.source { frontMatter += "source: \(Self.yamlString(source))\n" }
        if let subtitle = extract.subtitle { frontMatter += "summary: \(Self.yamlString(subtitle))\n" }
        frontMatter += "---\n\n"
        let markdown = frontMatter + body.joined(separator: "\n\n") + "\n"

        // The same extract imported before, under whatever slug: report it, do not import it twice.
        let titles = [extract.title, extract.title + (extract.subtitle ?? "")].map { Self.fingerprint($0) }
        let bodyPrint = Self.fingerprint(markdown: body.joined(separator: "\n\n"))
        let twin = articles.first { known in
            known.body == bodyPrint || (known.date == extract.date.isoDay && titles.contains(known.title))
        }

        let slug = slugOverride ?? Self.defaultSlug(title: extract.title, date: extract.date)
        guard Naming.isValidID(slug), slug != "page" else {
            throw UsageError("the slug '\(slug)' must match [a-z0-9][a-z0-9-]*")
        }
        var path = (options.destination ?? site.displayPath("Content/articles")) + "/\(extract.date.year)/\(slug).md"
        // Articles written elsewhere (`--to`) are not the site's yet: their slugs cannot collide.
        let intoSite = Self.resolve(path).hasPrefix(Self.resolve(site.absolute("Content")) + "/")
        if let twin {
            guard options.force else {
                diagnostics.warning(
                    "already in the site as \(twin.path) (the same \(twin.body == bodyPrint ? "text" : "title and date")); "
                        + "not imported again",
                    at: whole, remedy: .replaceExisting)
                return Result(
                    file: file, articlePath: twin.path, markdown: markdown, annotations: annotations, suggestions: [],
                    written: false, alreadyIn: twin.path)
            }
            // Replacing it: in its place, unless told where.
            if slugOverride == nil && options.destination == nil {
                path = twin.path
            } else if twin.path != path && intoSite {
                diagnostics.warning("also in the site as \(twin.path); remove one of the two", at: whole)
            }
        } else if intoSite, let taken = articles.first(where: { $0.slug == slug }), taken.path != path {
            diagnostics.error("the slug '\(slug)' is taken by \(taken.path)", at: whole, remedy: .nameTheArticle)
            return nil
        }
        var written = false
        if !options.dryRun {
            if FileManager.default.fileExists(atPath: path) && !options.force {
                diagnostics.error("\(path) exists already", at: whole, remedy: .replaceExisting)
                return nil
            }
            try writeUserFile(markdown, to: path)
            written = true
            articles.removeAll { $0.path == path }
            articles.append(
                KnownArticle(path: path, slug: slug, date: extract.date.isoDay, title: titles[0], body: bodyPrint))
        }
        let suggestions = SuggestionFinder.find(in: extract.paragraphs, known: knownNames, people: peopleFolder)
        if let target = options.suggestionFolder, !options.dryRun {
            try writeDrafts(suggestions.filter { !$0.weak }, to: target, article: slug)
        }
        return Result(
            file: file, articlePath: path, markdown: markdown, annotations: annotations, suggestions: suggestions,
            written: written, alreadyIn: nil)
    }

    /// Text reduced to its letters and digits, lowercased: the same extract gives the
    /// same print whatever its spacing, punctuation width or annotations.
    package static func fingerprint(_ text: String) -> String {
        String(
            text.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil })
    }

    /// A Markdown body's print: link destinations (annotations) and markup left out.
    package static func fingerprint(markdown: String) -> String {
        fingerprint(markdown.replacingOccurrences(of: #"\]\([^)\s]*\)"#, with: "]", options: .regularExpression))
    }

    /// The Latin words of the title where it has some (`ofgem-price-cap`; with the
    /// date first when the title is mostly in another script), else the date and a
    /// hash of the title.
    package static func defaultSlug(title: String, date: DateValue) -> String {
        let folded = title.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        let words = folded.split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }.map(String.init)
        let latin = words.filter { $0.contains(where: \.isLetter) }
        guard !latin.isEmpty else { return "\(date.isoDay)-\(shortHash(title))" }
        let latinLetters = latin.joined().filter(\.isLetter).count
        let mostlyLatin = latinLetters * 2 >= title.filter(\.isLetter).count
        var slug = ""
        for word in mostlyLatin ? words : latin {
            if !slug.isEmpty && slug.count + 1 + word.count > 60 { break }
            slug += (slug.isEmpty ? "" : "-") + String(word.prefix(60))
        }
        return mostlyLatin ? slug : "\(date.isoDay)-\(slug)"
    }

    /// A subheading's text, escaped so that it renders as it reads.
    package static func escapeHeading(_ text: String) -> String {
        var escaped = escapeMarkdown(text, atStart: false)
        // A closing run of `#` would be dropped as the heading's closing sequence.
        if escaped.hasSuffix("#") { escaped.insert("\\", at: escaped.index(before: escaped.endIndex)) }
        return escaped
    }

    /// The paragraph as Markdown, every registered name written as an explicit annotation.
    package func annotate(_ paragraph: String) -> (String, Int) {
        let scalars = Array(paragraph.unicodeScalars)
        var markdown = ""
        var cursor = 0
        var count = 0
        for match in matcher.matches(in: scalars) {
            guard case .entity(let ref) = match.target, let singular = singulars[ref.kind] else { continue }
            markdown += Self.escapeMarkdown(
                String(scalars: scalars[cursor..<match.range.lowerBound]), atStart: cursor == 0)
            markdown +=
                "[\(Self.escapeMarkdown(String(scalars: scalars[match.range]), atStart: false))](\(singular):\(ref.id))"
            cursor = match.range.upperBound
            count += 1
        }
        markdown += Self.escapeMarkdown(String(scalars: scalars[cursor...]), atStart: cursor == 0)
        return (markdown, count)
    }

    /// Backslash-escapes what Markdown would read as syntax, so the text renders as it was.
    package static func escapeMarkdown(_ text: String, atStart: Bool) -> String {
        var result = ""
        for character in text {
            if "\\`*_[]<>&|~".contains(character) { result.append("\\") }
            result.append(character)
        }
        if atStart, let first = result.first,
            "#-+=>".contains(first) || first.isNumber && result.contains(where: { $0 == "." || $0 == ")" })
        {
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
    package static func yamlString(_ text: String) -> String {
        let plainSafe =
            !text.isEmpty && !text.contains(where: { ":#\"'\\{}[],&*!|>%@`\n".contains($0) })
            && !text.hasPrefix(" ") && !text.hasSuffix(" ") && !text.hasPrefix("-") && !text.hasPrefix("?")
            && Double(text) == nil && !["true", "false", "null", "yes", "no", "~"].contains(text.lowercased())
        if plainSafe { return text }
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
        return "\"\(escaped)\""
    }

    /// FNV-1a of the text, six hex digits: the same title always gives the same slug.
    package static func shortHash(_ text: String) -> String {
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
            text +=
                "---\n\n\(suggestion.sentence)\n\n<!-- Suggested by dossier import from \(article) (\(suggestion.why)). Review, give it a proper id and move it into Content/\(suggestion.kind)/. -->\n"
            try writeUserFile(text, to: path)
        }
    }
}
