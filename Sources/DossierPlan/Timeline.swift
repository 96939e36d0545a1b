import DossierCore
import DossierValidate
import Foundation

/// When an entity was written about (SPEC, "Timeline"): its mentions per month
/// (per year when they span more than three years), its start, end and status,
/// and, for a figure, its observations and deadline, as one inline SVG with a
/// title and a text equivalent. It does not depend on the build's date.
///
/// The SVG has no `viewBox`: its width is the page's, its height fixed, and it
/// places things across in per cent and down in pixels, so that its text keeps
/// its size from a phone to a wide screen.
package struct EntityTimeline {
    package struct Bucket: Equatable {
        /// Its first day and the day after its last (day numbers).
        package var start: Int
        package var end: Int
        /// `2022-02`, or `2022` when counted by year.
        package var label: String
        package var count: Int
    }

    package var name: String
    /// The local day of each article that mentions it.
    package var mentionDays: [Int]
    package var start: DateValue?
    package var end: DateValue?
    package var status: Entity.Status?
    package var observations: [Observation] = []
    package var deadline: DateValue?
    package var strings: [String: String]
    package var format: Formatting

    /// The fewest years the axis shows, so that one mention is not one wide bar (months: a whole year).
    static let minimumYears = 4
    static let height = 124

    /// Mentions from first to last spanning more than three years (to the day) are counted by year.
    package var byYear: Bool {
        guard let first = mentionDays.min(), let last = mentionDays.max() else { return false }
        let start = Days.date(first)
        return last > Days.number(year: start.year + 3, month: start.month, day: min(start.day, 28))
    }

    /// Every day the axis must show.
    private var axisDays: [Int] {
        var days = mentionDays
        days += [start, end, deadline].compactMap { $0?.dayNumber }
        days += observations.map(\.date.dayNumber)
        return days
    }

    /// Months since year 0, of a day.
    private static func month(_ day: Int) -> Int {
        let date = Days.date(day)
        return date.year * 12 + date.month - 1
    }

    private static func firstDay(ofMonth month: Int) -> Int {
        Days.number(year: month >= 0 ? month / 12 : (month - 11) / 12, month: (month % 12 + 12) % 12 + 1, day: 1)
    }

    /// Every period of the axis, oldest first, with its mentions (most have none).
    package var buckets: [Bucket] {
        let days = axisDays
        guard let low = days.min(), let high = days.max() else { return [] }
        var counts: [Int: Int] = [:]
        if byYear {
            for day in mentionDays { counts[Days.date(day).year, default: 0] += 1 }
            var (first, last) = (Days.date(low).year, Days.date(high).year)
            let missing = Self.minimumYears - (last - first + 1)
            if missing > 0 { (first, last) = (first - missing / 2, last + missing - missing / 2) }
            return (first...last).map { year in
                Bucket(
                    start: Days.number(year: year, month: 1, day: 1),
                    end: Days.number(year: year + 1, month: 1, day: 1),
                    label: String(year), count: counts[year] ?? 0)
            }
        }
        for day in mentionDays { counts[Self.month(day), default: 0] += 1 }
        // Whole years, so that the axis begins at a year's label.
        let (first, last) = (Days.date(low).year * 12, Days.date(high).year * 12 + 11)
        return (first...last).map { month in
            let start = Self.firstDay(ofMonth: month)
            let date = Days.date(start)
            return Bucket(
                start: start, end: Self.firstDay(ofMonth: month + 1),
                label: String(format: "%04d-%02d", date.year, date.month), count: counts[month] ?? 0)
        }
    }

    package var firstMention: Int? { mentionDays.min() }
    package var lastMention: Int? { mentionDays.max() }

    /// What the chart shows, in words: its `<desc>`, and the text beside it.
    package func description(_ buckets: [Bucket]) -> String {
        var parts: [String] = []
        let colon = strings["colon"]!
        if let first = firstMention, let last = lastMention {
            parts.append(word("first_mention") + colon + Days.date(first).isoDay)
            parts.append(word("last_mention") + colon + Days.date(last).isoDay)
        } else {
            parts.append(word("no_mentions"))
        }
        if start != nil || end != nil {
            parts.append(
                word("period") + colon
                    + (format.period(start: start, end: end, strings: strings) ?? ""))
        }
        if let status { parts.append(word("status") + colon + word("status_" + status.rawValue)) }
        for bucket in buckets where bucket.count > 0 { parts.append(bucket.label + colon + String(bucket.count)) }
        for observation in observations {
            parts.append(observation.date.isoDay + colon + format.number(observation.value))
        }
        if let deadline { parts.append(word("deadline") + colon + deadline.isoDay) }
        return parts.joined(separator: strings["semicolon"]!)
    }

    /// A word, without the full stop a sentence of its own ends with (`No article mentions it yet.`).
    private func word(_ key: String) -> String {
        var text = strings[key] ?? key
        while let last = text.last, ".。".contains(last) { text.removeLast() }
        return text
    }

    package func svg(id: String) -> String {
        let buckets = self.buckets
        let titleID = "timeline-\(id)-title"
        let descID = "timeline-\(id)-desc"
        var svg = """
            <svg class="timeline" width="100%" height="\(Self.height)" role="img" aria-labelledby="\(titleID) \(descID)" xmlns="http://www.w3.org/2000/svg">
            <title id="\(titleID)">\(HTML.escape(word("timeline") + strings["colon"]! + name))</title>
            <desc id="\(descID)">\(HTML.escape(description(buckets)))</desc>

            """
        guard let low = buckets.first?.start, let high = buckets.last?.end, high > low else {
            return svg + "<line class=\"baseline\" x1=\"1%\" x2=\"99%\" y1=\"78\" y2=\"78\"/>\n</svg>"
        }
        let span = Double(high - low)
        func x(_ day: Int) -> Double { 1 + Double(day - low) / span * 98 }
        func p(_ value: Double) -> String { String(format: "%.2f%%", value) }
        let (top, base) = (18.0, 78.0)
        let most = buckets.map(\.count).max() ?? 0
        if most > 0 {
            svg += "<line class=\"grid\" x1=\"1%\" x2=\"99%\" y1=\"\(Int(top))\" y2=\"\(Int(top))\"/>"
            // The largest count labels the top line, at the end the deadline's label leaves free.
            let left = deadline.map { x($0.dayNumber) > 50 } ?? false
            svg +=
                "<text class=\"axis\" x=\"\(left ? "1%" : "99%")\" y=\"\(Int(top) - 4)\" text-anchor=\"\(left ? "start" : "end")\">\(most)</text>\n"
        }
        for bucket in buckets where bucket.count > 0 {
            let width = max(0.3, (x(bucket.end) - x(bucket.start)) * 0.8)
            let height = max(2, (base - top) * Double(bucket.count) / Double(most))
            svg +=
                "<rect class=\"column\" x=\"\(p(x(bucket.start)))\" width=\"\(p(width))\" y=\"\(String(format: "%.1f", base - height))\" height=\"\(String(format: "%.1f", height))\"><title>\(HTML.escape(bucket.label + strings["colon"]! + String(bucket.count)))</title></rect>\n"
        }
        svg += "<line class=\"baseline\" x1=\"1%\" x2=\"99%\" y1=\"\(Int(base))\" y2=\"\(Int(base))\"/>\n"
        if start != nil || end != nil {
            let from = start.map { x($0.dayNumber) } ?? x(low)
            let to = end.map { x($0.dayNumber + 1) } ?? x(high)
            let label = format.period(start: start, end: end, strings: strings) ?? ""
            svg +=
                "<rect class=\"period status-\(status?.rawValue ?? "none")\" x=\"\(p(from))\" width=\"\(p(max(0.3, to - from)))\" y=\"86\" height=\"8\" rx=\"2\"><title>\(HTML.escape(label))</title></rect>\n"
        }
        if let deadline {
            let at = x(deadline.dayNumber)
            svg += "<line class=\"deadline\" x1=\"\(p(at))\" x2=\"\(p(at))\" y1=\"\(Int(top))\" y2=\"98\"/>"
            svg +=
                "<text class=\"axis deadline-label\" x=\"\(p(at))\" y=\"10\" text-anchor=\"\(at > 50 ? "end" : "start")\">\(HTML.escape(word("deadline") + strings["word_space"]! + deadline.isoDay))</text>\n"
        }
        for observation in observations {
            svg +=
                "<circle class=\"observation\" cx=\"\(p(x(observation.date.dayNumber)))\" cy=\"90\" r=\"4.5\"><title>\(HTML.escape(observation.date.isoDay + strings["colon"]! + format.number(observation.value)))</title></circle>\n"
        }
        for (day, label) in ticks(buckets) {
            let at = x(day)
            svg += "<line class=\"tick\" x1=\"\(p(at))\" x2=\"\(p(at))\" y1=\"\(Int(base))\" y2=\"\(Int(base) + 4)\"/>"
            let anchor = at < 4 ? "start" : at > 96 ? "end" : "middle"
            svg += "<text class=\"axis\" x=\"\(p(at))\" y=\"116\" text-anchor=\"\(anchor)\">\(label)</text>\n"
        }
        return svg + "</svg>"
    }

    /// At most six labels: each year's first day (every second, fifth… year on a long axis),
    /// or months on an axis within a year or two.
    private func ticks(_ buckets: [Bucket]) -> [(Int, String)] {
        let low = buckets.first!.start
        let high = buckets.last!.end
        let (first, last) = (Days.date(low).year, Days.date(high - 1).year)
        let years = (first...last).filter { Days.number(year: $0, month: 1, day: 1) >= low }
        if byYear || years.count >= 3 {
            let step = [1, 2, 5, 10, 20, 50, 100].first { years.count / $0 < 6 } ?? 100
            return years.filter { $0 % step == 0 }.map { (Days.number(year: $0, month: 1, day: 1), String($0)) }
        }
        let step = [1, 2, 3, 6, 12].first { buckets.count / $0 < 6 } ?? 12
        return buckets.enumerated().filter { $0.offset % step == 0 }.map { ($0.element.start, $0.element.label) }
    }
}
