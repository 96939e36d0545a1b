import DossierCore
import DossierLink
import DossierMarkdown
import DossierTemplate
import DossierValidate
import Foundation

/// The pages of entities: each kind's index, each entity's pages, and the facts,
/// relations and figure details they show.
extension PageBuilder {
    package func kindIndex(_ kind: EntityKind) -> Page {
        let dir = kind.folder + "/"
        let root = PagePath.root(from: dir)
        var rows: [Merged<Merged<EntityLink, EntityFacts>, KindRow>] = []
        let position = entityPositions
        func add(_ ref: EntityRef, depth: Int) {
            rows.append(
                Merged(
                    Merged(entityLink(ref, root: root), entityFacts(ref)),
                    KindRow(count: graph.mentionCount(ref), depth: depth, nested: depth > 0)))
            for child in sortedByMentions(graph.children[ref] ?? [], position) where child.kind == kind.folder {
                add(child, depth: depth + 1)
            }
        }
        let refs = graph.entities(of: kind)
        if kind.folder == "figures", let asOf {
            // The target ledger: every figure, most urgent first.
            return page(
                dir, "ledger", base(dir: dir, title: kind.label, template: "ledger", current: kind.folder),
                LedgerView(
                    kind: KindFields(
                        label: kind.label, folder: kind.folder, singular: kind.singular, count: refs.count),
                    figures: ledger(refs).map { figureSummary($0, root: root) }, asOf: asOfLabel(asOf)))
        }
        for ref in sortedByMentions(refs.filter { graph.entities[$0]?.parent == nil }, position) { add(ref, depth: 0) }
        return page(
            dir, "kind", base(dir: dir, title: kind.label, template: "kind", current: kind.folder),
            KindView(
                kind: KindFields(label: kind.label, folder: kind.folder, singular: kind.singular, count: refs.count),
                entities: rows))
    }

    /// Figures, most urgent first (`TargetStanding.urgency`), then by deadline and name.
    func ledger(_ refs: [EntityRef]) -> [EntityRef] {
        let position = entityPositions
        return refs.sorted { a, b in
            let (x, y) = (standings[a], standings[b])
            let (dx, dy) = (
                graph.entities[a]?.entity.figure?.deadline?.stamp ?? .max,
                graph.entities[b]?.entity.figure?.deadline?.stamp ?? .max
            )
            return (x?.urgency ?? 9, dx, position[a]!) < (y?.urgency ?? 9, dy, position[b]!)
        }
    }

    /// "As of 6 December 2026".
    func asOfLabel(_ date: DateValue) -> String {
        (strings["as_of"] ?? "{date}").replacingOccurrences(of: "{date}", with: format.date(date))
    }

    private var entityPositions: [EntityRef: Int] {
        Dictionary(uniqueKeysWithValues: graph.entityOrder.enumerated().map { ($1, $0) })
    }

    func sortedByMentions(_ refs: [EntityRef], _ position: [EntityRef: Int]) -> [EntityRef] {
        refs.sorted { (graph.mentionCount($1), position[$0]!) < (graph.mentionCount($0), position[$1]!) }
    }

    /// Status, period and aliases: what both an entity's page and its kind's index show.
    func entityFacts(_ ref: EntityRef) -> EntityFacts {
        guard let entity = graph.entities[ref]?.entity else {
            return EntityFacts(status: .none, period: .none, aliases: .none, start: .none, end: .none)
        }
        return EntityFacts(
            status: OrFalse(entity.status?.rawValue),
            statusLabel: entity.status.map { strings["status_\($0.rawValue)"] ?? $0.rawValue },
            period: entity.start != nil || entity.end != nil
                ? .value(format.period(start: entity.start, end: entity.end, strings: strings) ?? "") : .none,
            aliases: entity.aliases.isEmpty
                ? .none : .value(entity.aliases.map(\.value).joined(separator: strings["list_separator"]!)),
            names: entity.names.map { LocalNameView(lang: $0.language, name: $0.value) },
            start: OrFalse(entity.start.map(format.date)), startISO: entity.start?.datetime(in: zone),
            end: OrFalse(entity.end.map(format.date)), endISO: entity.end?.datetime(in: zone))
    }

