import DossierCore
import DossierLink
import DossierTemplate
import DossierValidate

/// The fingerprint of everything a page shows, made from the records it is
/// built from (each article's and entity's key, the names it links to, the
/// items and page numbers it lists) without building its context. A page
/// whose fingerprint is the one its output folder's manifest recorded for it
/// is neither built nor written: that is what makes a build after one change
/// cost what the change touches.
///
/// It must cover every value `PageBuilder` puts into the page's context; the
/// tests that compare a build after each kind of change with a clean build
/// check that it does.
package struct PageInputs: Sendable {
    package let graph: SiteGraph
    /// What every page depends on: Dossier's version, the templates, site.yml and the build's options.
    package let site: Fingerprint
    /// What a link to each article shows (title, date, summary, its first entities' names).
    private let articleLinks: [Fingerprint]
    /// What a link to each entity shows (name, kind, id).
    private let entityLinks: [EntityRef: Fingerprint]
    /// The links to every entity each article names (its page lists them all; feeds name them).
    private let articleEntities: [Fingerprint]
    /// What each of an entity's pages shows besides its list of citations: its own
    /// facts, its relations, co-mentions and observations (made once, not per page).
    private let entityFacts: [EntityRef: Fingerprint]

    /// The build's date: only the pages that show a standing (figures') depend on it.
    package let asOf: String
    /// The weekly digest, whose pages are fingerprinted from what they list.
    private let digest: Digest?
    /// Each article's day in the site's time zone (`PageBuilder.articleDays`), which timelines count by.
    private let articleDays: [Int]

    /// `builder`'s digest and articles' days, made once for the pages and their fingerprints.
    package init(graph: SiteGraph, site: Fingerprint, asOf: String = "", builder: PageBuilder? = nil) {
        self.graph = graph
        self.site = site
        self.asOf = asOf
        self.digest = builder?.digest
        let zone = graph.config.timeZone
        self.articleDays = builder?.articleDays ?? graph.articles.map { $0.article.date.localized(to: zone).dayNumber }
        var entityLinks: [EntityRef: Fingerprint] = [:]
        for (ref, linked) in graph.entities {
            var hasher = FingerprintHasher()
            hasher.combine(ref.kind)
            hasher.combine(ref.id)
            hasher.combine(linked.entity.name)
            entityLinks[ref] = hasher.finalize()
        }
        self.entityLinks = entityLinks
        let links = entityLinks
        let facts = graph.articles.parallelMap { linked -> (link: Fingerprint, entities: Fingerprint) in
            var hasher = FingerprintHasher()
            hasher.combine(linked.key)
            // The key covers the article's own fields; the names of the entities it lists are the others'.
            for ref in linked.entities.prefix(6) { Self.combine(ref, links, &hasher) }
            var all = FingerprintHasher()
            all.combine(linked.entities.count)
            for ref in linked.entities { Self.combine(ref, links, &all) }
            return (hasher.finalize(), all.finalize())
        }
        articleLinks = facts.map(\.link)
        articleEntities = facts.map(\.entities)
        let madeLinks = articleLinks
        let refs = graph.entityOrder
        entityFacts = Dictionary(
            uniqueKeysWithValues: zip(
                refs,
                refs.parallelMap { ref in
                    Self.entityFacts(ref, graph: graph, entityLinks: links, articleLinks: madeLinks)
                }))
    }

    private static func entityFacts(
        _ ref: EntityRef, graph: SiteGraph, entityLinks: [EntityRef: Fingerprint], articleLinks: [Fingerprint]
    ) -> Fingerprint {
        var hasher = FingerprintHasher()
        guard let linked = graph.entities[ref] else { return hasher.finalize() }
        hasher.combine(linked.key)
        combine(ref, entityLinks, &hasher)
        let groups: [[EntityRef]] = [
            linked.parent.map { [$0] } ?? [], graph.children[ref] ?? [], linked.responsible,
            graph.responsibleFor[ref] ?? [],
            linked.supersededBy.map { [$0] } ?? [], graph.supersedes[ref] ?? [], graph.related[ref] ?? [],
        ]
        for group in groups {
            hasher.combine(group.count)
            for other in group { combine(other, entityLinks, &hasher) }
        }
        let coMentions = graph.coMentions[ref] ?? []
        hasher.combine(coMentions.count)
        for pair in coMentions {
            combine(pair.entity, entityLinks, &hasher)
            hasher.combine(pair.count)
        }
        let observations = graph.observations[ref] ?? []
        hasher.combine(observations.count)
        for item in observations {
            // The value, date and note are the reporting article's (its key), the link to it its link.
            hasher.combine(graph.articles[item.article].key)
            hasher.combine(articleLinks[item.article])
        }
        return hasher.finalize()
    }

    /// An entity's link, which covers its kind and id; those alone for a reference to no entity.
    private static func combine(_ ref: EntityRef, _ links: [EntityRef: Fingerprint], _ hasher: inout FingerprintHasher)
    {
        if let link = links[ref] {
            hasher.combine(1)
            hasher.combine(link)
        } else {
            hasher.combine(0)
            hasher.combine(ref.kind)
            hasher.combine(ref.id)
        }
    }

    private func combine(entity ref: EntityRef, _ hasher: inout FingerprintHasher) {
        Self.combine(ref, entityLinks, &hasher)
    }

    private func combine(article index: Int?, _ hasher: inout FingerprintHasher) {
        guard let index else { return hasher.combine(-1) }
        hasher.combine(articleLinks[index])
    }

    /// Nil for pages that are always built: the home page, the kind indexes and
    /// the pages that show no records (each is one page, cheap to build and compare).
    package func fingerprint(_ spec: PageSpec, paginate: Int) -> Fingerprint? {
        var hasher = FingerprintHasher()
        hasher.combine(site)
        switch spec {
        case .home, .notFound, .search, .kind, .page, .data: return nil
        case .articles(let n, let count):
            hasher.combine("articles")
            hasher.combine(n)
            hasher.combine(count)
            hasher.combine(graph.articles.count)
            let indices = graph.articles.indices
            for index in indices.clamped(to: (n - 1) * paginate..<min(n * paginate, graph.articles.count)) {
                combine(article: index, &hasher)
            }
        case .article(let index):
            let linked = graph.articles[index]
            hasher.combine("article")
            hasher.combine(linked.key)
            hasher.combine(articleEntities[index])
            for reported in linked.article.observations {
                let figure = graph.entities[reported.figureRef]
                hasher.combine(figure == nil ? 0 : 1)
                hasher.combine(figure?.entity.figure?.unit ?? "")
            }
            let related = graph.relatedArticles[index]
            hasher.combine(related.count)
            for other in related { combine(article: other, &hasher) }
            combine(article: index + 1 < graph.articles.count ? index + 1 : nil, &hasher)
            combine(article: index > 0 ? index - 1 : nil, &hasher)
        case .entity(let ref, let n, let count):
            guard let facts = entityFacts[ref] else { return nil }
            hasher.combine("entity")
            hasher.combine(facts)
            if ref.kind == "figures" { hasher.combine(asOf) }
            hasher.combine(n)
            hasher.combine(count)
            let citations = graph.citations[ref] ?? []
            hasher.combine(citations.count)
            // The timeline counts every mention by its article's day.
            if n == 1 { for citation in citations { hasher.combine(articleDays[citation.article]) } }
            for citation in citations[min((n - 1) * paginate, citations.count)..<min(n * paginate, citations.count)] {
                combine(article: citation.article, &hasher)
                // The sentences quoted come from the article's linking.
                hasher.combine(graph.articles[citation.article].key)
            }
        case .digestIndex(let n, let count):
            guard let digest else { return nil }
            hasher.combine("digest index")
            hasher.combine(n)
            hasher.combine(count)
            hasher.combine(asOf)
            let weeks = digest.weeks
            for week in weeks[min((n - 1) * paginate, weeks.count)..<min(n * paginate, weeks.count)] {
                combine(summary: week, &hasher)
            }
        case .digestWeek(let index):
            guard let digest else { return nil }
            let week = digest.weeks[index]
            hasher.combine("digest week")
            combine(summary: week, &hasher)
            // Its statuses are those of its last day, which is the build's in its week.
            hasher.combine(week.lastDay < week.monday + 6 ? asOf : "")
            for article in week.articles { combine(article: article, &hasher) }
            for ref in week.firstMentioned { combine(entity: ref, &hasher) }
            for item in week.reported {
                combine(entity: item.figure, &hasher)
                // The value is shown with the figure's unit.
                hasher.combine(graph.entities[item.figure]?.key ?? Fingerprint(words: (0, 0, 0, 0)))
                hasher.combine(graph.articles[item.article].key)
                combine(article: item.article, &hasher)
                combine(standing: item.standing, &hasher)
            }
            for item in week.deadlines {
                combine(entity: item.figure, &hasher)
                hasher.combine(graph.entities[item.figure]?.key ?? Fingerprint(words: (0, 0, 0, 0)))
                if let standing = item.standing { combine(standing: standing, &hasher) } else { hasher.combine(-1) }
            }
            for other in [index + 1, index - 1] where digest.weeks.indices.contains(other) {
                combine(summary: digest.weeks[other], &hasher)
            }
        }
        return hasher.finalize()
    }

    /// What the digest's index shows of a week: its name and what it holds, counted.
    private func combine(summary week: Digest.Week, _ hasher: inout FingerprintHasher) {
        hasher.combine(week.key)
        hasher.combine(week.articles.count)
        hasher.combine(week.firstMentioned.count)
        hasher.combine(week.reported.count)
        hasher.combine(week.deadlines.count)
    }

    private func combine(standing: TargetStanding, _ hasher: inout FingerprintHasher) {
        hasher.combine(standing.status.rawValue)
        hasher.combine(standing.stale ? 1 : 0)
    }

    /// An entity's feed: the entries of its newest articles.
    package func feedFingerprint(_ ref: EntityRef, entryLimit: Int) -> Fingerprint {
        var hasher = FingerprintHasher()
        hasher.combine(site)
        hasher.combine("feed")
        combine(entity: ref, &hasher)
        combineEntries((graph.citations[ref] ?? []).prefix(entryLimit).map(\.article), &hasher)
        return hasher.finalize()
    }

    /// The site's feed: the entries of the newest articles, with their full text (which their keys cover).
    package func siteFeedFingerprint(_ articles: [Int]) -> Fingerprint {
        var hasher = FingerprintHasher()
        hasher.combine(site)
        hasher.combine("site feed")
        combineEntries(articles, &hasher)
        return hasher.finalize()
    }

    private func combineEntries(_ articles: [Int], _ hasher: inout FingerprintHasher) {
        hasher.combine(articles.count)
        for article in articles {
            hasher.combine(graph.articles[article].key)
            hasher.combine(articleEntities[article])
        }
        // With no entries, the feed's date is the newest article's.
        if articles.isEmpty { combine(article: graph.articles.isEmpty ? nil : 0, &hasher) }
    }

    /// The sitemap: the pages' addresses, and the day each article was last changed.
    package func sitemapFingerprint(paths: [String]) -> Fingerprint {
        var hasher = FingerprintHasher()
        hasher.combine(site)
        hasher.combine("sitemap")
        hasher.combine(paths.count)
        for path in paths { hasher.combine(path) }
        hasher.combine(graph.articles.count)
        for linked in graph.articles {
            hasher.combine(linked.article.slug)
            hasher.combine((linked.article.updated ?? linked.article.date).isoDay)
        }
        return hasher.finalize()
    }
}
