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
            let names = [Located(entity.name, at: nameLocation)] + entity.aliases
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
        // Tables only: a `|` ends a cell, and with it a link's text. The other extensions
        // make no link with a scheme of its own (autolinks are web and mail links).
        let document = MarkdownDocument(body, extensions: ["table"])
        return document.nodes().compactMap { node in
            guard node.isLink, node.url.contains(":"), !Self.isWebLink(node.url) else { return nil }
            return Located(node.url, at: node.location(in: source, lineOffset: lineOffset))
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