    func figureSummary(_ ref: EntityRef, root: String) -> FigureSummary {
        let link = entityLink(ref, root: root)
        guard let figure = graph.entities[ref]?.entity.figure else {
            return Merged(
                link,
                FigureValues(
                    target: .none, deadline: .none, latest: .none, latestDate: .none, progress: .none, metric: .none,
                    unit: .none, baseline: .none))
        }
        let unit = figure.unit ?? ""
        let standing = standings[ref]
        let latest = standing?.latest ?? graph.observations[ref]?.last?.observation ?? figure.baseline
        var progress = standing?.progress
        if standing == nil, let latest, let target = figure.target, target > 0, latest.value >= 0 {
            progress = min(100, Int((latest.value / target * 100).rounded()))
        }
        var values = FigureValues(
            target: OrFalse(figure.target.map { format.quantity($0, unit: unit) }),
            deadline: OrFalse(figure.deadline.map(format.date)),
            latest: OrFalse(latest.map { format.quantity($0.value, unit: unit) }),
            latestDate: OrFalse(latest.map { format.date($0.date) }), progress: OrFalse(progress),
            metric: OrFalse(figure.metric), unit: .none, baseline: .none)
        if let standing {
            values.targetStatus = .value(standing.status.rawValue)
            values.targetStatusLabel = standingLabel(standing.status)
            values.stale = standing.stale
        }
        return Merged(link, values)
    }

    package func entity(_ ref: EntityRef, page n: Int, of count: Int, sentences stored: [Int: [String]] = [:]) -> Page {
        let linked = graph.entities[ref]!
        let entity = linked.entity
        let kind = config.kind(folder: ref.kind)!
        let citations = graph.citations[ref] ?? []
        let dir = ref.path
        let pageDir = PagePath.listPage(dir, n)
        let root = PagePath.root(from: pageDir)
        var view = base(dir: pageDir, title: entity.name, template: "entity", current: ref.kind)
        if let summary = Formatting.metaDescription(linked.summary) { view.description = summary }
        view.jsonLD = entityLD(ref, canonical: view.canonical)
        view.feedHref = root + dir + "feed.xml"
        let fields = EntityFields(
            name: entity.name, kind: ref.kind, kindLabel: kind.label, singular: kind.singular, id: ref.id,
            kindHref: root + ref.kind + "/", count: citations.count, countLabel: countLabel(citations.count),
            html: n == 1 && !linked.html.isEmpty ? linked.html : nil)
        let cited = slice(citations, page: n).map { citation -> Merged<ArticleLink, Quotes> in
            let texts = graph.articles[citation.article].sentences ?? stored[citation.article] ?? []
            let quotes = graph.quotes(citation).compactMap { quote -> Quote? in
                guard texts.indices.contains(Int(quote.sentence)) else { return nil }
                let sentence = Sentence(
                    text: texts[Int(quote.sentence)],
                    mentionRange: Int(quote.mentionRange.lowerBound)..<Int(quote.mentionRange.upperBound))
                return Quote(before: sentence.before, mention: sentence.mention, after: sentence.after)
            }
            return Merged(articleLink(citation.article, root: root), Quotes(sentences: quotes))
        }
        return page(
            pageDir, "entity", view,
            EntityView(
                entity: Merged(fields, entityFacts(ref)), firstPage: n == 1, relations: relations(ref, root: root),
                citations: cited, pagination: pagination(dir: dir, page: n, pages: count, root: root),
                coMentions: (graph.coMentions[ref] ?? []).map {
                    Merged(entityLink($0.entity, root: root), Shared(shared: $0.count))
                },
                figure: n == 1 && entity.figure != nil ? figureDetails(ref, root: root) : nil,
                timeline: n == 1 ? timeline(ref) : nil,
                neighbourhood: n == 1 ? neighbourhood(ref, root: root).svg(id: ref.id) : nil))
    }

    /// When the entity was written about: the chart and what it shows, in words.
    func timeline(_ ref: EntityRef) -> TimelineView {
        let entity = graph.entities[ref]!.entity
        let timeline = EntityTimeline(
            name: entity.name, mentionDays: (graph.citations[ref] ?? []).map { articleDays[$0.article] },
            start: entity.start, end: entity.end, status: entity.status,
            observations: (graph.observations[ref] ?? []).map(\.observation), deadline: entity.figure?.deadline,
            strings: strings, format: format)
        let buckets = timeline.buckets
        func day(_ number: Int?) -> DateValue? { number.map(Days.date) }
        return TimelineView(
            svg: timeline.svg(id: ref.id), firstMention: day(timeline.firstMention).map(format.date),
            firstMentionISO: day(timeline.firstMention)?.isoDay,
            lastMention: day(timeline.lastMention).map(format.date), lastMentionISO: day(timeline.lastMention)?.isoDay,
            byYear: timeline.byYear,
            counts: buckets.filter { $0.count > 0 }.map { TimelineCount(period: $0.label, count: $0.count) })
    }

