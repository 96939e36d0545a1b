import DossierCore

/// Heading ids as SPEC gives them: the text lowercased, spaces to `-`, letters
/// of every script (CJK included) kept, other punctuation dropped, and `-2`,
/// `-3` for repeats.
package struct HeadingIDs {
    private var used: [String: Int] = [:]

    package init() {}

    package static func slug(_ text: String) -> String {
        var result = ""
        for scalar in text.lowercased().unicodeScalars {
            let properties = scalar.properties
            if scalar == " " || scalar == "\t" || scalar == "\n" {
                result.append("-")
            } else if scalar == "-" || scalar == "_" || properties.isAlphabetic
                || properties.numericType != nil || properties.generalCategory == .nonspacingMark
            {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    package mutating func next(for text: String) -> String {
        let base = Self.slug(text)
        let count = used[base, default: 0] + 1
        used[base] = count
        var candidate = count == 1 ? base : "\(base)-\(count)"
        // A generated `x-2` may itself be a heading's own text; keep going until unused.
        while count > 1 && used[candidate] != nil {
            used[base, default: 0] += 1
            candidate = "\(base)-\(used[base]!)"
        }
        if count > 1 { used[candidate] = 1 }
        return candidate
    }
}
