import Foundation

/// Dates and numbers as the site's language writes them.
struct Formatting {
    let chinese: Bool

    init(language: String) { chinese = language.lowercased().hasPrefix("zh") }

    private static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    func date(_ date: DateValue) -> String {
        chinese
            ? "\(date.year)年\(date.month)月\(date.day)日"
            : "\(date.day) \(Self.months[date.month - 1]) \(date.year)"
    }

    func number(_ value: Double) -> String {
        let whole = value.rounded() == value && abs(value) < 1e15
        var digits = whole ? String(Int64(value)) : String(format: "%.2f", value)
        if !whole { while digits.hasSuffix("0") { digits.removeLast() } }
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

/// Paths between pages: every internal link is relative, so the site works at any path.
enum PagePath {
    /// From a page in folder `dir` (`articles/x/`, or `` for the root) to the root.
    static func root(from dir: String) -> String {
        String(repeating: "../", count: dir.split(separator: "/").count)
    }

    /// The folder of page `n` of a list whose first page is in `dir`.
    static func listPage(_ dir: String, _ n: Int) -> String { n == 1 ? dir : "\(dir)page/\(n)/" }
}
