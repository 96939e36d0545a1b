import Foundation

/// Something the registry may lack: a name the text uses that no entity has.
public struct Suggestion: Sendable, Hashable {
    /// The kind's folder it likely belongs to.
    public var kind: String
    public var name: String
    public var why: String
    /// The sentence it came from.
    public var sentence: String
    /// For a numeric target: the number and its unit as written (`12万人`).
    public var value: String?
}

/// Finds plans in 《》, quoted programme names, organisation names and numeric
/// targets in an extract's sentences.
enum SuggestionFinder {
    private static let titled = try! NSRegularExpression(pattern: #"《[^《》\n]{2,60}》"#)
    private static let quoted = try! NSRegularExpression(pattern: #"“([^“”\s,，。;；:：、！？!?]{2,14})”"#)
    private static let organisation = try! NSRegularExpression(
        pattern: #"[\p{Han}A-Za-z0-9]{2,40}?(?:委员会|工作站|中心|协会|学院|联盟|局|厅|委|办)(?![\p{Han}])"#)
    /// Ordinary words that happen to end like an organisation's name.
    private static let notOrganisations = [
        "开局", "格局", "布局", "大局", "全局", "结局", "变局", "新局", "当局", "举办", "创办", "承办", "主办", "开办", "兴办", "督办",
        "怎么办", "大厅", "展厅", "餐厅", "客厅", "为中心", "核心",
    ]
    /// A count before a name (`2家海外工作站`) is not part of it.
    private static let leadingCount = try! NSRegularExpression(pattern: #"^.*\d+\s*(?:家|个|所|座|项)"#)
    private static let target = try! NSRegularExpression(
        pattern: #"(达到|目标|力争|突破|超过|提高到|增长到)[^,，;；。]{0,12}?(\d+(?:\.\d+)?\s*(?:万人|亿元|万元|万家|万件|万|亿|%|％|人|家|个|项|件))"#)
    /// Words that end the phrase before an organisation's name ("成立了…协会" names the 协会 only).
    private static let leadingWords = [
        "成立了", "成立", "设立了", "设立", "建立了", "建立", "建设", "获批", "联合", "加强", "推动", "会同", "依托", "支持", "组建",
        "率先", "全国首个", "首个", "的", "了",
    ]

    static func find(in paragraphs: [String], known: Set<String>) -> [Suggestion] {
        var found: [Suggestion] = []
        var seen: Set<String> = []
        let bare = Set(known.map(Self.bare))
        func add(_ suggestion: Suggestion) {
            guard !known.contains(suggestion.name), !bare.contains(Self.bare(suggestion.name)), seen.insert(suggestion.kind + "\u{0}" + suggestion.name).inserted else { return }
            found.append(suggestion)
        }
        for paragraph in paragraphs {
            for sentence in sentences(paragraph) {
                let whole = NSRange(sentence.startIndex..., in: sentence)
                for match in titled.matches(in: sentence, range: whole) {
                    let name = String(sentence[Range(match.range, in: sentence)!])
                    add(Suggestion(kind: "initiatives", name: name, why: "a title in 《》", sentence: sentence))
                }
                for match in quoted.matches(in: sentence, range: whole) {
                    let name = String(sentence[Range(match.range(at: 1), in: sentence)!])
                    guard !name.allSatisfy({ $0.isNumber }) else { continue }
                    add(Suggestion(kind: "initiatives", name: "“\(name)”", why: "a quoted programme name", sentence: sentence))
                }
                for match in organisation.matches(in: sentence, range: whole) {
                    var name = String(sentence[Range(match.range, in: sentence)!])
                    guard !notOrganisations.contains(where: { name.hasSuffix($0) }) else { continue }
                    // The name starts after the last verb or particle that leads into it.
                    let cuts = leadingWords.compactMap { word in
                        name.range(of: word, options: .backwards).map(\.upperBound)
                    }.filter { $0 < name.endIndex }
                    if let cut = cuts.max() { name = String(name[cut...]) }
                    name = leadingCount.stringByReplacingMatches(
                        in: name, range: NSRange(name.startIndex..., in: name), withTemplate: "")
                    guard name.count >= 4 else { continue }
                    add(Suggestion(kind: "institutions", name: name, why: "an organisation's name", sentence: sentence))
                }
                for match in target.matches(in: sentence, range: whole) {
                    let value = String(sentence[Range(match.range(at: 2), in: sentence)!]).replacingOccurrences(of: " ", with: "")
                    let before = sentence[..<Range(match.range, in: sentence)!.lowerBound]
                    let clause = before.split(whereSeparator: { ",，;；:：".contains($0) }).last.map(String.init) ?? ""
                    let metric = clause.trimmingCharacters(in: .whitespaces)
                        .replacingOccurrences(of: #"(要|将|已|需|应)$"#, with: "", options: .regularExpression)
                    add(
                        Suggestion(
                            kind: "figures", name: metric.isEmpty ? value : metric, why: "a numeric target", sentence: sentence,
                            value: value))
                }
            }
        }
        return found
    }

    /// A name without its quotes and title marks, for comparing with the registry.
    static func bare(_ name: String) -> String {
        name.filter { !"“”《》\"".contains($0) }
    }

    private static func sentences(_ paragraph: String) -> [String] {
        let scalars = Array(paragraph.unicodeScalars)
        var result: [String] = []
        var start = 0
        for (index, scalar) in scalars.enumerated() where SentenceSplitter.isTerminator(scalar) {
            var end = index + 1
            while end < scalars.count && SentenceSplitter.isClosingQuote(scalars[end]) { end += 1 }
            if end > start { result.append(String(scalars: scalars[start..<end])) }
            start = end
        }
        if start < scalars.count { result.append(String(scalars: scalars[start...])) }
        return result.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
