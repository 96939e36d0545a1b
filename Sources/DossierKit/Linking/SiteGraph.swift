import Foundation

public struct LinkedArticle: Sendable {
    public var article: Article
    /// Nil once the body is in the build store, which hands it back when the page is written.
    public var body: RootRelativeHTML?
    public var summary: String
    public var mentions: [Mention]
    /// The entities it mentions, each once, in the order they first appear.
    public var entities: [EntityRef]
    /// Everything the article and its linking were made from: its text, and every name it may link to.
    var key = Fingerprint(words: (0, 0, 0, 0))
}

public struct LinkedEntity: Sendable {
    public var entity: Entity
    public var html: String
    public var summary: String
    public var parent: EntityRef?
    public var related: [EntityRef]
    public var responsible: [EntityRef]
    public var supersededBy: EntityRef?
    /// Everything the entity's page facts were made from: its file, and every name its description may link to.
    var key = Fingerprint(words: (0, 0, 0, 0))
}

/// An article's quotes about one entity: each sentence once.
public struct Citation: Sendable {
    public var article: Int
    public var sentences: [Sentence]
}

/// The site with everything resolved: articles and entities, and every link
/// between them in both directions.
public struct SiteGraph: Sendable {
    public var config: SiteConfig
    /// Newest first.
    public var articles: [LinkedArticle]
    public var entities: [EntityRef: LinkedEntity]
    /// Every entity, kind by kind in site.yml's order, then by name.
    public var entityOrder: [EntityRef]
    /// For each entity, the articles that mention it, newest first.
    public var citations: [EntityRef: [Citation]]
    public var children: [EntityRef: [EntityRef]]
    /// `related`, shown on both pages.
    public var related: [EntityRef: [EntityRef]]
    public var responsibleFor: [EntityRef: [EntityRef]]
    public var supersedes: [EntityRef: [EntityRef]]
    /// The entities most often mentioned in the same articles, with the count.
    public var coMentions: [EntityRef: [(entity: EntityRef, count: Int)]]
    /// For each article (by index), related articles ranked by shared entities.
    public var relatedArticles: [[Int]]
    /// For each figure, the reported observations, oldest first, with the article that reported each.
    public var observations: [EntityRef: [(observation: Observation, article: Int)]]

    public func entities(of kind: EntityKind) -> [EntityRef] { entityOrder.filter { $0.kind == kind.folder } }
    public func name(_ ref: EntityRef) -> String { entities[ref]?.entity.name ?? ref.id }
    public func mentionCount(_ ref: EntityRef) -> Int { citations[ref]?.count ?? 0 }
}

/// Resolves every reference of the content and builds the `SiteGraph`.
public struct SiteLinker {
    public var content: Content

    public init(content: Content) { self.content = content }

    public static let relatedArticleLimit = 5
    public static let coMentionLimit = 10
    public static let relatedCandidatesPerEntity = 64

    /// Adds every problem to `diagnostics`, and throws `ContentError` with all of
    /// them (those found earlier included) when any is an error. Articles whose
    /// rendered Markdown is in `cache` (same text, same registry) are not rendered again.
    public func link(diagnostics: inout Diagnostics) throws -> SiteGraph {
        var linked: [(path: String, linked: BuildStore.Linked, body: String)] = []
        return try link(diagnostics: &diagnostics, stored: [:], reread: { $0 }, linked: &linked)
    }

