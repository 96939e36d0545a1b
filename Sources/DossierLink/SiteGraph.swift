import DossierCore
import DossierMarkdown
import DossierStore
import DossierValidate
import Foundation

public struct LinkedArticle: Sendable {
    public var article: Article
    /// Nil once the body is in the build store, which hands it back when the page is written.
    public var body: RootRelativeHTML?
    public var summary: String
    /// What it says about each entity its text names (`entities` begins with them, in the same order).
    public var quotes: QuoteTable
    /// The texts of the sentences its mentions are in; nil once they are in the
    /// build store, which hands them back for the pages that quote them.
    public var sentences: [String]?
    /// The entities it mentions, each once, in the order they first appear.
    public var entities: [EntityRef]
    /// Everything the article and its linking were made from: its text, and every name it may link to.
    package var key = Fingerprint(words: (0, 0, 0, 0))
}

/// A standalone page, linked.
public struct LinkedPage: Sendable {
    public var page: SitePage
    public var body: RootRelativeHTML
    public var summary: String
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
    package var key = Fingerprint(words: (0, 0, 0, 0))
}

/// An article that names an entity; its quotes about it are those of the article's
/// `QuoteTable` at `slot` (`SiteGraph.quotes(_:)`), none for a figure it only reports.
public struct Citation: Sendable {
    /// A sentence, by its position among the article's sentences, with the mention's span in it.
    public struct Quote: Sendable, Equatable {
        public var sentence: Int32
        public var mentionRange: Range<Int32>

        public init(sentence: Int32, mentionRange: Range<Int32>) {
            self.sentence = sentence
            self.mentionRange = mentionRange
        }
    }

    public var article: Int
    /// The entity's position among those the article names.
    package var slot: Int

    public init(article: Int, slot: Int) {
        self.article = article
        self.slot = slot
    }
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
    /// Standalone pages, by slug.
    public var pages: [LinkedPage] = []

    /// The pages in the site's navigation, by their `menu:` number, then title.
    public var menu: [LinkedPage] {
        pages.filter { $0.page.menu != nil }.sorted {
            ($0.page.menu!, $0.page.title, $0.page.slug) < ($1.page.menu!, $1.page.title, $1.page.slug)
        }
    }

    public func entities(of kind: EntityKind) -> [EntityRef] { entityOrder.filter { $0.kind == kind.folder } }
    public func name(_ ref: EntityRef) -> String { entities[ref]?.entity.name ?? ref.id }
    public func mentionCount(_ ref: EntityRef) -> Int { citations[ref]?.count ?? 0 }
    /// What the citing article says about the entity.
    public func quotes(_ citation: Citation) -> [Citation.Quote] {
        articles[citation.article].quotes.quotes(at: citation.slot)
    }

    public init(
        config: SiteConfig, articles: [LinkedArticle], entities: [EntityRef: LinkedEntity], entityOrder: [EntityRef],
        citations: [EntityRef: [Citation]], children: [EntityRef: [EntityRef]], related: [EntityRef: [EntityRef]],
        responsibleFor: [EntityRef: [EntityRef]], supersedes: [EntityRef: [EntityRef]],
        coMentions: [EntityRef: [(entity: EntityRef, count: Int)]], relatedArticles: [[Int]],
        observations: [EntityRef: [(observation: Observation, article: Int)]]
    ) {
        self.config = config
        self.articles = articles
        self.entities = entities
        self.entityOrder = entityOrder
        self.citations = citations
        self.children = children
        self.related = related
        self.responsibleFor = responsibleFor
        self.supersedes = supersedes
        self.coMentions = coMentions
        self.relatedArticles = relatedArticles
        self.observations = observations
    }
}

/// Resolves every reference of the content and builds the `SiteGraph`.
public struct SiteLinker {
    public var content: Content
    /// What the validate stage made of the content: the entities' references, resolved.
    public var validation: Validation

    public init(content: Content, validation: Validation) {
        self.content = content
        self.validation = validation
    }

    public static let relatedArticleLimit = 5
    public static let coMentionLimit = 10
    public static let relatedCandidatesPerEntity = 64

