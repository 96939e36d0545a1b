import DossierCore
import DossierLink
import DossierTemplate
import DossierValidate
import Foundation

/// An inline SVG chart of a target figure: the target as a dashed line, the
/// baseline and reported values as points joined over time, with a title and a
/// description for readers who cannot see it.
package struct FigureChart {
    package var name: String
    package var unit: String
    package var target: Double?
    package var baseline: Observation?
    package var deadline: DateValue?
    package var observations: [Observation]
    package var strings: [String: String]
    package var format: Formatting

    private let width = 640.0
    private let height = 280.0
    private let left = 64.0
    private let right = 24.0
    private let top = 24.0
    private let bottom = 40.0

    package func svg(id: String) -> String? {
        var points = observations
        if let baseline { points.insert(baseline, at: 0) }
        points.sort { $0.date < $1.date }
        guard !points.isEmpty || target != nil else { return nil }

        let days = points.map { Self.dayNumber($0.date) } + [deadline.map(Self.dayNumber)].compactMap { $0 }
        var minDay = days.min() ?? 0
        var maxDay = days.max() ?? 0
        if maxDay - minDay < 30 {
            minDay -= 180
            maxDay += 180
        }
        let values = points.map(\.value) + [target].compactMap { $0 }
        let maxValue = Self.niceCeiling((values.max() ?? 1) * 1.1)
        let minValue = min(0, values.min() ?? 0)
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        func x(_ day: Double) -> Double { left + (day - minDay) / (maxDay - minDay) * plotWidth }
        func y(_ value: Double) -> Double { top + (1 - (value - minValue) / (maxValue - minValue)) * plotHeight }
        func n(_ v: Double) -> String { String(format: "%.1f", v) }

        let titleID = "chart-\(id)-title"
        let descID = "chart-\(id)-desc"
        // In the language's punctuation: `Target 40 GW (2027-12-31); 2022-12-31: 12 GW`,
        // `目标12万人（2025-12-31）；2021-12-31：9.8万人`.
        func quantity(_ value: Double) -> String { format.quantity(value, unit: unit) }
        func label(_ point: Observation) -> String { point.date.isoDay + strings["colon"]! + quantity(point.value) }
        var description: [String] = []
        if let target {
            description.append(
                strings["target"]! + strings["word_space"]! + quantity(target)
                    + (deadline.map { strings["paren_open"]! + $0.isoDay + strings["paren_close"]! } ?? ""))
        }
        for point in points { description.append(label(point)) }

        var svg = """
            <svg class="chart" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-labelledby="\(titleID) \(descID)" xmlns="http://www.w3.org/2000/svg">
            <title id="\(titleID)">\(HTML.escape(name))</title>
            <desc id="\(descID)">\(HTML.escape(description.joined(separator: strings["semicolon"]!)))</desc>

            """
        for step in 0...4 {
            let value = minValue + (maxValue - minValue) * Double(step) / 4
            let yy = n(y(value))
            svg += "<line class=\"grid\" x1=\"\(n(left))\" x2=\"\(n(width - right))\" y1=\"\(yy)\" y2=\"\(yy)\"/>"
            svg +=
                "<text class=\"axis\" x=\"\(n(left - 8))\" y=\"\(yy)\" text-anchor=\"end\" dominant-baseline=\"middle\">\(HTML.escape(format.number(value)))</text>\n"
        }
        let years = Set(days.map { Days.date(Int($0)).year })
        for year in (years.min() ?? 0)...(years.max() ?? 0) + 1 {
            let day = Double(Days.number(year: year, month: 1, day: 1))
            guard day >= minDay, day <= maxDay else { continue }
            svg +=
                "<text class=\"axis\" x=\"\(n(x(day)))\" y=\"\(n(height - bottom + 20))\" text-anchor=\"middle\">\(year)</text>\n"
        }
        if let target {
            let yy = n(y(target))
            svg += "<line class=\"target\" x1=\"\(n(left))\" x2=\"\(n(width - right))\" y1=\"\(yy)\" y2=\"\(yy)\"/>\n"
            svg +=
                "<text class=\"target-label\" x=\"\(n(width - right))\" y=\"\(n(y(target) - 6))\" text-anchor=\"end\">\(HTML.escape(strings["target_line"]! + strings["word_space"]! + quantity(target)))</text>\n"
            if let deadline {
                let xx = n(x(Self.dayNumber(deadline)))
                svg +=
                    "<line class=\"deadline\" x1=\"\(xx)\" x2=\"\(xx)\" y1=\"\(n(top))\" y2=\"\(n(height - bottom))\"/>\n"
                svg +=
                    "<text class=\"axis deadline-label\" x=\"\(xx)\" y=\"\(n(top - 8))\" text-anchor=\"end\">\(HTML.escape(strings["deadline"]! + strings["word_space"]! + deadline.isoDay))</text>\n"
            }
        }
        if points.count > 1 {
            let path = points.map { "\(n(x(Self.dayNumber($0.date)))),\(n(y($0.value)))" }.joined(separator: " ")
            svg += "<polyline class=\"series\" points=\"\(path)\"/>\n"
        }
        for point in points {
            svg +=
                "<circle class=\"point\" cx=\"\(n(x(Self.dayNumber(point.date))))\" cy=\"\(n(y(point.value)))\" r=\"5\"><title>\(HTML.escape(label(point)))</title></circle>\n"
        }
        svg += "</svg>"
        return svg
    }

    /// Days since 1970-01-01 of the date (`DateValue.dayNumber`), for the time axis.
    package static func dayNumber(_ date: DateValue) -> Double { Double(date.dayNumber) }

    package static func niceCeiling(_ value: Double) -> Double {
        guard value > 0 else { return 1 }
        let magnitude = pow(10, floor(log10(value)))
        // Ceilings whose quarter (the grid's step) is a round number: 120 → 0, 30, 60, 90, 120.
        for step in [1.0, 1.2, 1.6, 2.0, 3.0, 4.0, 6.0, 8.0, 10.0] where step * magnitude >= value {
            return step * magnitude
        }
        return 10 * magnitude
    }
}
