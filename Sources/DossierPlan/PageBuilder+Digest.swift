import DossierCore
import DossierLink
import DossierTemplate
import DossierValidate

/// The weekly digest's pages: its index, newest week first, and a page per week.
extension PageBuilder {
    package func digestIndex(page n: Int, of count: Int) -> Page {
        let dir = PagePath.listPage("digest/", n)
        let root = PagePath.root(from: dir)
        return page(
            dir, "digest", base(dir: dir, title: strings["digest"], template: "digest", current: "digest"),
            DigestIndexView(
                weeks: slice(Array(digest.weeks.indices), page: n).map { weekSummary($0, root: root) },
                pagination: pagination(dir: "digest/", page: n, pages: count, root: root),
                asOf: asOf.map(asOfLabel), feedHref: root + "digest/feed.xml"))
    }

    /// "Week 7, 2022" / "2022年第7周".
    package func weekTitle(_ week: Digest.Week) -> String {
        (strings["digest_week"] ?? "{year}-W{week}").replacingOccurrences(of: "{year}", with: String(week.year))
            .replacingOccurrences(of: "{week}", with: String(week.week))
    }

    func weekSummary(_ index: Int, root: String) -> DigestWeekSummary {
        let week = digest.weeks[index]
        return DigestWeekSummary(
            title: weekTitle(week), href: root + week.path, key: week.key,
            range: format.period(start: Days.date(week.monday), end: Days.date(week.monday + 6), strings: strings)
                ?? "",
            articles: week.articles.count, firstMentioned: week.firstMentioned.count, reported: week.reported.count,
            deadlines: week.deadlines.count)
    }

    /// "Met late" / "逾期达成": the word `target_met_late`.
    func standingLabel(_ status: TargetStanding.Status) -> String {
        strings["target_" + status.rawValue.replacingOccurrences(of: "-", with: "_")] ?? status.rawValue
    }

    /// The unit a figure's values are given in (none for another entity).
    func unit(of ref: EntityRef) -> String { graph.entities[ref]?.entity.figure?.unit ?? "" }

    package func digestWeek(_ index: Int) -> Page {
        let week = digest.weeks[index]
        let dir = week.path
        let root = PagePath.root(from: dir)
        let view = base(dir: dir, title: weekTitle(week), template: "digest-week", current: "digest")
        let reported = week.reported.map { item in
            DigestReported(
                figure: entityLink(item.figure, root: root),
                value: format.quantity(item.observation.value, unit: unit(of: item.figure)),
                date: format.date(item.observation.date), dateISO: item.observation.date.isoDay,
                article: articleLink(item.article, root: root), status: item.standing.status.rawValue,
                statusLabel: standingLabel(item.standing.status), stale: item.standing.stale)
        }
        let deadlines = week.deadlines.map { item in
            let deadline = graph.entities[item.figure]!.entity.figure!.deadline!
            return DigestDeadline(
                figure: entityLink(item.figure, root: root), date: format.date(deadline), dateISO: deadline.isoDay,
                target: graph.entities[item.figure]?.entity.figure?.target.map {
                    format.quantity($0, unit: unit(of: item.figure))
                },
                status: item.standing?.status.rawValue, statusLabel: item.standing.map { standingLabel($0.status) },
                stale: item.standing?.stale ?? false)
        }
        // Weeks are newest first: the next one in the list is older.
        return page(
            dir, "digest-week", view,
            DigestWeekView(
                week: weekSummary(index, root: root), articles: week.articles.map { articleLink($0, root: root) },
                firstMentioned: week.firstMentioned.map { entityLink($0, root: root) }, reported: reported,
                deadlines: deadlines,
                statusDay: week.lastDay < week.monday + 6 ? asOf.map(asOfLabel) : nil,
                older: index + 1 < digest.weeks.count ? weekSummary(index + 1, root: root) : nil,
                newer: index > 0 ? weekSummary(index - 1, root: root) : nil,
                indexHref: root + "digest/", feedHref: root + "digest/feed.xml"))
    }
}

public struct DigestIndexView: TemplateObjectModel {
    public var weeks: [DigestWeekSummary]
    public var pagination: Pagination
    public var asOf: String?
    public var feedHref: String

    public func write(into object: inout TemplateObject) {
        object["weeks"] = weeks.templateValue
        object["pagination"] = pagination.templateValue
        object.set("as_of", asOf)
        object["digest_feed_href"] = feedHref.templateValue
    }
}

/// A week of the digest, as its index lists it: what it holds, counted.
public struct DigestWeekSummary: TemplateObjectModel {
    public var title: String
    public var href: String
    /// `2022-w07`.
    public var key: String
    public var range: String
    public var articles: Int
    public var firstMentioned: Int
    public var reported: Int
    public var deadlines: Int

    public func write(into object: inout TemplateObject) {
        object["title"] = title.templateValue
        object["href"] = href.templateValue
        object["key"] = key.templateValue
        object["range"] = range.templateValue
        object["articles"] = articles.templateValue
        object["first_mentioned"] = firstMentioned.templateValue
        object["reported"] = reported.templateValue
        object["deadlines"] = deadlines.templateValue
        // Numbers are always true in a section; these say whether there are any.
        object["has_articles"] = (articles > 0).templateValue
        object["has_first_mentioned"] = (firstMentioned > 0).templateValue
        object["has_reported"] = (reported > 0).templateValue
        object["has_deadlines"] = (deadlines > 0).templateValue
    }
}