    /// The content as the validate stage passed it: linking finds no problem of its own.
    public func link() -> SiteGraph {
        var changes = BuildStore.Changes()
        return link(stored: [:], storedNames: nil, reread: { $0 }, changes: &changes, save: { _ in false })
    }

    /// `stored` is what the build store holds of each article's linking, by its
    /// file's path, and `storedNames` the names it was linked with; `reread` gives
    /// the text of articles that came from the store without it and must be linked
    /// again (or searched for new names). What linking made anew goes to `save`, a
    /// chunk at a time, which says whether it kept it (the pages then read it back
    /// from the store); what else the store must remember goes to `changes`.
    package func link(
        stored: [String: BuildStore.Linked], storedNames: NameTable?, storedDerived: [UInt8]? = nil,
        memo: DecodeMemo? = nil, reread: ([Article]) -> [Article], changes: inout BuildStore.Changes,
        save: ([BuildStore.LinkedRow]) -> Bool
    ) -> SiteGraph {
        let config = content.config
        let resolver = validation.resolver
        let names = Dictionary(content.entities.map { ($0.ref, $0.name) }, uniquingKeysWith: { a, _ in a })
        let matcher = NameMatcher(names: validation.names)
        let linker = MarkdownLinker(
            resolver: resolver, options: MarkdownOptions(unsafeHTML: config.unsafeHTML), names: names, matcher: matcher,
            targets: content.targets)

        // Entities: their references, then their descriptions.
        var linkedEntities: [EntityRef: LinkedEntity] = [:]
        let renderedEntities = content.entities.parallelMap { entity in
            linker.link(body: entity.body, source: entity.source, lineOffset: entity.bodyLineOffset, file: entity.file)
        }
        for (entity, rendered) in zip(content.entities, renderedEntities) {
            let references = validation.entities[entity.ref]
            linkedEntities[entity.ref] = LinkedEntity(
                entity: entity, html: rendered.html, summary: rendered.firstParagraph, parent: references?.parent,
                related: references?.related ?? [], responsible: references?.responsible ?? [],
                supersededBy: references?.supersededBy)
        }

        // Articles, newest first; equal dates by slug, so that the order is stable.
        // (Indices are sorted, not the articles themselves: an article is a large value to move.)
        // Dates compare as one number each; slugs only between articles of the same date.
        let unsorted = content.articles
        let stamps = unsorted.map(\.date.stamp)
        var articles = unsorted.indices.sorted { a, b in
            stamps[a] != stamps[b] ? stamps[a] > stamps[b] : unsorted[a].slug < unsorted[b].slug
        }.map { unsorted[$0] }
        // An article links the same as long as its text, the kinds and options, what
        // each phrase found in its text stands for, the names of the entities it
        // mentions are the same, and no new phrase occurs in its text.
        var structure = FingerprintHasher()
        for kind in config.kinds {
            structure.combine(kind.folder)
            structure.combine(kind.singular)
        }
        structure.combine(config.autolink.rawValue)
        structure.combine(config.unsafeHTML ? 1 : 0)
        let structureKey = structure.finalize()
        let table = NameTable(entities: content.entities, unreadable: content.unreadableEntities)
        let targets = content.targets
        let changed = storedNames.map { table.changes(from: $0) }
        if storedNames != table { changes.registry = table.rows }
        // Entities are linked on every build; what their pages show of them is keyed the same way.
        for (entity, rendered) in zip(content.entities, renderedEntities) {
            var hasher = FingerprintHasher()
            hasher.combine(structureKey)
            hasher.combine(entity.source.path)
            hasher.combine(entity.source.text)
            table.fingerprint(hits: rendered.hits, mentioned: rendered.mentions.map(\.entity), into: &hasher)
            linkedEntities[entity.ref]?.key = hasher.finalize()
        }
        let keys = articles.parallelMap { article -> Fingerprint in
            var hasher = FingerprintHasher()
            hasher.combine(structureKey)
            hasher.combine(article.source.path)
            if let hash = article.contentHash { hasher.combine(hash) } else { hasher.combine(article.source.text) }
            return hasher.finalize()
        }
        let hashed = articles.map(\.contentHash)
        let sorted = articles
        var remembered = Array(sorted.indices).parallelMap { index -> StoredLinking? in
            let path = sorted[index].source.path
            guard let changed, let row = stored[path], row.key == keys[index],
                let linking = memo.map({ $0.value(path, bytes: row.linking) { try? RecordCoding.linking($0) } })
                    ?? (try? RecordCoding.linking(row.linking))
            else { return nil }
            if linking.hits.contains(where: changed.phrases.contains)
                || linking.named.contains(where: changed.entities.contains)
            {
                return nil
            }
            // A link to another page: the page is where it was (its slug, held back or not).
            for hit in linking.hits where hit.hasPrefix(PageTargets.dependencyMark) && !targets.holds(hit) {
                return nil
            }
            return linking
        }
        // New phrases: the texts that were searched for names are searched for these.
        if let added = changed?.added, !added.isEmpty {
            let searched = articles.indices.filter {
                remembered[$0]?.scanned == true && articles[$0].source.text.isEmpty
            }
            for (index, article) in zip(searched, reread(searched.map { articles[$0] })) { articles[index] = article }
            let finder = NameMatcher(patterns: added.map { ($0, .blocked) })
            let texts = articles
            let candidates = remembered
            let holds = Array(articles.indices).parallelMap { index -> Bool in
                guard candidates[index]?.scanned == true else { return false }
                // Over the Markdown as written, and as it reads with line breaks joined (as between CJK characters).
                let body = texts[index].body
                return [
                    body, body.replacingOccurrences(of: "\n", with: " "), body.replacingOccurrences(of: "\n", with: ""),
                ]
                .contains { !finder.allMatches(in: Array($0.unicodeScalars)).isEmpty }
            }
            for index in articles.indices where holds[index] { remembered[index] = nil }
        }

        // Linked a chunk at a time: each chunk's bodies and sentences go to the store
        // (when there is one) before the next is linked, so that memory holds one chunk.
        var linkedArticles: [LinkedArticle] = []
        linkedArticles.reserveCapacity(articles.count)
        var observations: [EntityRef: [(observation: Observation, article: Int)]] = [:]
        for chunk in stride(from: 0, to: articles.count, by: Self.linkChunk).map({
            $0..<min($0 + Self.linkChunk, articles.count)
        }) {
            // Articles that came without their text, and must be linked.
            let textless = chunk.filter {
                remembered[$0] == nil && !articles[$0].file.isEmpty && articles[$0].source.text.isEmpty
            }
            for (index, article) in zip(textless, reread(textless.map { articles[$0] })) { articles[index] = article }
            let toLink = articles
            let known = remembered
            let fresh = Array(chunk).parallelMap { index -> LinkedMarkdown? in
                guard known[index] == nil else { return nil }
                let article = toLink[index]
                return linker.link(
                    body: article.body, source: article.source, lineOffset: article.bodyLineOffset,
                    autolink: article.autolink ?? config.autolink, file: article.file)
            }
            var rows: [BuildStore.LinkedRow] = []
            var made: [Int: (linking: StoredLinking, body: RootRelativeHTML, sentences: [String])] = [:]
            for (index, result) in zip(chunk, fresh) {
                guard let result else { continue }
                let (named, quotes, sentences) = result.quoteTable()
                let linking = StoredLinking(
                    pageKey: Self.pageKey(keys[index], hits: result.hits, mentioned: named, table),
                    firstParagraph: result.firstParagraph, scanned: result.scanned, hits: result.hits, named: named,
                    quotes: quotes)
                made[index] = (linking, result.body, sentences)
                // An article whose file changed while the build ran is not stored under the hash of what it was.
                if articles[index].contentHash == hashed[index] {
                    rows.append(
                        BuildStore.LinkedRow(
                            path: articles[index].source.path,
                            linked: BuildStore.Linked(key: keys[index], linking: RecordCoding.linking(linking)),
                            body: result.body.marked, sentences: sentences))
                }
            }
            let saved = Set((rows.isEmpty || !save(rows)) ? [] : rows.map(\.path))
            rows = []
            for index in chunk {
                let article = articles[index]
                let linking = remembered[index] ?? made[index]!.linking
                // A figure whose value the article reports counts as mentioned, after those the text names.
                let reportedFigures = article.observations.map(\.figureRef)
                var entities = linking.named
                if !reportedFigures.isEmpty {
                    var seen = Set(entities)
                    entities += reportedFigures.filter { linkedEntities[$0] != nil && seen.insert($0).inserted }
                }
                // The Markdown is not needed once rendered: pages keep only the HTML, and that only when the store does not.
                var lean = article
                lean.body = ""
                lean.source = article.source.withoutText
                articles[index] = lean
                let inMemory = made[index].flatMap { saved.contains(article.source.path) ? nil : $0 }
                linkedArticles.append(
                    LinkedArticle(
                        article: lean, body: inMemory?.body, summary: article.summary ?? linking.firstParagraph,
                        quotes: linking.quotes, sentences: inMemory?.sentences, entities: entities,
                        key: linking.pageKey))
                // An unknown figure was reported by the validate stage.
                for (reported, ref) in zip(article.observations, reportedFigures) where linkedEntities[ref] != nil {
                    observations[ref, default: []].append((reported.observation, index))
                }
            }
        }

        let kindOrder = Dictionary(uniqueKeysWithValues: config.kinds.enumerated().map { ($1.folder, $0) })
        let entityOrder = linkedEntities.keys.sorted {
            (kindOrder[$0.kind] ?? 0, linkedEntities[$0]!.entity.name, $0.id) < (
                kindOrder[$1.kind] ?? 0, linkedEntities[$1]!.entity.name, $1.id
            )
        }
        var graph = SiteGraph(
            config: config, articles: linkedArticles, entities: linkedEntities, entityOrder: entityOrder,
            citations: [:],
            children: [:], related: [:], responsibleFor: [:], supersedes: [:], coMentions: [:], relatedArticles: [],
            observations: observations.mapValues {
                $0.sorted { ($0.observation.date, $0.article) < ($1.observation.date, $1.article) }
            })
        // Pages are few, and linked on every build; autolinking is off unless a page asks for it.
        graph.pages = content.pages.sorted { $0.slug < $1.slug }.parallelMap { page in
            let linked = linker.link(
                body: page.body, source: page.source, lineOffset: page.bodyLineOffset, autolink: page.autolink ?? .none,
                file: page.file)
            var lean = page
            lean.body = ""
            return LinkedPage(page: lean, body: linked.body, summary: page.summary ?? linked.firstParagraph)
        }
        graph.addRelations()
        let derivedBefore = storedDerived.flatMap { try? RecordCoding.derived($0) }
        if let derived = graph.addCitationsAndRelated(remembered: derivedBefore) {
            changes.derived = RecordCoding.derived(derived)
        }
        return graph
    }

