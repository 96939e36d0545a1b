import DossierCore
import Foundation

/// The body's shape: a run of sentences split into paragraphs, and the
/// subheadings and headline found in it.
extension ExtractParser {
    /// Splits a long run of sentences into paragraphs: a new one starts at a
    /// sentence that typically opens one, once the current is long enough, and
    /// at a subheading glued to the start of a sentence. `continuing` says that
    /// text came before, so that a glued subheading may open the run too.
    package static func blocks(of text: String, continuing: Bool) -> [Extract.Block] {
        let scalars = Array(text.unicodeScalars)
        var sentences: [String] = []
        var start = 0
        var index = 0
        while index < scalars.count {
            if SentenceSplitter.isTerminator(scalars[index]) {
                var end = index + 1
                while end < scalars.count
                    && (SentenceSplitter.isTerminator(scalars[end]) || SentenceSplitter.isClosingQuote(scalars[end]))
                {
                    end += 1
                }
                sentences.append(String(scalars: scalars[start..<end]))
                start = end
                index = end
            } else {
                index += 1
            }
        }
        if start < scalars.count { sentences.append(String(scalars: scalars[start...])) }

        var blocks: [Extract.Block] = []
        var current = ""
        for var sentence in sentences.map({ $0.trimmingCharacters(in: .whitespaces) }) where !sentence.isEmpty {
            if continuing || !blocks.isEmpty || !current.isEmpty, let (heading, rest) = gluedHeading(sentence) {
                if !current.isEmpty { blocks.append(.paragraph(current)) }
                blocks.append(.heading(heading))
                current = ""
                sentence = rest
            }
            let opens = paragraphOpeners.contains { sentence.hasPrefix($0) }
            if !current.isEmpty && ((opens && current.count >= 60) || current.count >= 420) {
                blocks.append(.paragraph(current))
                current = ""
            }
            current += sentence
        }
        if !current.isEmpty { blocks.append(.paragraph(current)) }
        return blocks
    }

    /// Marks that end a sentence or a clause: a line ending in one is text, not a subheading.
    private static let closingPunctuation = Set("。！？!?.，,；;：:、…—-")
    private static let openingBrackets = Set("（(【[〔<《")

    /// A line that reads as a subheading: short, with no closing punctuation and no
    /// sentence inside it.
    package static func isHeadingLine(_ line: String) -> Bool {
        guard line.count <= 40, let last = line.last, let first = line.first else { return false }
        if closingPunctuation.contains(last) || openingBrackets.contains(first) { return false }
        if line.unicodeScalars.contains(where: SentenceSplitter.isTerminator) { return false }
        return line.filter(\.isLetter).count >= 2
    }

    /// Words that open a paragraph after a subheading in Chinese news.
    private static let subjectOpeners = [
        "我省", "我市", "我区", "我县", "我国", "全省", "全市", "全区", "全国", "今年", "去年", "近年来", "近日", "目前", "记者", "据悉",
        "据了解", "会议", "日前", "当前",
    ]
    private static let clauseMarks = Set("，,；;：:、（()）《》【】")

    /// A subheading glued to the sentence after it (`深化开放协作拓宽“朋友圈”我省…`,
    /// `坚持固本强基培养高端人才人才是第一资源。`): a short run without commas at the
    /// start of a sentence that ends in a closing quote before a paragraph's usual
    /// subject, or in a word that the sentence then repeats.
    package static func gluedHeading(_ sentence: String) -> (heading: String, rest: String)? {
        let characters = Array(sentence)
        guard let first = characters.first, first != "“", first != "\"" else { return nil }
        let limit = min(characters.count, 26)
        var quoteOpen = false
        for end in 1..<limit {
            let character = characters[end - 1]
            if clauseMarks.contains(character)
                || character.unicodeScalars.contains(where: SentenceSplitter.isTerminator)
            {
                return nil
            }
            if character == "“" { quoteOpen = true }
            guard end >= 6 else { continue }
            let rest = String(characters[end...])
            if character == "”" && quoteOpen {
                quoteOpen = false
                if subjectOpeners.contains(where: { rest.hasPrefix($0) }) { return (String(characters[..<end]), rest) }
            }
            // Subheadings run to eight characters and more; a shorter run may be a verb said twice (研究研究).
            for width in 2...4 where end >= 8 && end + width <= characters.count {
                let word = characters[(end - width)..<end]
                guard word.allSatisfy({ $0.unicodeScalars.allSatisfy(CJK.isWide) && !clauseMarks.contains($0) }),
                    Array(word) == Array(characters[end..<(end + width)])
                else { continue }
                // What follows the repeated word must read as a clause of its own.
                let clause = characters[end...].prefix {
                    !clauseMarks.contains($0) && !$0.unicodeScalars.contains(where: SentenceSplitter.isTerminator)
                }
                if clause.count >= width + 3 { return (String(characters[..<end]), rest) }
            }
        }
        return nil
    }

    /// A headline and a subtitle glued into one title line: split at `——`, or,
    /// when the headline restates one clause of the lead (`…指数全国第二` for
    /// `…指数位居全国第二位`), after that restatement.
    package static func headline(of title: String, lead: String) -> (String, String?) {
        for separator in ["——", "──", " — ", " – "] {
            if let range = title.range(of: separator) {
                let head = title[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
                let rest = title[range.upperBound...].trimmingCharacters(
                    in: .whitespaces.union(CharacterSet(charactersIn: "—–")))
                if head.count >= 2 && rest.count >= 2 { return (head, rest) }
            }
        }
        let characters = Array(title)
        // Chinese headlines are short; in Latin text any title is a subsequence of some clause.
        let wide = characters.filter { $0.unicodeScalars.allSatisfy(CJK.isWide) }.count
        guard characters.count > 24, wide * 4 >= characters.count * 3 else { return (title, nil) }
        let clauses = lead.split(whereSeparator: { clauseMarks.contains($0) || "。！？!?".contains($0) }).map(Array.init)
        var best = 0
        for clause in clauses {
            // The longest start of the title whose characters come, in order, from this clause.
            var matched = 0
            var position = 0
            var lastUsed = -1
            while matched < characters.count, position < clause.count {
                if clause[position] == characters[matched] {
                    matched += 1
                    lastUsed = position
                }
                position += 1
            }
            // The start must restate nearly the whole clause, not borrow a few of its characters.
            let restates = matched >= 8 && clause.count - 1 - lastUsed <= 2 && matched * 10 >= clause.count * 6
            if restates && matched > best { best = matched }
        }
        guard best >= 8, characters.count - best >= 6 else { return (title, nil) }
        let head = String(characters[..<best]).trimmingCharacters(in: .whitespaces)
        let rest = String(characters[best...]).trimmingCharacters(in: .whitespaces)
        guard let next = rest.first, !closingPunctuation.contains(next), !"”’」』）)".contains(next) else {
            return (title, nil)
        }
        return (head, rest)
    }
}