    /// `stored` is what the build store holds of each article's linking, by its
    /// file's path; `reread` gives the text of articles that came from the store
    /// without it and must be linked again. What this linking made anew goes to `linked`.
    func link(
        diagnostics: inout Diagnostics, stored: [String: BuildStore.Linked], reread: ([Article]) -> [Article],
        linked newRows: inout [(path: String, linked: BuildStore.Linked, body: String)]
    ) throws -> SiteGraph {
        let config = content.config
        let resolver = ReferenceResolver(
            kinds: config.kinds, entities: content.entities.map(\.ref) + content.unreadableEntities)
        let names = Dictionary(content.entities.map { ($0.ref, $0.name) }, uniquingKeysWith: { a, _ in a })
        let matcher = NameMatcher.forEntities(content.entities, diagnostics: &diagnostics, singular: resolver.singular)
        let linker = MarkdownLinker(
            resolver: resolver, options: MarkdownOptions(unsafeHTML: config.unsafeHTML), names: names, matcher: matcher)

        // Entities: their references, then their descriptions.
        var linkedEntities: [EntityRef: LinkedEntity] = [:]
        let renderedEntities = content.entities.parallelMap { entity in
            linker.link(body: entity.body, source: entity.source, lineOffset: entity.bodyLineOffset)
        }
        for (entity, rendered) in zip(content.entities, renderedEntities) {
            diagnostics.append(contentsOf: rendered.diagnostics)
            func ref(_ text: Located<String>, field: String) -> EntityRef? {
                switch resolver.resolve(text.value) {
                case .entity(let ref): return ref
                case .invalid(let message): diagnostics.error("'\(field)': \(message)", at: text.location)
                case .ordinary, .dangerous: diagnostics.error("'\(field)': '\(text.value)' is not a reference", at: text.location)
                }
                return nil
            }
            let parent = entity.parent.flatMap { ref($0, field: "parent") }
            if let parent, parent.kind != entity.ref.kind, let location = entity.parent?.location {
                diagnostics.error("'parent' must be an entity of the same kind (\(entity.ref.kind)), not \(parent.kind)", at: location)
            }
            if parent == entity.ref, let location = entity.parent?.location {
                diagnostics.error("an entity cannot be its own parent", at: location)
            }
            var responsible: [EntityRef] = []
            for text in entity.responsible {
                guard let found = ref(text, field: "responsible") else { continue }
                if found.kind != "institutions" {
                    diagnostics.error("'responsible' lists institutions, and '\(text.value)' is not one", at: text.location)
                }
                responsible.append(found)
            }
            linkedEntities[entity.ref] = LinkedEntity(
                entity: entity, html: rendered.html, summary: rendered.firstParagraph, parent: parent,
                related: entity.related.compactMap { ref($0, field: "related") }.filter { $0 != entity.ref },
                responsible: responsible, supersededBy: entity.supersededBy.flatMap { ref($0, field: "superseded_by") })
            if entity.status == .superseded && entity.supersededBy == nil {
                diagnostics.warning("status is superseded but 'superseded_by' is not set", at: SourceLocation(path: entity.source.path))
            }
        }
        checkParentCycles(linkedEntities, diagnostics: &diagnostics)

        // Articles, newest first; equal dates by slug, so that the order is stable.
        var articles = content.articles.sorted { ($1.date, $0.slug) < ($0.date, $1.slug) }
        // An article renders the same as long as its text and every name and id it may link to are the same.
        var registry = FingerprintHasher()
        for kind in config.kinds {
            registry.combine(kind.folder)
            registry.combine(kind.singular)
        }
        for entity in content.entities.sorted(by: { $0.ref < $1.ref }) {
            registry.combine(entity.ref.description)
            registry.combine(entity.name)
            for alias in entity.aliases { registry.combine(alias.value) }
            registry.combine("|")
            for phrase in entity.exclude { registry.combine(phrase.value) }
            registry.combine("|")
        }
        for ref in content.unreadableEntities { registry.combine(ref.description) }
        registry.combine(config.autolink.rawValue)
        registry.combine(config.unsafeHTML ? 1 : 0)
        let registryKey = registry.finalize()
        for ref in linkedEntities.keys {
            var hasher = FingerprintHasher()
            hasher.combine(registryKey)
            hasher.combine(linkedEntities[ref]!.entity.source.path)
            hasher.combine(linkedEntities[ref]!.entity.source.text)
            linkedEntities[ref]!.key = hasher.finalize()
        }
        let keys = articles.map { article -> Fingerprint in
            var hasher = FingerprintHasher()
            hasher.combine(registryKey)
            hasher.combine(article.source.path)
            if let hash = article.contentHash { hasher.combine(hash) } else { hasher.combine(article.source.text) }
            return hasher.finalize()
        }
        let sorted = articles
        let remembered = Array(sorted.indices).parallelMap { index -> (mentions: [Mention], firstParagraph: String)? in
            guard let row = stored[sorted[index].source.path], row.key == keys[index] else { return nil }
            return try? RecordCoding.mentions(row.mentions)
        }
        // Articles that came from the store without their text, and must be linked again.
        let textless = articles.indices.filter { remembered[$0] == nil && articles[$0].contentHash != nil && articles[$0].source.text.isEmpty }
        for (index, article) in zip(textless, reread(textless.map { articles[$0] })) { articles[index] = article }
        let toLink = articles
        let rendered = Array(toLink.indices).parallelMap { index -> LinkedMarkdown in
            if let remembered = remembered[index] {
                return LinkedMarkdown(
                    body: RootRelativeHTML(marked: ""), mentions: remembered.mentions, firstParagraph: remembered.firstParagraph, diagnostics: Diagnostics())
            }
            let article = toLink[index]
            return linker.link(
                body: article.body, source: article.source, lineOffset: article.bodyLineOffset,
                autolink: article.autolink ?? config.autolink)
        }
        for index in articles.indices where remembered[index] == nil && rendered[index].diagnostics.items.isEmpty {
            let result = rendered[index]
            let row = BuildStore.Linked(
                key: keys[index], mentions: RecordCoding.mentions(result.mentions, firstParagraph: result.firstParagraph))
            newRows.append((articles[index].source.path, row, result.body.marked))
        }
        var linkedArticles: [LinkedArticle] = []
        var observations: [EntityRef: [(observation: Observation, article: Int)]] = [:]
        for (index, (article, result)) in zip(articles, rendered).enumerated() {
            diagnostics.append(contentsOf: result.diagnostics)
            // A figure whose value the article reports counts as mentioned, after those the text names.
            let reportedFigures = article.observations.map(\.figureRef)
            var seen: Set<EntityRef> = []
            let entities = (result.mentions.map(\.entity) + reportedFigures.filter { linkedEntities[$0] != nil })
                .filter { seen.insert($0).inserted }
            let summary = article.summary ?? result.firstParagraph
            // The Markdown is not needed once rendered: pages keep only the HTML.
            var lean = article
            lean.body = ""
            lean.source = article.source.withoutText
            linkedArticles.append(
                LinkedArticle(
                    article: lean, body: remembered[index] == nil ? result.body : nil, summary: summary, mentions: result.mentions,
                    entities: entities, key: keys[index]))
            for (reported, ref) in zip(article.observations, reportedFigures) {
                let id = ref.id
                if content.unreadableEntities.contains(ref) { continue }
                if linkedEntities[ref] == nil {
                    let hint = Naming.suggestion(for: id, among: linkedEntities.keys.filter { $0.kind == "figures" }.map(\.id).sorted())
                        .map { " (did you mean '\($0)'?)" } ?? ""
                    diagnostics.error("unknown figure '\(id)'\(hint)", at: reported.figure.location)
                } else {
                    observations[ref, default: []].append((reported.observation, index))
                }
            }
        }
        if diagnostics.hasErrors { throw ContentError(diagnostics: diagnostics.sorted) }

        let kindOrder = Dictionary(uniqueKeysWithValues: config.kinds.enumerated().map { ($1.folder, $0) })
        let entityOrder = linkedEntities.keys.sorted {
            (kindOrder[$0.kind] ?? 0, linkedEntities[$0]!.entity.name, $0.id) < (kindOrder[$1.kind] ?? 0, linkedEntities[$1]!.entity.name, $1.id)
        }
        var graph = SiteGraph(
            config: config, articles: linkedArticles, entities: linkedEntities, entityOrder: entityOrder, citations: [:],
            children: [:], related: [:], responsibleFor: [:], supersedes: [:], coMentions: [:], relatedArticles: [],
            observations: observations.mapValues { $0.sorted { ($0.observation.date, $0.article) < ($1.observation.date, $1.article) } })
        graph.addRelations()
        graph.addCitations()
        graph.addRelatedArticles()
        return graph
    }