    /// How many articles are linked before their bodies go to the store.
    package static let linkChunk = 1_000

    /// What an article's page shows of its linking: its key, and what the names it depends on stand for.
    private static func pageKey(_ key: Fingerprint, hits: [String], mentioned: [EntityRef], _ table: NameTable)
        -> Fingerprint
    {
        var hasher = FingerprintHasher()
        hasher.combine(key)
        table.fingerprint(hits: hits, mentioned: mentioned, into: &hasher)
        return hasher.finalize()
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
}

/// What the build store keeps of an article's linking besides its body and sentences.
package struct StoredLinking: Sendable {
    /// What the article's page shows of its linking (`SiteLinker.pageKey`): unchanged as long as the linking is
    /// reused, since a changed name it depends on makes it linked again.
    package var pageKey: Fingerprint
    package var firstParagraph: String
    package var scanned: Bool
    package var hits: [String]
    /// The entities the text names, each once, in the order they first appear.
    package var named: [EntityRef]
    package var quotes: QuoteTable

    package init(
        pageKey: Fingerprint, firstParagraph: String, scanned: Bool, hits: [String], named: [EntityRef],
        quotes: QuoteTable
    ) {
        self.pageKey = pageKey
        self.firstParagraph = firstParagraph
        self.scanned = scanned
        self.hits = hits
        self.named = named
        self.quotes = quotes
    }
}
