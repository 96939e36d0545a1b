import DossierCore
import DossierLink
import DossierValidate

/// The weekly digest (SPEC, "Weekly digest"): every ISO week that has anything,
/// newest first, up to the week of the build's date: its articles, the entities
/// first mentioned in them ("new on the radar"), the values they report, each
/// with its figure's standing at the end of that week, and the figures' deadlines
/// that fell in it. Derived from the graph in one pass over its articles.
package struct Digest: Sendable {
    package struct Reported: Sendable {
        package var figure: EntityRef
        package var observation: Observation
        package var article: Int
        /// The figure's standing at the end of the week (or on the build's date, in its week).
        package var standing: TargetStanding
    }

    package struct Week: Sendable {
        /// The day number of its Monday.
        package var monday: Int
        /// `2022-w07`: its folder under `digest/`.
        package var key: String
        package var year: Int
        package var week: Int
        /// Newest first.
        package var articles: [Int] = []
        /// In the site's order of entities.
        package var firstMentioned: [EntityRef] = []
        /// In the order of its articles (newest first), each article's in the order it gives them.
        package var reported: [Reported] = []
        /// Figures whose deadline fell in the week, each with its standing at the week's end.
        package var deadlines: [(figure: EntityRef, standing: TargetStanding?)] = []
        /// The last day its statuses are taken on: its Sunday, or the build's date in the current week.
        package var lastDay: Int

        package var path: String { "digest/\(key)/" }
    }

    /// Newest first.
    package var weeks: [Week]

    /// `articleDays` is each article's day in the site's time zone; no week after the one of `asOf` is shown.
    package init(graph: SiteGraph, articleDays: [Int], asOf: DateValue?) {
        let lastMonday = asOf.map { Days.monday($0.dayNumber) } ?? Int.max
        let asOfDay = asOf?.dayNumber ?? Int.max
        var weeks: [Int: Week] = [:]
        func week(_ day: Int) -> Int? {
            // Nothing after the build's date: an article `--future` shows, a deadline later in its week.
            let monday = Days.monday(day)
            guard monday <= lastMonday, day <= asOfDay else { return nil }
            if weeks[monday] == nil {
                let (year, number) = Days.isoWeek(monday)
                weeks[monday] = Week(
                    monday: monday, key: Days.weekKey(monday), year: year, week: number,
                    lastDay: min(monday + 6, asOfDay))
            }
            return monday
        }
        for index in graph.articles.indices {
            guard let monday = week(articleDays[index]) else { continue }
            weeks[monday]!.articles.append(index)
        }
        for ref in graph.entityOrder {
            // Articles are newest first, so a list of citations ends with the oldest.
            guard let oldest = graph.citations[ref]?.lazy.map({ articleDays[$0.article] }).min(),
                let monday = week(oldest)
            else { continue }
            weeks[monday]!.firstMentioned.append(ref)
        }
        // What had been reported by that day, judged on that day.
        func standing(_ ref: EntityRef, on day: Int) -> TargetStanding? {
            TargetStanding.of(ref, in: graph, asOf: Days.date(day)) { articleDays[$0] <= day }
        }
        for ref in graph.entityOrder {
            guard let deadline = graph.entities[ref]?.entity.figure?.deadline, let monday = week(deadline.dayNumber)
            else { continue }
            weeks[monday]!.deadlines.append((ref, standing(ref, on: weeks[monday]!.lastDay)))
        }
        for monday in weeks.keys {
            let lastDay = weeks[monday]!.lastDay
            var reported: [Reported] = []
            var standings: [EntityRef: TargetStanding?] = [:]
            for index in weeks[monday]!.articles {
                for item in graph.articles[index].article.observations {
                    if standings[item.figureRef] == nil {
                        standings[item.figureRef] = standing(item.figureRef, on: lastDay)
                    }
                    guard let standing = standings[item.figureRef]! else { continue }
                    reported.append(
                        Reported(
                            figure: item.figureRef, observation: item.observation, article: index, standing: standing))
                }
            }
            weeks[monday]!.reported = reported
        }
        self.weeks = weeks.values.sorted { $0.monday > $1.monday }
    }
}
