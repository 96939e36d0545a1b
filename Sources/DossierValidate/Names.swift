import CCmarkGFM
import DossierCore
import DossierMarkdown

extension Validation {
    /// A name, alias or excluded phrase that autolinking looks for, and the entity
    /// it links to: none when two entities share it or it is excluded.
    public struct Name: Sendable, Equatable {
        public var text: String
        public var owner: EntityRef?
    }
}

extension Validator {
    /// Every entity's name and aliases, and the phrases excluded. A name too short
    /// or too common to autolink is warned about and left out; a name or alias that
    /// two entities share is ambiguous: it is warned about, and links neither.
    package static func names(_ entities: [Entity], singular: (EntityRef) -> String, diagnostics: inout Diagnostics)
        -> [Validation.Name]
    {
        var owners: [String: [(ref: EntityRef, location: SourceLocation)]] = [:]
        var order: [String] = []
        var excluded: Set<String> = []
        for entity in entities.sorted(by: { $0.ref < $1.ref }) {
            let nameLocation = entity.nameLocation ?? SourceLocation(path: entity.source.path)
            let names = [Located(entity.name, at: nameLocation)] + entity.names.map(\.name) + entity.aliases
            var seen: Set<String> = []
            for name in names where seen.insert(name.value).inserted {
                if let problem = Naming.unlinkableName(name.value) {
                    diagnostics.warning("\(problem); it is never autolinked", at: name.location)
                    continue
                }
                if owners[name.value] == nil { order.append(name.value) }
                // Two files with one id are reported as a duplicate id, not as a shared name.
                if owners[name.value]?.contains(where: { $0.ref == entity.ref }) == true { continue }
                owners[name.value, default: []].append((entity.ref, name.location))
            }
            for phrase in entity.exclude where !phrase.value.isEmpty { excluded.insert(phrase.value) }
        }
        var result: [Validation.Name] = []
        for text in order {
            let claims = owners[text]!
            if claims.count > 1 {
                let who = claims.map { "\(singular($0.ref)):\($0.ref.id)" }.joined(separator: " and ")
                diagnostics.warning(
                    "the name '\(text)' belongs to both \(who); it is not autolinked to either", at: claims[1].location)
                result.append(Validation.Name(text: text, owner: nil))
            } else {
                result.append(Validation.Name(text: text, owner: excluded.contains(text) ? nil : claims[0].ref))
            }
        }
        for phrase in excluded.sorted() where owners[phrase] == nil {
            result.append(Validation.Name(text: phrase, owner: nil))
        }
        return result
    }

    /// The destinations of a Markdown text's links that name a scheme (those that
    /// may be annotations, `institution:jiangsu-ipa`), each where it is written.
    package static func links(in body: String, source: SourceText, lineOffset: Int) -> [Located<String>] {
        allLinks(in: body, source: source, lineOffset: lineOffset).annotations
    }

    /// Those, and the links and images that lead to other pages and files of the site
    /// (`article:x`, `page:x`, relative paths).
    package static func allLinks(in body: String, source: SourceText, lineOffset: Int) -> (
        annotations: [Located<String>], pages: [Located<String>]
    ) {
        // Tables only: a `|` ends a cell, and with it a link's text. The other extensions
        // make no link with a scheme of its own (autolinks are web and mail links).
        let document = MarkdownDocument(body, extensions: ["table"])
        var annotations: [Located<String>] = []
        var pages: [Located<String>] = []
        for node in document.nodes() where node.isLink || node.type == CMARK_NODE_IMAGE {
            let url = node.url
            if node.isLink && url.contains(":") && !Self.isWebLink(url) {
                annotations.append(Located(url, at: node.location(in: source, lineOffset: lineOffset)))
            }
            if Self.isPageLink(url) {
                var place = node.location(in: source, lineOffset: lineOffset)
                // cmark-gfm places an image at its `[`: the `!` before it is where it is written.
                if node.type == CMARK_NODE_IMAGE && place.column > 1 { place.column -= 1 }
                pages.append(Located(url, at: place))
            }
        }
        return (annotations, pages)
    }

    /// `article:x`, `page:x`, or a relative path (no scheme, not from the root, not a fragment alone).
    package static func isPageLink(_ url: String) -> Bool {
        guard let first = url.first, first != "/", first != "#", first != "?" else { return false }
        let lower = url.prefix(8).lowercased()
        if lower.hasPrefix("article:") || lower.hasPrefix("page:") { return true }
        guard let colon = url.firstIndex(of: ":") else { return true }
        let scheme = url[..<colon]
        let isScheme =
            scheme.first?.isLetter == true
            && scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
        // A colon after a slash or in a file name is no scheme's (`a/b:c.png` is relative).
        return !isScheme
    }

    /// Every link between pages of a text leads somewhere: an unknown page or Markdown
    /// file is an error; a file the site does not publish a warning (which `check`, finding
    /// the link broken in the built site, reports as an error). `page` is the folder of the
    /// text's page, from which a link written for the built site leads.
    package static func pageLinks(
        _ links: [Located<String>], file: String, page: String, targets: PageTargets, files: Set<String>,
        diagnostics: inout Diagnostics
    ) {
        for link in links {
            switch targets.resolve(link.value, from: file, page: page) {
            case .unknown(let message): diagnostics.error(message, at: link.location)
            case .unpublished(let message, _): diagnostics.warning(message, at: link.location)
            case .file(_, _, let target, _):
                guard !files.contains(target) else { continue }
                diagnostics.warning("'\(link.value)' leads to \(target), which does not exist", at: link.location)
            case .heldBack(let key, let reason):
                diagnostics.warning(
                    "'\(link.value)' leads to \(key), \(reason): the link is left out until it is published",
                    at: link.location)
            case .page, .other: continue
            }
        }
    }

    private static func isWebLink(_ url: String) -> Bool {
        let lower = url.prefix(8).lowercased()
        return lower.hasPrefix("https://") || lower.hasPrefix("http://")
    }

    /// Every link of a text that looks like an annotation resolves to an entity.
    package static func annotations(
        _ links: [Located<String>], resolver: ReferenceResolver, diagnostics: inout Diagnostics
    ) {
        for link in links {
            if case .invalid(let message) = resolver.resolveLink(link.value) {
                diagnostics.error(message, at: link.location)
            }
        }
    }
}
