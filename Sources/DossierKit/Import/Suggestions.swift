import DossierCore
import DossierLink
import DossierStore
import DossierTemplate
import DossierValidate
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
    /// A quoted phrase that reads as a figure of speech (“强筋健骨”) more than a
    /// name: listed after the others, and given no draft file.
    public var weak = false
}

/// Finds plans in 《》, quoted programme names, organisation names (abbreviated
/// ones too: 省知识产权局), people named with their titles (局长支苏平) and numeric
/// targets in an extract's sentences.
package enum SuggestionFinder {
    private static let titled = try! NSRegularExpression(pattern: #"《[^《》\n]{2,60}》"#)
    /// A quoted phrase, with the words that may follow it to make a programme's name (“百千万”培养工程).
    private static let quoted = try! NSRegularExpression(
        pattern: #"“([^“”\s,，。;；:：、！？!?]{2,14})”(\p{Han}{0,6}?(?:\#(programmeEndings)))?"#)
    /// The endings of programme names: a quoted phrase with one is a programme, not a figure of speech.
    package static let programmeEndings = [
        "工程", "计划", "规划", "行动", "机制", "项目", "战略", "专项", "试点", "示范", "平台", "基地", "体系", "方案", "纲要", "政策", "改革",
        "活动", "联盟", "走廊", "园区", "区",
    ].joined(separator: "|")
    private static let programmeEnding = try! NSRegularExpression(pattern: "(?:\(programmeEndings))$")
    /// What follows an organisation's name: anything but a Chinese character, or a
    /// title (局长), or a verb it governs.
    private static let afterOrganisation =
        "(?![\\p{Han}])|(?=局长|副局长|厅长|副厅长|主任|副主任|部长|副部长|院长|副院长|会长|副会长|秘书长|党组|党委|书记|负责人|相关负责人"
        + "|发布|印发|出台|召开|举办|设立|联合|会同|牵头|负责|表示|指出|介绍|将|在|等|和|与|及|的)"
    private static let organisation = try! NSRegularExpression(
        pattern: #"[\p{Han}A-Za-z0-9]{2,40}?(?:委员会|工作站|中心|协会|学院|联盟|局|厅|委|办)(?:"# + afterOrganisation + ")")
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
    /// A person named after a title, before what they said or did: `局长支苏平说`, `党组书记沈海斌在会上表示`.
    private static let titledPerson = try! NSRegularExpression(
        pattern: "(党组书记|党委书记|副局长|局长|副厅长|厅长|副主任|主任|副部长|部长|副院长|院长|副会长|会长|秘书长|副市长|市长|副省长|省长"
            + "|董事长|总经理|处长|教授|研究员|书记)(\\p{Han}{2,3}?)(?=说|表示|指出|强调|介绍|认为|称|在|告诉|坦言|透露|谈到|提出|要求"
            + "|[，,。：:、；;）)\\s]|$)")
    /// Characters no Chinese name starts with, that follow a title in other phrases (`局长在会上`).
    private static let notNameStarts = Set("在说表指强介认称等的和与及也还都就要是对将已们一之所为以向从会委助职级办处科")

    package static func find(in paragraphs: [String], known: Set<String>, people: String = "people") -> [Suggestion] {
        var found: [Suggestion] = []
        var seen: Set<String> = []
        let bare = Set(known.map(Self.bare))
        func add(_ suggestion: Suggestion) {
            guard !known.contains(suggestion.name), !bare.contains(Self.bare(suggestion.name)),
                seen.insert(suggestion.kind + "\u{0}" + suggestion.name).inserted
            else { return }
            found.append(suggestion)
        }
        for paragraph in paragraphs {
            for sentence in sentences(paragraph) {
                let whole = NSRange(sentence.startIndex..., in: sentence)
                let titles = titled.matches(in: sentence, range: whole).map(\.range)
                for range in titles {
                    let name = String(sentence[Range(range, in: sentence)!])
                    add(Suggestion(kind: "initiatives", name: name, why: "a title in 《》", sentence: sentence))
                }
                for match in quoted.matches(in: sentence, range: whole)
                where !titles.contains(where: { NSIntersectionRange($0, match.range).length > 0 }) {
                    let phrase = String(sentence[Range(match.range(at: 1), in: sentence)!])
                    let ending = Range(match.range(at: 2), in: sentence).map { String(sentence[$0]) } ?? ""
                    // A bare number in quotes (“十四五”) is no name; one that names a programme (“百千万”培养工程) is.
                    guard !ending.isEmpty || !phrase.allSatisfy(\.isNumber) else { continue }
                    let name = "“\(phrase)”\(ending)"
                    let programme =
                        !ending.isEmpty
                        || Self.programmeEnding.firstMatch(in: phrase, range: NSRange(phrase.startIndex..., in: phrase))
                            != nil
                    add(
                        Suggestion(
                            kind: "initiatives", name: name,
                            why: programme ? "a quoted programme name" : "a quoted phrase, perhaps a figure of speech",
                            sentence: sentence,
                            weak: !programme))
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
                for match in titledPerson.matches(in: sentence, range: whole) {
                    let title = String(sentence[Range(match.range(at: 1), in: sentence)!])
                    let name = String(sentence[Range(match.range(at: 2), in: sentence)!])
                    guard let first = name.first, !notNameStarts.contains(first) else { continue }
                    add(
                        Suggestion(
                            kind: people, name: name, why: "a person named with a title (\(title))", sentence: sentence)
                    )
                }
                for match in target.matches(in: sentence, range: whole) {
                    let value = String(sentence[Range(match.range(at: 2), in: sentence)!]).replacingOccurrences(
                        of: " ", with: "")
                    let before = sentence[..<Range(match.range, in: sentence)!.lowerBound]
                    let clause = before.split(whereSeparator: { ",，;；:：".contains($0) }).last.map(String.init) ?? ""
                    let metric = clause.trimmingCharacters(in: .whitespaces)
                        .replacingOccurrences(of: #"(要|将|已|需|应)$"#, with: "", options: .regularExpression)
                    add(
                        Suggestion(
                            kind: "figures", name: metric.isEmpty ? value : metric, why: "a numeric target",
                            sentence: sentence,
                            value: value))
                }
            }
        }
        // Figures of speech last, each group in the order of the text.
        return found.filter { !$0.weak } + found.filter(\.weak)
    }

    /// A name without its quotes and title marks, for comparing with the registry.
    package static func bare(_ name: String) -> String {
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
