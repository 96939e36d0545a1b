/// BCP 47 language tags (RFC 5646): whether a tag is well-formed, by the grammar
/// of section 2.1, including the private-use and grandfathered tags.
public enum LanguageTag {
    public static func isWellFormed(_ tag: String) -> Bool {
        let lower = tag.lowercased()
        if grandfathered.contains(lower) { return true }
        let parts = lower.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard !parts.isEmpty, parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(isAlphanumeric) }) else {
            return false
        }
        var index = 0
        func take(_ accept: (String) -> Bool) -> Bool {
            guard index < parts.count, accept(parts[index]) else { return false }
            index += 1
            return true
        }
        if parts[0] == "x" { return privateUse(parts[1...]) }
        // language: 2-3 letters with up to three extlangs, or 4-8 letters.
        guard let language = parts.first, isAlpha(language), (2...8).contains(language.count) else { return false }
        index = 1
        if language.count <= 3 {
            var extlangs = 0
            while extlangs < 3 && take({ isAlpha($0) && $0.count == 3 }) { extlangs += 1 }
        }
        _ = take { isAlpha($0) && $0.count == 4 }  // script
        _ = take { (isAlpha($0) && $0.count == 2) || (isDigits($0) && $0.count == 3) }  // region
        while take({ ($0.count >= 5 && $0.count <= 8) || ($0.count == 4 && $0.first!.isNumber) }) {}  // variants
        var singletons: Set<String> = []
        while index < parts.count, parts[index].count == 1, parts[index] != "x" {
            guard singletons.insert(parts[index]).inserted else { return false }
            index += 1
            var subtags = 0
            while take({ (2...8).contains($0.count) }) { subtags += 1 }
            guard subtags > 0 else { return false }
        }
        if index < parts.count && parts[index] == "x" { return privateUse(parts[(index + 1)...]) }
        return index == parts.count
    }

    private static func privateUse(_ parts: ArraySlice<String>) -> Bool {
        !parts.isEmpty && parts.allSatisfy { (1...8).contains($0.count) }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool { (97...122).contains(byte) || (48...57).contains(byte) }
    private static func isAlpha(_ s: String) -> Bool { s.utf8.allSatisfy { (97...122).contains($0) } }
    private static func isDigits(_ s: String) -> Bool { s.utf8.allSatisfy { (48...57).contains($0) } }

    private static let grandfathered: Set<String> = [
        "en-gb-oed", "i-ami", "i-bnn", "i-default", "i-enochian", "i-hak", "i-klingon", "i-lux", "i-mingo", "i-navajo",
        "i-pwn", "i-tao", "i-tay", "i-tsu", "sgn-be-fr", "sgn-be-nl", "sgn-ch-de", "art-lojban", "cel-gaulish",
        "no-bok", "no-nyn", "zh-guoyu", "zh-hakka", "zh-min", "zh-min-nan", "zh-xiang",
    ]
}