    /// The entity and at most 11 neighbours: its relations both ways, then its co-mentions.
    func neighbourhood(_ ref: EntityRef, root: String) -> NeighbourhoodGraph {
        var seen: Set<EntityRef> = [ref]
        var nodes: [NeighbourhoodGraph.Node] = []
        func add(_ other: EntityRef, relation: String, coMention: Bool) {
            guard nodes.count < NeighbourhoodGraph.limit, graph.entities[other] != nil, seen.insert(other).inserted
            else { return }
            nodes.append(
                NeighbourhoodGraph.Node(
                    name: graph.name(other), href: root + other.path, kind: other.kind, relation: relation,
                    coMention: coMention))
        }
        for relation in relationGroups(ref) {
            for other in relation.entities {
                add(other, relation: strings[relation.key] ?? relation.key, coMention: false)
            }
        }
        for pair in graph.coMentions[ref] ?? [] {
            let label = (strings["co_mentioned"] ?? "{count}").replacingOccurrences(
                of: "{count}", with: String(pair.count))
            add(pair.entity, relation: label, coMention: true)
        }
        return NeighbourhoodGraph(
            name: graph.name(ref), kind: ref.kind, neighbours: nodes, title: strings["neighbourhood"] ?? "",
            separator: strings["colon"]!, semicolon: strings["semicolon"]!)
    }

    /// "被3篇文章提及" / "Mentioned in 3 articles": the words `mention_count_none`, `_one` and `_many`.
    func countLabel(_ count: Int) -> String {
        let key = count == 0 ? "mention_count_none" : count == 1 ? "mention_count_one" : "mention_count_many"
        return (strings[key] ?? "{count}").replacingOccurrences(of: "{count}", with: String(count))
    }

    func relations(_ ref: EntityRef, root: String) -> [Relation] {
        relationGroups(ref).map { group in
            Relation(
                key: group.key, label: strings[group.key] ?? group.key,
                entities: group.entities.map { entityLink($0, root: root) })
        }
    }

    /// The entity's relations, both ways, in the order pages show them; only those it has.
    package func relationGroups(_ ref: EntityRef) -> [(key: String, entities: [EntityRef])] {
        let linked = graph.entities[ref]!
        let groups: [(key: String, entities: [EntityRef])] = [
            ("parent", linked.parent.map { [$0] } ?? []),
            ("children", graph.children[ref] ?? []),
            ("responsible", linked.responsible),
            ("responsible_for", graph.responsibleFor[ref] ?? []),
            ("superseded_by", linked.supersededBy.map { [$0] } ?? []),
            ("supersedes", graph.supersedes[ref] ?? []),
            ("related", graph.related[ref] ?? []),
        ]
        return groups.filter { !$0.entities.isEmpty }
    }

    func figureDetails(_ ref: EntityRef, root: String) -> Merged<FigureSummary, FigureDetails> {
        let entity = graph.entities[ref]!.entity
        let figure = entity.figure!
        let unit = figure.unit ?? ""
        let reported = graph.observations[ref] ?? []
        let chart = FigureChart(
            name: entity.name, unit: unit, target: figure.target, baseline: figure.baseline, deadline: figure.deadline,
            observations: reported.map(\.observation), strings: strings, format: format)
        return Merged(
            figureSummary(ref, root: root),
            FigureDetails(
                unit: figure.unit, baseline: figure.baseline.map { format.quantity($0.value, unit: unit) },
                baselineDate: figure.baseline.map { format.date($0.date) },
                observations: reported.map { item in
                    ObservationRow(
                        date: format.date(item.observation.date), dateISO: item.observation.date.datetime(in: zone),
                        value: format.quantity(item.observation.value, unit: unit),
                        article: articleLink(item.article, root: root), note: item.observation.note)
                },
                hasObservations: !reported.isEmpty, asOf: asOf.map(asOfLabel), chart: chart.svg(id: ref.id)))
    }
}