public struct DigestWeekView: TemplateObjectModel {
    public var week: DigestWeekSummary
    public var articles: [ArticleLink]
    /// New on the radar: the entities first mentioned this week.
    public var firstMentioned: [EntityLink]
    public var reported: [DigestReported]
    public var deadlines: [DigestDeadline]
    /// "As of …" in the week of the build's date, whose statuses are those of that day, not of its Sunday.
    public var statusDay: String?
    public var older: DigestWeekSummary?
    public var newer: DigestWeekSummary?
    public var indexHref: String
    public var feedHref: String

    public func write(into object: inout TemplateObject) {
        object["digest_feed_href"] = feedHref.templateValue
        object["week"] = week.templateValue
        object["articles"] = articles.templateValue
        object["first_mentioned"] = firstMentioned.templateValue
        object["reported"] = reported.templateValue
        object["deadlines"] = deadlines.templateValue
        object.set("as_of", statusDay)
        object.set("older", older)
        object.set("newer", newer)
        object["digest_href"] = indexHref.templateValue
    }
}

/// A value an article of the week reports, with its figure's standing at the week's end.
public struct DigestReported: TemplateObjectModel {
    public var figure: EntityLink
    public var value: String
    public var date: String
    public var dateISO: String
    public var article: ArticleLink
    public var status: String
    public var statusLabel: String
    public var stale: Bool

    public func write(into object: inout TemplateObject) {
        object["figure"] = figure.templateValue
        object["value"] = value.templateValue
        object["date"] = date.templateValue
        object["date_iso"] = dateISO.templateValue
        object["article"] = article.templateValue
        object["target_status"] = status.templateValue
        object["target_status_label"] = statusLabel.templateValue
        object["stale"] = stale.templateValue
    }
}

/// A figure whose deadline fell in the week.
public struct DigestDeadline: TemplateObjectModel {
    public var figure: EntityLink
    public var date: String
    public var dateISO: String
    public var target: String?
    public var status: String?
    public var statusLabel: String?
    public var stale: Bool

    public func write(into object: inout TemplateObject) {
        object["figure"] = figure.templateValue
        object["date"] = date.templateValue
        object["date_iso"] = dateISO.templateValue
        object.set("target", target)
        object.set("target_status", status)
        object.set("target_status_label", statusLabel)
        object["stale"] = stale.templateValue
    }
}

/// A week of the digest as its feed's entry: one a week, for the reader who reads it by mail.
package struct DigestEntry: Sendable {
    /// Its page, from the site's root (`digest/2022-w07/`).
    package var path: String
    package var title: String
    /// RFC 3339: its Monday, and its last day (its Sunday, or the build's date in its week) or its newest article's date.
    package var published: String
    package var updated: String
    /// What the week's page lists, as HTML with absolute links.
    package var html: String
}

extension PageBuilder {
    /// The newest whole weeks (`feed_size`), each as its feed's entry: the week of the
    /// build's date joins the feed once it is over, so that a reader who gets each entry
    /// once, by mail, gets the whole week.
    package func digestEntries() -> [DigestEntry] {
        digest.weeks.filter { $0.lastDay == $0.monday + 6 }.prefix(config.feedSize).map { week in
            let monday = Days.date(week.monday)
            let newest = week.articles.map { graph.articles[$0].article }.map { $0.updated ?? $0.date }.max()
            let root = baseURL
            func item(_ href: String, _ text: String, _ after: String = "") -> String {
                "<li><a href=\"\(HTML.escape(href))\">\(HTML.escape(text))</a>\(HTML.escape(after))</li>"
            }
            func section(_ key: String, _ items: [String]) -> String {
                items.isEmpty ? "" : "<h2>\(HTML.escape(strings[key] ?? key))</h2><ul>" + items.joined() + "</ul>\n"
            }
            let colon = strings["colon"] ?? ": "
            let semicolon = strings["semicolon"] ?? "; "
            func paren(_ text: String) -> String {
                (strings["paren_open"] ?? " (") + text + (strings["paren_close"] ?? ")")
            }
            var html = section(
                "digest_articles",
                week.articles.map {
                    item(root + articleFacts[$0].path, articleFacts[$0].title, paren(articleFacts[$0].date))
                })
            html += section(
                "digest_new",
                week.firstMentioned.map {
                    item(root + $0.path, graph.name($0), paren(config.kind(folder: $0.kind)?.label ?? $0.kind))
                })
            html += section(
                "digest_values",
                week.reported.map {
                    item(
                        root + $0.figure.path, graph.name($0.figure),
                        colon + format.quantity($0.observation.value, unit: unit(of: $0.figure))
                            + paren(format.date($0.observation.date)) + semicolon + standingLabel($0.standing.status))
                })
            html += section(
                "digest_deadlines",
                week.deadlines.map {
                    item(
                        root + $0.figure.path, graph.name($0.figure),
                        colon + format.date(graph.entities[$0.figure]!.entity.figure!.deadline!)
                            + ($0.standing.map { semicolon + standingLabel($0.status) } ?? ""))
                })
            // Its standings are those of its last day, so the entry is as new as that day, or its newest article.
            let lastDay = Days.date(week.lastDay)
            let updated = newest.map { $0.stamp > lastDay.stamp ? $0 : lastDay } ?? lastDay
            return DigestEntry(
                path: week.path, title: weekTitle(week), published: monday.rfc3339(in: zone),
                updated: updated.rfc3339(in: zone), html: html)
        }
    }
}
