import DossierCore
import DossierLink
import DossierLoad
import DossierMarkdown
import DossierTemplate
import Foundation

/// The pages of entities: each kind's index, each entity's pages, and the facts,
/// relations and figure details they show.
extension PageBuilder {
    package func kindIndex(_ kind: EntityKind) -> Page {
        let dir = kind.folder + "/"
        let root = PagePath.root(from: dir)
        var context = base(dir: dir, title: kind.label, template: "kind", current: kind.folder)
        var rows: [TemplateObject] = []
        let position = entityPositions
        func add(_ ref: EntityRef, depth: Int) {
            var row = entityLink(ref, root: root)
            row.add(entityFacts(ref))
            row["count"] = .int(graph.mentionCount(ref))
            row["depth"] = .int(depth)
            row["nested"] = .bool(depth > 0)
            rows.append(row)
            for child in sortedByMentions(graph.children[ref] ?? [], position) where child.kind == kind.folder {
                add(child, depth: depth + 1)
            }
        }
        let refs = graph.entities(of: kind)
        for ref in sortedByMentions(refs.filter { graph.entities[$0]?.parent == nil }, position) { add(ref, depth: 0) }
        context["kind"] = [
            "label": .string(kind.label), "folder": .string(kind.folder), "singular": .string(kind.singular),
            "count": .int(refs.count),
        ]
        context["entities"] = .objects(rows)
        return Page(path: dir, template: "kind", context: context)
    }

    private var entityPositions: [EntityRef: Int] {
        Dictionary(uniqueKeysWithValues: graph.entityOrder.enumerated().map { ($1, $0) })
    }

    func sortedByMentions(_ refs: [EntityRef], _ position: [EntityRef: Int]) -> [EntityRef] {
        refs.sorted { (graph.mentionCount($1), position[$0]!) < (graph.mentionCount($0), position[$1]!) }
    }

    /// Status, period and aliases: what both an entity's page and its kind's index show.
    func entityFacts(_ ref: EntityRef) -> TemplateObject {
        // Every key is set, false when empty: Mustache would otherwise look it up in the enclosing context.
        var facts: TemplateObject = ["status": false, "period": false, "aliases": false, "start": false, "end": false]
        guard let entity = graph.entities[ref]?.entity else { return facts }
        if let status = entity.status {
            facts["status"] = .string(status.rawValue)
            facts["status_label"] = .string(strings["status_\(status.rawValue)"] ?? status.rawValue)
        }
        if entity.start != nil || entity.end != nil {
            facts["period"] = .string(format.period(start: entity.start, end: entity.end, strings: strings) ?? "")
        }
        if let start = entity.start {
            facts["start"] = .string(format.date(start))
            facts["start_iso"] = .string(start.datetime(in: zone))
        }
        if let end = entity.end {
            facts["end"] = .string(format.date(end))
            facts["end_iso"] = .string(end.datetime(in: zone))
        }
        if !entity.aliases.isEmpty {
            facts["aliases"] = .string(entity.aliases.map(\.value).joined(separator: strings["list_separator"]!))
        }
        return facts
    }

    func figureSummary(_ ref: EntityRef, root: String) -> TemplateObject {
        var row = entityLink(ref, root: root)
        for key in ["target", "deadline", "latest", "latest_date", "progress", "metric", "unit", "baseline"] {
            row[key] = false
        }
        guard let figure = graph.entities[ref]?.entity.figure else { return row }
        let unit = figure.unit ?? ""
        if let target = figure.target { row["target"] = .string(format.quantity(target, unit: unit)) }
        if let deadline = figure.deadline { row["deadline"] = .string(format.date(deadline)) }
        let latest = graph.observations[ref]?.last?.observation ?? figure.baseline
        if let latest {
            row["latest"] = .string(format.quantity(latest.value, unit: unit))
            row["latest_date"] = .string(format.date(latest.date))
            if let target = figure.target, target > 0, latest.value >= 0 {
                row["progress"] = .int(min(100, Int((latest.value / target * 100).rounded())))
            }
        }
        if let metric = figure.metric { row["metric"] = .string(metric) }
        return row
    }

