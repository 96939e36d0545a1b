import DossierCore
import DossierLink
import DossierValidate

/// `dossier check --lint`: what an editor may have missed (SPEC, "Editorial lint"),
/// each a warning at the file it is about: entities no article mentions; figures
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
            let singular = graph.config.kinds.first { $0.folder == ref.kind }?.singular ?? ref.kind
            if graph.mentionCount(ref) == 0 {
                diagnostics.warning("no article mentions \(singular):\(ref.id)", at: place)
            }
            if let figure = entity.figure {
                if figure.target == nil || figure.deadline == nil {
                    let missing = [figure.target == nil ? "target" : nil, figure.deadline == nil ? "deadline" : nil]
                        .compactMap { $0 }.joined(separator: " and ")
                    diagnostics.warning("the figure has no \(missing): the ledger cannot judge it", at: place)
                }
                if let standing = builder.standings[ref] {
                    if standing.status == .overdue {
                        diagnostics.warning(
                            "the figure is overdue: its deadline has passed and its target is not met", at: place)
                    }
                    if standing.stale {
                        diagnostics.warning(
                            "the figure's latest value is older than \(graph.config.staleAfter) days (stale)", at: place)
                    }
                }
            }
            if entity.status == .active, let end = entity.end, let asOf = builder.asOf, end.dayNumber < asOf.dayNumber {
                diagnostics.warning("status is active, but it ended on \(end.isoDay)", at: place)
            }
        }
        for linked in graph.articles {
            let article = linked.article
            let place = SourceLocation(path: article.source.path)
            if linked.entities.isEmpty { diagnostics.warning("the article mentions no entity", at: place) }
            if article.sourceName == nil { diagnostics.warning("the article gives no 'source'", at: place) }
        }
        return diagnostics.items
    }
}