    /// Each cycle once, at the `parent:` line of the member whose file sorts first.
    private func checkParentCycles(_ entities: [EntityRef: LinkedEntity], diagnostics: inout Diagnostics) {
        for ref in entities.keys.sorted() {
            var chain = [ref]
            var current = entities[ref]?.parent
            while let next = current, entities[next] != nil {
                if next == ref {
                    let first = chain.min { entities[$0]!.entity.source.path < entities[$1]!.entity.source.path }
                    guard first == ref, chain.count > 1 else { break }  // a self-parent is its own error
                    let path = (chain + [ref]).map(\.id).joined(separator: " → ")
                    diagnostics.error("parent cycle: \(path)", at: entities[ref]!.entity.parent!.location)
                    break
                }
                if chain.contains(next) { break }  // a cycle further up, reported from its own members
                chain.append(next)
                current = entities[next]?.parent
            }
        }
    }
}

extension SiteGraph {
    fileprivate mutating func addRelations() {
        func add(_ map: inout [EntityRef: [EntityRef]], _ key: EntityRef, _ value: EntityRef) {
            if !(map[key]?.contains(value) ?? false) { map[key, default: []].append(value) }
        }
        for ref in entityOrder {
            let entity = entities[ref]!
            if let parent = entity.parent { add(&children, parent, ref) }
            for other in entity.related {
                add(&related, ref, other)
                add(&related, other, ref)
            }
            for institution in entity.responsible { add(&responsibleFor, institution, ref) }
            if let newer = entity.supersededBy { add(&supersedes, newer, ref) }
        }
        let position = Dictionary(uniqueKeysWithValues: entityOrder.enumerated().map { ($1, $0) })
        for map in [\SiteGraph.children, \.related, \.responsibleFor, \.supersedes] {
            self[keyPath: map] = self[keyPath: map].mapValues { $0.sorted { position[$0]! < position[$1]! } }
        }
    }

