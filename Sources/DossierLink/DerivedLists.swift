import DossierCore
import DossierStore
import DossierValidate
import Foundation

extension SiteGraph {
    /// Citations, co-mentions and related articles, on arrays indexed by each
    /// entity's position in `entityOrder` rather than on dictionaries of references.
    /// Co-mentions and related articles depend only on which entities each article
    /// names (`DerivedLists.members`): what the `remembered` lists say of the
    /// articles and entities no change reaches is kept, the rest is derived again;
    /// the lists are returned when anything was, to be remembered.
    package mutating func addCitationsAndRelated(remembered: DerivedLists?) -> DerivedLists? {
        let position = Dictionary(uniqueKeysWithValues: entityOrder.enumerated().map { ($1, $0) })
        let articles = self.articles
        // Each article's entities by position, in the order it names them, with each one's
        // slot among the entities the article names (the same unless one has no position).
        let named: [(members: [Int32], slots: [Int32])] = articles.parallelMap { linked in
            var members: [Int32] = []
            var slots: [Int32] = []
            members.reserveCapacity(linked.entities.count)
            slots.reserveCapacity(linked.entities.count)
            for (slot, ref) in linked.entities.enumerated() {
                guard let member = position[ref] else { continue }
                members.append(Int32(member))
                slots.append(Int32(slot))
            }
            return (members, slots)
        }
        let members = named.map(\.members)
        var hasher = FingerprintHasher()
        hasher.combine(DerivedLists.format)
        hasher.combine(entityOrder.count)
        for ref in entityOrder { hasher.combine(ref.description) }
        let entitiesKey = hasher.finalize()
        var lists = [[Citation]](repeating: [], count: entityOrder.count)
        for (index, article) in named.enumerated() {
            for (member, slot) in zip(article.members, article.slots) {
                lists[Int(member)].append(Citation(article: index, slot: Int(slot)))
            }
        }
        for (member, list) in lists.enumerated() where !list.isEmpty { citations[entityOrder[member]] = list }
        let citationLists = lists
        let order = entityOrder
        let entityCount = entityOrder.count

        // What the last build derived, when the entities were the same: an article's related
        // articles depend only on it and the older ones, so the oldest articles, as long as
        // they name what they named then, keep theirs (at positions shifted by the articles
        // added or removed before them); and the entities that none of the other articles
        // names, then or now, keep their co-mentions.
        let before = remembered.flatMap {
            $0.entities == entitiesKey && $0.coMentions.count == entityCount && $0.related.count == $0.members.count
                ? $0 : nil
        }
        var common = 0
        if let old = before?.members {
            while common < min(old.count, members.count),
                old[old.count - 1 - common] == members[members.count - 1 - common]
            {
                common += 1
            }
        }
        let fresh = members.count - common
        if let before, fresh == 0, before.members.count == members.count {
            for (member, list) in before.coMentions.enumerated() where !list.isEmpty {
                coMentions[order[member]] = list.map { (entity: order[$0.member], count: $0.count) }
            }
            relatedArticles = before.related
            return nil
        }
        var targets = Array(0..<entityCount)
        if let before {
            var affected = Set<Int>()
            for list in members[0..<fresh] { for member in list { affected.insert(Int(member)) } }
            for list in before.members[0..<(before.members.count - common)] {
                for member in list { affected.insert(Int(member)) }
            }
            targets = affected.sorted()
        }
        // The entities most often named in the same articles: per entity, a dense
        // count over the articles that cite it, reset through the slots it touched.
        let limit = SiteLinker.coMentionLimit
        let chunks = stride(from: 0, to: targets.count, by: 64).map { targets[$0..<min($0 + 64, targets.count)] }
        let made = chunks.parallelMap { chunk -> [[(member: Int, count: Int)]] in
            var counts = [Int](repeating: 0, count: entityCount)
            var touched: [Int] = []
            return chunk.map { member -> [(member: Int, count: Int)] in
                for citation in citationLists[member] {
                    for other in members[citation.article] where Int(other) != member {
                        if counts[Int(other)] == 0 { touched.append(Int(other)) }
                        counts[Int(other)] += 1
                    }
                }
                // Most shared first, then by position.
                let best = touched.map { (member: $0, count: counts[$0]) }.sorted {
                    ($1.count, $0.member) < ($0.count, $1.member)
                }.prefix(limit)
                for other in touched { counts[other] = 0 }
                touched.removeAll(keepingCapacity: true)
                return Array(best)
            }
        }.flatMap { $0 }
        var ranked = before?.coMentions ?? [[(member: Int, count: Int)]](repeating: [], count: entityCount)
        for (member, list) in zip(targets, made) { ranked[member] = list }
        for (member, list) in ranked.enumerated() where !list.isEmpty {
            coMentions[order[member]] = list.map { (entity: order[$0.member], count: $0.count) }
        }
        // The citing articles of every entity, newest first, in one flat array.
        var offsets = [0]
        var citing: [Int32] = []
        for list in citationLists {
            citing.append(contentsOf: list.map { Int32($0.article) })
            offsets.append(citing.count)
        }
        var related = Self.related(
            members: members, citing: citing, offsets: offsets, articleCount: articles.count, upTo: fresh)
        if let before {
            let shift = members.count - before.members.count
            for index in fresh..<members.count { related.append(before.related[index - shift].map { $0 + shift }) }
        }
        relatedArticles = related
        return DerivedLists(entities: entitiesKey, members: members, related: relatedArticles, coMentions: ranked)
    }

