import DossierCore
import DossierLink
import DossierStore
import DossierTemplate
import DossierValidate
import Foundation

/// A raw scraped extract, cleaned: the title, the date, the author glued to
/// the end of the body, and the body once, in paragraphs and subheadings.
public struct Extract: Sendable {
    public enum Block: Sendable, Equatable {
        case heading(String)
        case paragraph(String)
    }

    /// The headline.
    public var title: String
    /// A subtitle that was glued to the headline, for the summary.
    public var subtitle: String?
    public var date: DateValue
    public var author: String?
    public var source: String?
    public var blocks: [Block]
    /// What was changed or dropped, to tell the editor.
    public var warnings: [Diagnostic]

    public var paragraphs: [String] {
        blocks.compactMap { block in
            if case .paragraph(let text) = block { return text }
            return nil
        }
    }
}

/// Turns an extract's text into an `Extract`. Every repair is reported.
package struct ExtractParser {
    package let path: String

    private static let datePatterns = [
        #"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})"#, #"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"#,
    ].map { try! NSRegularExpression(pattern: $0) }
    private static let dateLabel = try! NSRegularExpression(
        pattern: #"^\s*(发布时间|发布日期|发表时间|日期|时间|published|date)\s*[:：]"#, options: [.caseInsensitive])
    private static let sourceLabel = try! NSRegularExpression(pattern: #"来源\s*[:：]\s*([^\s　|]+)"#)
    /// An author's name glued to the end of a copy of the body: `…区。 蔡姝雯`.
    private static let trailingAuthor = try! NSRegularExpression(
        pattern: #"([。！？!?”」』）)])[ \t　]+((?:\p{Han}|·){2,5})(?=[ \t　]*$|[ \t　]+\S)"#)
    /// Sentences that often open a new paragraph in Chinese news.
    package static let paragraphOpeners = [
        "比如", "例如", "同时", "此外", "另外", "今年", "去年", "目前", "如何", "据悉", "据了解", "与此同时", "近年来", "下一步",
        "接下来", "会议指出", "会议强调", "会议要求", "记者了解到", "“",
    ]

    package enum Failure: Error {
        case noDate
        case noBody
    }

    /// `date`, when given (`--date`), is the article's date, whatever the extract says.
    package func parse(_ text: String, date given: DateValue? = nil) -> Result<Extract, Failure> {
        var warnings: [Diagnostic] = []
        func warn(_ message: String, line: Int, column: Int = 1) {
            warnings.append(.warning(message, at: SourceLocation(path: path, line: line, column: column)))
        }
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\u{3000}"))) }

        // The header: the date (and source) line among the first lines, the title before it.
        var found: DateValue?
        var dateLine: Int?
        var source: String?
        let header = lines.indices.prefix(12)
        for index in header where !lines[index].isEmpty {
            let line = lines[index]
            if let date = Self.findDate(in: line), found == nil || Self.matches(Self.dateLabel, line) {
                let labelled = Self.matches(Self.dateLabel, line)
                if found == nil || labelled {
                    found = date
                    dateLine = index
                }
                if labelled { break }
            }
        }
        for index in header {
            if let match = Self.sourceLabel.firstMatch(
                in: lines[index], range: NSRange(lines[index].startIndex..., in: lines[index])),
                let range = Range(match.range(at: 1), in: lines[index])
            {
                source = String(lines[index][range])
            }
        }
        if let given, let found, let dateLine, found.isoDay != given.isoDay {
            warn(
                "the extract is dated \(found.isoDay); used the date given, \(given.isoDay), instead",
                line: dateLine + 1)
        }
        guard let date = given ?? found else { return .failure(.noDate) }

        guard
            let titleLine = lines.indices.first(where: {
                !lines[$0].isEmpty && $0 != dateLine && !Self.isFragment(lines[$0])
            })
        else { return .failure(.noBody) }
        let fullTitle = repairTitle(lines[titleLine], date: date, line: titleLine + 1, warn: warn)

        // The body: every other line but fragments, which are dropped.
        var bodyLines: [(text: String, line: Int)] = []
        for index in lines.indices where index != titleLine && index != dateLine && !lines[index].isEmpty {
            let line = lines[index]
            if index <= (dateLine ?? titleLine) + 1
                && Self.sourceLabel.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil
                && line.count < 60
            {
                continue
            }
            if Self.isFragment(line) {
                warn("dropped a stray fragment '\(line)'", line: index + 1)
                continue
            }
            bodyLines.append((line, index + 1))
        }

        // The author glued to the end of the body: the same name after the last sentence of copies.
        var author: String?
        var names: [String: Int] = [:]
        for (line, _) in bodyLines {
            for match in Self.trailingAuthor.matches(in: line, range: NSRange(line.startIndex..., in: line)) {
                if let range = Range(match.range(at: 2), in: line) { names[String(line[range]), default: 0] += 1 }
            }
        }
        if let last = bodyLines.last?.text,
            let match = Self.trailingAuthor.matches(in: last, range: NSRange(last.startIndex..., in: last)).last,
            let range = Range(match.range(at: 2), in: last), range.upperBound == last.endIndex
        {
            author = String(last[range])
        } else if let (name, count) = names.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }), count > 1 {
            author = name
        }

        // A short line without closing punctuation, with text before and after it, is a subheading.
        let headingLines = Set(
            bodyLines.indices.filter { index in
                index > 0 && index < bodyLines.count - 1 && Self.isHeadingLine(bodyLines[index].text)
                    && !Self.isHeadingLine(bodyLines[index - 1].text)
            }.map { bodyLines[$0].line })

        // Split at the author's name (each copy of the body ends with it) and drop repeated copies.
        var copies: [(text: String, line: Int)] = []
        for (line, number) in bodyLines {
            var pieces = [line]
            if let author, !headingLines.contains(number) {
                pieces = line.components(separatedBy: author).map { $0.trimmingCharacters(in: .whitespaces) }
            }
            for piece in pieces where !piece.isEmpty { copies.append((piece, number)) }
        }
        var converted = 0
        copies = copies.map { copy in
            let (text, count) = Self.fullWidthPunctuation(copy.text)
            converted += count
            return (text, copy.line)
        }
        var seen: Set<String> = []
        var blocks: [Extract.Block] = []
        var removed: [Int] = []
        for (copy, number) in copies {
            let pieces: [Extract.Block]
            if headingLines.contains(number) {
                pieces = [.heading(copy)]
            } else {
                pieces = Self.blocks(of: copy, continuing: !blocks.isEmpty)
            }
            for block in pieces {
                let key: String
                switch block {
                case .heading(let text): key = "#" + Self.normalized(text)
                case .paragraph(let text): key = Self.normalized(text)
                }
                if seen.insert(key).inserted {
                    blocks.append(block)
                    if case .heading(let text) = block {
                        warn(
                            headingLines.contains(number)
                                ? "took the short line '\(text)' as a subheading"
                                : "took '\(text)', glued to the start of a sentence, as a subheading; check it",
                            line: number)
                    }
                } else if removed.last != number {
                    removed.append(number)
                }
            }
        }
        if !removed.isEmpty {
            let where_ = removed.map(String.init).joined(separator: ", ")
            warn(
                "removed repeated text (the body appeared more than once; repeats on lines \(where_))", line: removed[0]
            )
        }
        if converted > 0 {
            warn(
                "changed \(converted / max(copies.count, 1)) ASCII punctuation marks between Chinese characters to full-width ones",
                line: bodyLines.first?.line ?? 1)
        }
        if let author {
            warn("took '\(author)', at the end of the body, as the author", line: bodyLines.last?.line ?? 1)
        }
        let paragraphs = blocks.compactMap { block -> String? in
            if case .paragraph(let text) = block { return text }
            return nil
        }
        guard let lead = paragraphs.first else { return .failure(.noBody) }

        let (title, subtitle) = Self.headline(of: fullTitle, lead: lead)
        if let subtitle {
            warn(
                "took '\(title)' as the headline and '\(subtitle)' as its subtitle, which became the summary",
                line: titleLine + 1)
        }
        return .success(
            Extract(
                title: title, subtitle: subtitle, date: date, author: author, source: source, blocks: blocks,
                warnings: warnings))
    }

    /// Scrapers often turn full-width punctuation into ASCII; after a Chinese character it is put back.
    package static func fullWidthPunctuation(_ text: String) -> (String, Int) {
        let map: [Unicode.Scalar: Unicode.Scalar] = [",": "，", ";": "；", ":": "：", "?": "？", "!": "！"]
        var scalars = Array(text.unicodeScalars)
        var count = 0
        for index in scalars.indices {
            guard let wide = map[scalars[index]] else { continue }
            let before = index > 0 ? scalars[index - 1] : nil
            if before.map({ CJK.isWide($0) || "”’」』》）".unicodeScalars.contains($0) }) ?? false {
                scalars[index] = wide
                count += 1
            }
        }
        return (String(scalars: scalars), count)
    }

    package static func findDate(in line: String) -> DateValue? {
        for pattern in datePatterns {
            guard let match = pattern.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) else {
                continue
            }
            let parts = (1...3).compactMap { Range(match.range(at: $0), in: line).flatMap { Int(line[$0]) } }
            guard parts.count == 3 else { continue }
            if let date = DateValue(iso: String(format: "%04d-%02d-%02d", parts[0], parts[1], parts[2])) { return date }
        }
        return nil
    }

    private static func matches(_ pattern: NSRegularExpression, _ line: String) -> Bool {
        pattern.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil
    }

    /// A stray line: a few characters, or digits and punctuation only.
    package static func isFragment(_ line: String) -> Bool {
        let meaningful = line.unicodeScalars.filter { $0.properties.isAlphabetic }
        return line.count <= 3 || meaningful.count < 2
    }

    private static func normalized(_ text: String) -> String {
        String(text.unicodeScalars.filter { !$0.properties.isWhitespace })
    }

    /// A cut title: a year missing its first digits (`021年` in an article of
    /// 2022 is `2021年`), or a date cut off at the end (` 202`).
    package func repairTitle(_ raw: String, date: DateValue, line: Int, warn: (String, Int, Int) -> Void) -> String {
        var title = raw
        if let match = try! NSRegularExpression(pattern: #"[ \t　]+\d{1,4}$"#).firstMatch(
            in: title, range: NSRange(title.startIndex..., in: title)),
            let range = Range(match.range, in: title)
        {
            let cut = title[range].trimmingCharacters(in: .whitespaces)
            title.removeSubrange(range)
            warn("the title ended with a cut-off fragment '\(cut)'; dropped it", line, title.count + 1)
        }
        if let match = try! NSRegularExpression(pattern: #"^(\d{1,3})年"#).firstMatch(
            in: title, range: NSRange(title.startIndex..., in: title)),
            let range = Range(match.range(at: 1), in: title)
        {
            let digits = String(title[range])
            let candidates = (date.year - 9...date.year + 1).filter { String($0).hasSuffix(digits) }
            if candidates.count == 1 {
                title.replaceSubrange(range, with: String(candidates[0]))
                warn(
                    "the title started with a cut year '\(digits)年'; repaired it to '\(candidates[0])年' from the date",
                    line, 1)
            } else {
                warn("the title seems to start with a cut year '\(digits)年'; check it", line, 1)
            }
        } else if let first = title.unicodeScalars.first, first.properties.numericType != nil,
            title.prefix(while: { $0.isNumber }).count < 4,
            title.dropFirst(title.prefix(while: { $0.isNumber }).count).first == "年"
        {
            warn("the title seems to be cut at its start; check it", line, 1)
        }
        return title
    }

}
