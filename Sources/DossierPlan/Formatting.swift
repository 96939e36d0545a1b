import DossierCore
import DossierLink
import DossierTemplate
import DossierValidate
import Foundation

/// Dates and numbers as the site's language writes them.
package struct Formatting {
    package let chinese: Bool

    package init(language: String) { chinese = language.lowercased().hasPrefix("zh") }

    private static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    package func date(_ date: DateValue) -> String {
        chinese
            ? "\(date.year)年\(date.month)月\(date.day)日"
            : "\(date.day) \(Self.months[date.month - 1]) \(date.year)"
    }

    /// `120,000` in Latin text; in Chinese, large round numbers in 万 and 亿 (`12万`, `9.8万`, `1.5亿`),
    /// others with their digits grouped, so no value is ever rounded for show.
    package func number(_ value: Double) -> String {
        if chinese {
            for (scale, suffix) in [(1e8, "亿"), (1e4, "万")] where abs(value) >= scale {
                let scaled = value / scale
                // At most two decimals in the larger unit, and only when that is exact.
                if ((scaled * 100).rounded() - scaled * 100).magnitude < 1e-6 { return Self.grouped(scaled) + suffix }
            }
        }
        return Self.grouped(value)
    }

    /// A value and its unit: `16 GW` and `300,000 homes` (a space before a word), but `12万人`,
    /// `45%` and `20°C` (none before a Chinese unit or a sign). The unit's own spaces are dropped,
    /// so ` GW` and `GW` read the same.
    package func quantity(_ value: Double, unit: String?) -> String {
        let unit = (unit ?? "").trimmingCharacters(in: .whitespaces)
        guard let first = unit.unicodeScalars.first else { return number(value) }
        let cjk = CJK.isWide(first)
        let sign = "%‰°′″".unicodeScalars.contains(first)
        return number(value) + (cjk || sign ? "" : " ") + unit
    }

    /// When something runs: `1 January 2023 – 31 December 2027`, `from 1 January 2023`;
    /// `2023年1月1日至2027年12月31日`, `2023年1月1日起`.
    package func period(start: DateValue?, end: DateValue?, strings: [String: String]) -> String? {
        switch (start.map(date), end.map(date)) {
        case (let start?, let end?):
            return strings["period_range"]!.replacingOccurrences(of: "{start}", with: start)
                .replacingOccurrences(of: "{end}", with: end)
        case (let start?, nil): return strings["period_from"]!.replacingOccurrences(of: "{start}", with: start)
        case (nil, let end?): return strings["period_until"]!.replacingOccurrences(of: "{end}", with: end)
        case (nil, nil): return nil
        }
    }

    /// A page's `<meta name="description">`: the text on one line, at most `limit` characters,
    /// cut at a space where the text has spaces near the end, with `…`.
    package static func metaDescription(_ text: String, limit: Int = 300) -> String? {
        let words = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard !words.isEmpty else { return nil }
        guard words.count > limit else { return words }
        var cut = String(words.prefix(limit))
        if let space = cut.lastIndex(of: " "), cut.distance(from: space, to: cut.endIndex) < 40 {
            cut = String(cut[..<space])
        }
        return cut + "…"
    }

    /// Digits in groups of three, at most two decimals, no trailing zeros: `120,000`, `9.8`.
    private static func grouped(_ value: Double) -> String {
        let whole = value.rounded() == value && abs(value) < 1e15
        var digits = whole ? String(Int64(value)) : String(format: "%.2f", value)
        if !whole { while digits.hasSuffix("0") { digits.removeLast() } }
        if digits.hasSuffix(".") { digits.removeLast() }
        let negative = digits.hasPrefix("-")
        if negative { digits.removeFirst() }
        let parts = digits.split(separator: ".", maxSplits: 1)
        var integer = String(parts[0])
        var grouped = ""
        while integer.count > 3 {
            grouped = "," + integer.suffix(3) + grouped
            integer.removeLast(3)
        }
        grouped = integer + grouped
        if parts.count > 1 { grouped += "." + parts[1] }
        return (negative ? "-" : "") + grouped
    }
}

/// A URL a user wrote, as an `href`: the characters no URL may hold (spaces, quotes,
/// angle brackets, …) percent-encoded, so the attribute is a valid URL; the rest as written.
package enum ExternalURL {
    private static let allowed = CharacterSet(charactersIn: " \"<>\\^`{|}").union(.controlCharacters).inverted

    package static func href(_ url: String) -> String {
        url.addingPercentEncoding(withAllowedCharacters: allowed) ?? url
    }
}

/// Paths between pages: every internal link is relative, so the site works at any path.
package enum PagePath {
    /// From a page in folder `dir` (`articles/x/`, or `` for the root) to the root.
    package static func root(from dir: String) -> String {
        String(repeating: "../", count: dir.split(separator: "/").count)
    }

    /// The folder of page `n` of a list whose first page is in `dir`.
    package static func listPage(_ dir: String, _ n: Int) -> String { n == 1 ? dir : "\(dir)page/\(n)/" }
}
