import DossierTemplate

// What the pages of entities receive: a kind's index, an entity's pages, a target figure.

public struct KindView: TemplateObjectModel {
    public var kind: KindFields
    /// Every entity of the kind, each followed by its children (`depth`, `nested`).
    public var entities: [Merged<Merged<EntityLink, EntityFacts>, KindRow>]

    public func write(into object: inout TemplateObject) {
        object["kind"] = kind.templateValue
        object["entities"] = entities.templateValue
    }
}

/// The target ledger (`figures/index.html`): every figure, most urgent first.
public struct LedgerView: TemplateObjectModel {
    public var kind: KindFields
    public var figures: [FigureSummary]
    /// "As of 6 December 2026": the statuses are those of that day.
    public var asOf: String

    public func write(into object: inout TemplateObject) {
        object["kind"] = kind.templateValue
        object["figures"] = figures.templateValue
        object["as_of"] = asOf.templateValue
    }
}

public struct KindFields: TemplateObjectModel {
    public var label: String
    public var folder: String
    public var singular: String
    public var count: Int

    public func write(into object: inout TemplateObject) {
        object["label"] = label.templateValue
        object["folder"] = folder.templateValue
        object["singular"] = singular.templateValue
        object["count"] = count.templateValue
    }
}

public struct KindRow: TemplateObjectModel {
    public var count: Int
    public var depth: Int
    public var nested: Bool

    public func write(into object: inout TemplateObject) {
        object["count"] = count.templateValue
        object["depth"] = depth.templateValue
        object["nested"] = nested.templateValue
    }
}

/// Status, period and aliases: what an entity's page and its kind's index show of it.
public struct EntityFacts: TemplateObjectModel {
    /// `active`, `planned`…
    public var status: OrFalse<String>
    public var statusLabel: String?
    public var period: OrFalse<String>
    public var aliases: OrFalse<String>
    /// Its name in other languages, each with its language.
    public var names: [LocalNameView] = []
    public var start: OrFalse<String>
    public var startISO: String?
    public var end: OrFalse<String>
    public var endISO: String?

    public func write(into object: inout TemplateObject) {
        object["status"] = status.templateValue
        object.set("status_label", statusLabel)
        object["period"] = period.templateValue
        object["aliases"] = aliases.templateValue
        object["names"] = names.templateValue
        object["start"] = start.templateValue
        object.set("start_iso", startISO)
        object["end"] = end.templateValue
        object.set("end_iso", endISO)
    }
}

/// An entity's name in another language (`lang` is its BCP 47 tag).
public struct LocalNameView: TemplateObjectModel {
    public var lang: String
    public var name: String

    public func write(into object: inout TemplateObject) {
        object["lang"] = lang.templateValue
        object["name"] = name.templateValue
    }
}

public struct EntityView: TemplateObjectModel {
    public var entity: Merged<EntityFields, EntityFacts>
    public var firstPage: Bool
    /// Related entities, by relation (`parent`, `children`, `responsible`…).
    public var relations: [Relation]
    /// The articles that mention it, on this page, with the sentences they mention it in.
    public var citations: [Merged<ArticleLink, Quotes>]
    public var pagination: Pagination
    /// The entities most often named in the same articles, each with how many it `shared`.
    public var coMentions: [Merged<EntityLink, Shared>]
    /// A target figure's details, on its first page.
    public var figure: Merged<FigureSummary, FigureDetails>?
    /// When it was written about, on its first page.
    public var timeline: TimelineView?
    /// Its neighbours, as an SVG, on its first page.
    public var neighbourhood: String?

    public func write(into object: inout TemplateObject) {
        object.set("timeline", timeline)
        object.set("neighbourhood", neighbourhood)
        object["entity"] = entity.templateValue
        object["first_page"] = firstPage.templateValue
        object["relations"] = relations.templateValue
        object["citations"] = citations.templateValue
        object["pagination"] = pagination.templateValue
        object["co_mentions"] = coMentions.templateValue
        object.set("figure", figure)
    }
}

public struct EntityFields: TemplateObjectModel {
    public var name: String
    public var kind: String
    public var kindLabel: String
    public var singular: String
    public var id: String
    public var kindHref: String
    public var count: Int
    /// "被3篇文章提及" / "Mentioned in 3 articles".
    public var countLabel: String
    /// Its description, on the first page.
    public var html: String?

    public func write(into object: inout TemplateObject) {
        object["name"] = name.templateValue
        object["kind"] = kind.templateValue
        object["kind_label"] = kindLabel.templateValue
        object["singular"] = singular.templateValue
        object["id"] = id.templateValue
        object["kind_href"] = kindHref.templateValue
        object["count"] = count.templateValue
        object["count_label"] = countLabel.templateValue
        object.set("html", html)
    }
}