    /// Ranks older articles by the entities they share with this one, each entity
    /// weighted by its rarity (as in TF-IDF), so that an entity every article names
    /// does not make all of them related. Only older articles count (as Hugo's
    /// `includeNewer: false`), and rarity too is measured among this article and
    /// the older ones, so that adding an article leaves older pages alone; each
    /// entity offers only its nearest older articles, which keeps the cost linear
    /// when a few entities are named everywhere.
    /// Those of the articles before `fresh`.
    private static func related(
        members: [[Int32]], citing: [Int32], offsets: [Int], articleCount count: Int, upTo fresh: Int
    ) -> [[Int]] {
        let perEntity = SiteLinker.relatedCandidatesPerEntity
        let limit = SiteLinker.relatedArticleLimit
        // Articles in chunks, each with one dense score array reused for all its
        // articles: a sparse accumulator, reset through the list of touched slots.
        let chunks = stride(from: 0, to: fresh, by: 256).map { $0..<min($0 + 256, fresh) }
        return chunks.parallelMap { chunk -> [[Int]] in
            var scores = [Double](repeating: 0, count: count)
            var touched: [Int] = []
            var result: [[Int]] = []
            result.reserveCapacity(chunk.count)
            citing.withUnsafeBufferPointer { citing in
                for index in chunk {
                    for member in members[index] {
                        let start = offsets[Int(member)]
                        let end = offsets[Int(member) + 1]
                        // Citations are newest first, so older articles follow this one's own.
                        var low = start
                        var high = end
                        while low < high {
                            let mid = (low + high) / 2
                            if Int(citing[mid]) <= index { low = mid + 1 } else { high = mid }
                        }
                        // Among this article and the older ones: how many there are, and how many name the entity.
                        let weight = log(1 + Double(count - index) / Double(max(end - low + 1, 1)))
                        for position in low..<min(low + perEntity, end) {
                            let article = Int(citing[position])
                            if scores[article] == 0 { touched.append(article) }
                            scores[article] += weight
                        }
                    }
                    // The best few: highest score first, then the newer article.
                    var best: [(article: Int, score: Double)] = []
                    for article in touched {
                        let score = scores[article]
                        scores[article] = 0
                        if best.count == limit, let last = best.last, (score, -article) <= (last.score, -last.article) {
                            continue
                        }
                        let at = best.firstIndex { (score, -article) > ($0.score, -$0.article) } ?? best.count
                        best.insert((article, score), at: at)
                        if best.count > limit { best.removeLast() }
                    }
                    touched.removeAll(keepingCapacity: true)
                    result.append(best.map(\.article))
                }
            }
            return result
        }.flatMap { $0 }
    }
}

/// What the graph derives from the entities all articles name together, kept in the
/// build store: the next build derives anew only what its changes reach.
package struct DerivedLists: Sendable {
    /// Changes whenever how these lists are derived changes.
    package static let format = "derived 2"
    /// The entities, in `entityOrder`: the positions below are theirs.
    package var entities: Fingerprint
    /// For each article (by index), the entities it names, by position, in order.
    package var members: [[Int32]]
    /// For each article (by index), related articles.
    package var related: [[Int]]
    /// For each entity (by position in `entityOrder`), its co-mentions by position, with the count.
    package var coMentions: [[(member: Int, count: Int)]]

    package init(entities: Fingerprint, members: [[Int32]], related: [[Int]], coMentions: [[(member: Int, count: Int)]])
    {
        self.entities = entities
        self.members = members
        self.related = related
        self.coMentions = coMentions
    }
}