    package func entity(_ ref: EntityRef, page n: Int, of count: Int, sentences stored: [Int: [String]] = [:]) -> Page {
        let linked = graph.entities[ref]!
        let entity = linked.entity
        let kind = config.kind(folder: ref.kind)!
        let citations = graph.citations[ref] ?? []
        let dir = ref.path
        let pageDir = PagePath.listPage(dir, n)
        let slice = slice(citations, page: n)
        let root = PagePath.root(from: pageDir)
        var context = base(dir: pageDir, title: entity.name, template: "entity", current: ref.kind)
        if let summary = Formatting.metaDescription(linked.summary) { context["description"] = .string(summary) }
        var fields: TemplateObject = [
            "name": .string(entity.name), "kind": .string(ref.kind), "kind_label": .string(kind.label),
            "singular": .string(kind.singular), "id": .string(ref.id), "kind_href": .string(root + ref.kind + "/"),
            "count": .int(citations.count), "count_label": .string(countLabel(citations.count)),
        ]
        fields.add(entityFacts(ref))
        if n == 1 && !linked.html.isEmpty { fields["html"] = .string(linked.html) }
        context["entity"] = .object(fields)
        context["first_page"] = .bool(n == 1)
        context["feed_href"] = .string(root + dir + "feed.xml")
        context["relations"] = .objects(relations(ref, root: root))
        context["citations"] = .objects(
            slice.map { citation -> TemplateObject in
                var row = articleLink(citation.article, root: root)
                let texts = graph.articles[citation.article].sentences ?? stored[citation.article] ?? []
                row["sentences"] = .objects(
                    graph.quotes(citation).compactMap { quote -> TemplateObject? in
                        guard texts.indices.contains(Int(quote.sentence)) else { return nil }
                        let sentence = Sentence(
                            text: texts[Int(quote.sentence)],
                            mentionRange: Int(quote.mentionRange.lowerBound)..<Int(quote.mentionRange.upperBound))
                        return [
                            "before": .string(sentence.before), "mention": .string(sentence.mention),
                            "after": .string(sentence.after),
                        ]
                    })
                return row
            })
        context["pagination"] = pagination(dir: dir, page: n, pages: count, root: root)
        context["co_mentions"] = .objects(
            (graph.coMentions[ref] ?? []).map { pair -> TemplateObject in
                var link = entityLink(pair.entity, root: root)
                link["shared"] = .int(pair.count)
                return link
            })
        if n == 1, entity.figure != nil { context["figure"] = .object(figureDetails(ref, root: root)) }
        return Page(path: pageDir, template: "entity", context: context)
    }

    /// "被3篇文章提及" / "Mentioned in 3 articles".
    func countLabel(_ count: Int) -> String {
        if format.chinese { return count == 0 ? "尚无文章提及" : "被\(count)篇文章提及" }
        return count == 1 ? "Mentioned in 1 article" : "Mentioned in \(count) articles"
    }

    func relations(_ ref: EntityRef, root: String) -> [TemplateObject] {
        let linked = graph.entities[ref]!
        let groups: [(String, [EntityRef])] = [
            ("parent", linked.parent.map { [$0] } ?? []),
            ("children", graph.children[ref] ?? []),
            ("responsible", linked.responsible),
            ("responsible_for", graph.responsibleFor[ref] ?? []),
            ("superseded_by", linked.supersededBy.map { [$0] } ?? []),
            ("supersedes", graph.supersedes[ref] ?? []),
            ("related", graph.related[ref] ?? []),
        ]
        return groups.filter { !$0.1.isEmpty }.map { key, refs in
            [
                "key": .string(key), "label": .string(strings[key] ?? key),
                "entities": .objects(refs.map { entityLink($0, root: root) }),
            ]
        }
    }

    func figureDetails(_ ref: EntityRef, root: String) -> TemplateObject {
        let entity = graph.entities[ref]!.entity
        let figure = entity.figure!
        let unit = figure.unit ?? ""
        var details = figureSummary(ref, root: root)
        if let unit = figure.unit { details["unit"] = .string(unit) }
        if let baseline = figure.baseline {
            details["baseline"] = .string(format.quantity(baseline.value, unit: unit))
            details["baseline_date"] = .string(format.date(baseline.date))
        }
        let reported = graph.observations[ref] ?? []
        details["observations"] = .objects(
            reported.map { item -> TemplateObject in
                var row: TemplateObject = [
                    "date": .string(format.date(item.observation.date)),
                    "date_iso": .string(item.observation.date.datetime(in: zone)),
                    "value": .string(format.quantity(item.observation.value, unit: unit)),
                    "article": .object(articleLink(item.article, root: root)),
                ]
                if let note = item.observation.note { row["note"] = .string(note) }
                return row
            })
        details["has_observations"] = .bool(!reported.isEmpty)
        let chart = FigureChart(
            name: entity.name, unit: unit, target: figure.target, baseline: figure.baseline, deadline: figure.deadline,
            observations: reported.map(\.observation), strings: strings, format: format)
        if let svg = chart.svg(id: ref.id) { details["chart"] = .string(svg) }
        return details
    }
}