public struct Relation: TemplateObjectModel {
    public var key: String
    public var label: String
    public var entities: [EntityLink]

    public func write(into object: inout TemplateObject) {
        object["key"] = key.templateValue
        object["label"] = label.templateValue
        object["entities"] = entities.templateValue
    }
}

public struct Quotes: TemplateObjectModel {
    public var sentences: [Quote]

    public func write(into object: inout TemplateObject) {
        object["sentences"] = sentences.templateValue
    }
}

/// A sentence around the mention.
public struct Quote: TemplateObjectModel {
    public var before: String
    public var mention: String
    public var after: String

    public func write(into object: inout TemplateObject) {
        object["before"] = before.templateValue
        object["mention"] = mention.templateValue
        object["after"] = after.templateValue
    }
}

public struct Shared: TemplateObjectModel {
    public var shared: Int

    public func write(into object: inout TemplateObject) {
        object["shared"] = shared.templateValue
    }
}

/// A target figure as a list shows it: its link and its values.
public typealias FigureSummary = Merged<EntityLink, FigureValues>

public struct FigureValues: TemplateObjectModel {
    public var target: OrFalse<String>
    public var deadline: OrFalse<String>
    public var latest: OrFalse<String>
    public var latestDate: OrFalse<String>
    /// Percent of the target, up to 100.
    public var progress: OrFalse<Int>
    public var metric: OrFalse<String>
    public var unit: OrFalse<String>
    public var baseline: OrFalse<String>
    /// Its standing on the build's date (`met`, `met-late`, `overdue`, `on-track`, `behind`,
    /// `reported`, `no-data`), or false where the page shows none; and that in the language.
    public var targetStatus: OrFalse<String> = .none
    public var targetStatusLabel: String? = nil
    /// Its latest value is older than `stale_after` days (and it is not met).
    public var stale = false

    public func write(into object: inout TemplateObject) {
        object["target_status"] = targetStatus.templateValue
        object.set("target_status_label", targetStatusLabel)
        object["stale"] = stale.templateValue
        object["target"] = target.templateValue
        object["deadline"] = deadline.templateValue
        object["latest"] = latest.templateValue
        object["latest_date"] = latestDate.templateValue
        object["progress"] = progress.templateValue
        object["metric"] = metric.templateValue
        object["unit"] = unit.templateValue
        object["baseline"] = baseline.templateValue
    }
}

/// What a figure's own page adds.
public struct FigureDetails: TemplateObjectModel {
    public var unit: String?
    public var baseline: String?
    public var baselineDate: String?
    public var observations: [ObservationRow]
    public var hasObservations: Bool
    /// "As of 6 December 2026", when the figure's standing is shown.
    public var asOf: String? = nil
    /// The chart, as SVG.
    public var chart: String?

    public func write(into object: inout TemplateObject) {
        object.set("unit", unit)
        object.set("baseline", baseline)
        object.set("baseline_date", baselineDate)
        object["observations"] = observations.templateValue
        object["has_observations"] = hasObservations.templateValue
        object.set("as_of", asOf)
        object.set("chart", chart)
    }
}

public struct ObservationRow: TemplateObjectModel {
    public var date: String
    public var dateISO: String
    public var value: String
    public var article: ArticleLink
    public var note: String?

    public func write(into object: inout TemplateObject) {
        object["date"] = date.templateValue
        object["date_iso"] = dateISO.templateValue
        object["value"] = value.templateValue
        object["article"] = article.templateValue
        object.set("note", note)
    }
}

/// An entity's timeline: the chart, its first and last mention, and its mentions
/// by period (`counts`, by month or, when `by_year`, by year) for the table beside it.
public struct TimelineView: TemplateObjectModel {
    public var svg: String
    public var firstMention: String?
    public var firstMentionISO: String?
    public var lastMention: String?
    public var lastMentionISO: String?
    public var byYear: Bool
    public var counts: [TimelineCount]

    public func write(into object: inout TemplateObject) {
        object["svg"] = svg.templateValue
        object.set("first_mention", firstMention)
        object.set("first_mention_iso", firstMentionISO)
        object.set("last_mention", lastMention)
        object.set("last_mention_iso", lastMentionISO)
        object["by_year"] = byYear.templateValue
        object["counts"] = counts.templateValue
    }
}

public struct TimelineCount: TemplateObjectModel {
    public var period: String
    public var count: Int

    public func write(into object: inout TemplateObject) {
        object["period"] = period.templateValue
        object["count"] = count.templateValue
    }
}
