import DossierCore
import DossierLink
import DossierValidate

/// `dossier check --lint`: what an editor may have missed (SPEC, "Editorial lint"),
/// each a warning at the line it is about (the field's, else the name's or title's): entities no article mentions; figures
/// overdue or stale, or without a target or deadline; `status: active` past its
/// `end`; articles that mention nothing, or give no `source`. (Names two entities
/// share and `superseded` without `superseded_by` are warned about on every build.)
public enum EditorialLint {
    public static func warnings(_ builder: PageBuilder) -> [Diagnostic] {
        let graph = builder.graph
        var diagnostics = Diagnostics()
        for ref in graph.entityOrder {
            guard let linked = graph.entities[ref] else { continue }
            let entity = linked.entity
            let place = entity.nameLocation ?? SourceLocation(path: entity.source.path)
            func at(_ field: String) -> SourceLocation { entity.fieldPlaces[field] ?? place }
            let singular = graph.config.kinds.first { $0.folder == ref.kind }?.singular ?? ref.kind
            if graph.mentionCount(ref) == 0 {
                diagnostics.warning("no article mentions \(singular):\(ref.id)", at: place)
            }
            if let figure = entity.figure {
                if figure.target == nil || figure.deadline == nil {
                    let missing = [figure.target == nil ? "target" : nil, figure.deadline == nil ? "deadline" : nil]
                        .compactMap { $0 }.joined(separator: " and ")
                    diagnostics.warning(
                        "the figure has no \(missing): the ledger cannot judge it",
                        at: figure.target == nil ? at("deadline") : at("target"))
                }
                if let standing = builder.standings[ref] {
                    if standing.status == .overdue {
                        diagnostics.warning(
                            "the figure is overdue: its deadline (\(figure.deadline?.isoDay ?? "")) has passed and its target is not met",
                            at: at("deadline"))
                    }
                    if standing.stale {
                        diagnostics.warning(
                            "the figure's latest value (\(standing.latest?.date.isoDay ?? "")) is older than \(graph.config.staleAfter) days on \(builder.asOf?.isoDay ?? "") (stale)",
                            at: place)
                    }
                }
            }
            if entity.status == .active, let end = entity.end, let asOf = builder.asOf, end.dayNumber < asOf.dayNumber {
                diagnostics.warning("status is active, but it ended on \(end.isoDay)", at: at("status"))
            }
        }
        for linked in graph.articles {
            let article = linked.article
            let place = article.titleLocation ?? SourceLocation(path: article.source.path)
            if linked.entities.isEmpty { diagnostics.warning("the article mentions no entity", at: place) }
            if article.sourceName == nil { diagnostics.warning("the article gives no 'source'", at: place) }
        }
        return diagnostics.items
    }
}