    fileprivate mutating func addCitations() {
        // Entities by position, so that counting pairs works on arrays, not nested dictionaries.
        let position = Dictionary(uniqueKeysWithValues: entityOrder.enumerated().map { ($1, $0) })
        var pairs = [[Int: Int]](repeating: [:], count: entityOrder.count)
        var lists = [[Citation]](repeating: [], count: entityOrder.count)
        for (index, linked) in articles.enumerated() {
            var sentences: [EntityRef: [Sentence]] = [:]
            var seen: Set<EntityRef.SentenceKeyOf> = []
            for mention in linked.mentions where seen.insert(.init(entity: mention.entity, key: mention.sentenceKey)).inserted {
                sentences[mention.entity, default: []].append(mention.sentence)
            }
            let members = linked.entities.compactMap { position[$0] }
            for (ref, member) in zip(linked.entities, members) {
                lists[member].append(Citation(article: index, sentences: sentences[ref] ?? []))
                for other in members where other != member { pairs[member][other, default: 0] += 1 }
            }
        }
        for (member, list) in lists.enumerated() where !list.isEmpty { citations[entityOrder[member]] = list }
        for (member, counts) in pairs.enumerated() where !counts.isEmpty {
            coMentions[entityOrder[member]] = counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
                .prefix(SiteLinker.coMentionLimit).map { (entity: entityOrder[$0.key], count: $0.value) }
        }
    }

    /// Ranks older articles by the entities they share with this one, each entity
    /// weighted by its rarity (as in TF-IDF), so that an entity every article names
    /// does not make all of them related. Only older articles count (as Hugo's
    /// `includeNewer: false`), and rarity too is measured among this article and
    /// the older ones, so that adding an article leaves older pages alone; each
    /// entity offers only its nearest older articles, which keeps the cost linear
    /// when a few entities are named everywhere.
    fileprivate mutating func addRelatedArticles() {
        let perEntity = SiteLinker.relatedCandidatesPerEntity
        let citations = self.citations
        let articles = self.articles
        let count = articles.count
        let limit = SiteLinker.relatedArticleLimit
        // Articles in chunks, each with one dense score array reused for all its
        // articles: a sparse accumulator, reset through the list of touched slots.
        let chunks = stride(from: 0, to: count, by: 256).map { $0..<min($0 + 256, count) }
        relatedArticles = chunks.parallelMap { chunk -> [[Int]] in
            var scores = [Double](repeating: 0, count: count)
            var touched: [Int] = []
            var result: [[Int]] = []
            result.reserveCapacity(chunk.count)
            for index in chunk {
                for ref in articles[index].entities {
                    guard let list = citations[ref] else { continue }
                    // Citations are newest first, so older articles follow this one's own.
                    var low = 0
                    var high = list.count
                    while low < high {
                        let mid = (low + high) / 2
                        if list[mid].article <= index { low = mid + 1 } else { high = mid }
                    }
                    // Among this article and the older ones: how many there are, and how many name the entity.
                    let weight = log(1 + Double(count - index) / Double(max(list.count - low + 1, 1)))
                    for citation in list[low..<min(low + perEntity, list.count)] {
                        if scores[citation.article] == 0 { touched.append(citation.article) }
                        scores[citation.article] += weight
                    }
                }
                // The best few: highest score first, then the newer article.
                var best: [(article: Int, score: Double)] = []
                for article in touched {
                    let score = scores[article]
                    scores[article] = 0
                    if best.count == limit, let last = best.last, (score, -article) <= (last.score, -last.article) { continue }
                    let at = best.firstIndex { (score, -article) > ($0.score, -$0.article) } ?? best.count
                    best.insert((article, score), at: at)
                    if best.count > limit { best.removeLast() }
                }
                touched.removeAll(keepingCapacity: true)
                result.append(best.map(\.article))
            }
            return result
        }.flatMap { $0 }
    }
}
