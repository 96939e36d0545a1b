import DossierCore
import DossierLink
import DossierTemplate
import DossierValidate
import Foundation

/// Dates and numbers as the site's language writes them: dates by the theme's
/// `date_format` (an ICU pattern), else the language's long date as Foundation
/// gives it, with the language's month names; numbers with its separators.
package struct Formatting: Sendable {
    /// The words for 10⁴ and 10⁸ (万, 亿), in languages that count in them.
    private let myriads: [(Double, String)]
    private let pattern: [DatePiece]
    private let monthNames: [String]
    private let standaloneMonthNames: [String]
    private let shortMonthNames: [String]
    private let weekdayNames: [String]
    private let groupingSeparator: String
    private let decimalSeparator: String

    /// A piece of a date pattern: text as it is, or a field and its width.
    private enum DatePiece: Sendable {
        case text(String)
        case field(Character, Int)
    }

    package init(language: String, words: [String: String] = [:]) {
        myriads = [(1e8, words["hundred_million"]), (1e4, words["myriad"])].compactMap { scale, word in
            word.map { (scale, $0) }
        }
        let locale = Locale(identifier: language)
        let formatter = DateFormatter()
        formatter.locale = locale
        // Dates are Gregorian whatever the language's own calendar: month names must match the days.
        formatter.calendar = Calendar(identifier: .gregorian)
        let written =
            words["date_format"] ?? DateFormatter.dateFormat(fromTemplate: "yMMMMd", options: 0, locale: locale)
            ?? "d MMMM y"
        pattern = Self.parse(written)
        func names(_ key: String) -> [String]? {
            let names = words[key]?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            return names?.count == 12 ? names : nil
        }
        monthNames = names("months") ?? formatter.monthSymbols ?? []
        standaloneMonthNames = names("months") ?? formatter.standaloneMonthSymbols ?? monthNames
        shortMonthNames = names("months_short") ?? formatter.shortMonthSymbols ?? []
        weekdayNames = formatter.weekdaySymbols ?? []
        let numbers = NumberFormatter()
        numbers.locale = locale
        groupingSeparator = words["grouping_separator"] ?? numbers.groupingSeparator ?? ","
        decimalSeparator = words["decimal_separator"] ?? numbers.decimalSeparator ?? "."
    }

    /// `d MMMM y` as its fields and texts: letters are fields, `'…'` is text (`''` a quote).
    private static func parse(_ pattern: String) -> [DatePiece] {
        var pieces: [DatePiece] = []
        var characters = Array(pattern)[...]
        var text = ""
        while let c = characters.first {
            if c == "'" {
                characters.removeFirst()
                if characters.first == "'" {
                    text.append("'")
                    characters.removeFirst()
                    continue
                }
                while let q = characters.first {
                    characters.removeFirst()
                    if q == "'" {
                        if characters.first == "'" {
                            text.append("'")
                            characters.removeFirst()
                        } else {
                            break
                        }
                    } else {
                        text.append(q)
                    }
                }
            } else if c.isASCII && c.isLetter {
                let width = characters.prefix { $0 == c }.count
                characters.removeFirst(width)
                if !text.isEmpty { pieces.append(.text(text)) }
                text = ""
                pieces.append(.field(c, width))
            } else {
                text.append(c)
                characters.removeFirst()
            }
        }
        if !text.isEmpty { pieces.append(.text(text)) }
        return pieces
    }

    package func date(_ date: DateValue) -> String {
        var result = ""
        for piece in pattern {
            switch piece {
            case .text(let text): result += text
            case .field(let field, let width):
                switch field {
                case "y", "u":
                    result += width == 2 ? Self.padded(date.year % 100, 2) : Self.padded(date.year, width)
                case "M", "L":
                    let names = width == 3 ? shortMonthNames : field == "L" ? standaloneMonthNames : monthNames
                    if width >= 3, names.count == 12 {
                        result += names[date.month - 1]
                    } else {
                        result += Self.padded(date.month, width)
                    }
                case "d": result += Self.padded(date.day, width)
                case "E", "c", "e":
                    if weekdayNames.count == 7 { result += weekdayNames[Self.weekday(date)] }
                default: break  // hours and other fields: dates are shown as days
                }
            }
        }
        return result
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// 0 for Sunday (Sakamoto's method, on the proleptic Gregorian calendar).
    private static func weekday(_ date: DateValue) -> Int {
        let offsets = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4]
        let year = date.month < 3 ? date.year - 1 : date.year
        let day = year + year / 4 - year / 100 + year / 400 + offsets[date.month - 1] + date.day
        return ((day % 7) + 7) % 7
    }

    /// `120,000` in Latin text; in Chinese, large round numbers in 万 and 亿 (`12万`, `9.8万`, `1.5亿`),
    /// others with their digits grouped, so no value is ever rounded for show.
    package func number(_ value: Double) -> String {
        do {
            for (scale, suffix) in myriads where abs(value) >= scale {
                let scaled = value / scale
                // At most two decimals in the larger unit, and only when that is exact.
                // (exact to a part in 10¹², far below the units the scale would hide: 100,000,001 is no 1亿)
                if ((scaled * 100).rounded() - scaled * 100).magnitude < 1e-12 * Swift.max(1, (scaled * 100).magnitude)
                {
                    return grouped(scaled) + suffix
                }
            }
        }
        return grouped(value)
    }

    /// "1 row", "12,345 rows": the words `<word>_one` and `<word>_many`, with the count's digits grouped.
    package func count(_ value: Int, word: String, strings: [String: String]) -> String {
        let pattern = strings[value == 1 ? word + "_one" : word + "_many"] ?? "{count}"
        return pattern.replacingOccurrences(of: "{count}", with: grouped(Double(value)))
    }

    /// A file's size: `812 B`, `4.1 KB`, `23.4 MB` (decimal units, one decimal).
    package func bytes(_ value: Int) -> String {
        let units = [(1e9, "GB"), (1e6, "MB"), (1e3, "KB")]
        for (scale, unit) in units where Double(value) >= scale {
            let tenths = (Double(value) / scale * 10).rounded() / 10
            let text = String(format: "%.1f", tenths).replacingOccurrences(of: ".", with: decimalSeparator)
            return text + " " + unit
        }
        return "\(value) B"
    }

    /// Digits grouped with the language's separators.
    private func grouped(_ value: Double) -> String {
        let plain = Self.grouped(value)
        guard groupingSeparator != "," || decimalSeparator != "." else { return plain }
        return String(plain.map { $0 == "," ? "\u{0}" : $0 }).replacingOccurrences(of: ".", with: decimalSeparator)
            .replacingOccurrences(of: "\u{0}", with: groupingSeparator)
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
