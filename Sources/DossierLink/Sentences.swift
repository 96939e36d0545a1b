import DossierCore

/// The sentence around a mention, as an entity page quotes it. Every mention in
/// one sentence shares the sentence's text (a string is stored once, however many
/// mentions it holds); a long sentence is quoted as a window around the mention.
public struct Sentence: Hashable, Sendable {
    /// The longest sentence quoted whole, in characters; a longer one is quoted
    /// as this many characters around the mention.
    public static let window = 300

    /// What is quoted: the whole sentence, or `Sentence.window` characters
    /// around the mention with `…` where it was cut.
    public var text: String
    /// Where the mention is in `text`, as UTF-8 offsets.
    public var mentionRange: Range<Int>

    public init(text: String, mentionRange: Range<Int>) {
        self.text = text
        self.mentionRange = mentionRange
    }

    public var before: String { slice(0..<mentionRange.lowerBound) }
    public var mention: String { slice(mentionRange) }
    public var after: String { slice(mentionRange.upperBound..<text.utf8.count) }

    private func slice(_ range: Range<Int>) -> String {
        let utf8 = text.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: min(range.lowerBound, utf8.count))
        let upper = utf8.index(utf8.startIndex, offsetBy: min(range.upperBound, utf8.count))
        return String(decoding: utf8[lower..<max(lower, upper)], as: UTF8.self)
    }
}

/// SPEC's sentence rule: a sentence runs from the end of the previous one to the
/// next sentence end or the end of the paragraph. It ends at `。！？`, and at
/// `.!?` followed by whitespace (Latin text); closing quotes and brackets after the
/// mark stay with the sentence they close.
package enum SentenceSplitter {

    /// A mark that ends a sentence in Chinese text, or `!?` in Latin text (which
    /// `isSentenceEnd` also requires to be followed by whitespace).
    @inline(__always) package static func isTerminator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "。", "！", "？", "!", "?": return true
        default: return false
        }
    }

    @inline(__always) package static func isWideTerminator(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "。" || scalar == "！" || scalar == "？"
    }

    @inline(__always) package static func isLatinTerminator(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "." || scalar == "!" || scalar == "?"
    }

    @inline(__always) package static func isClosingQuote(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "”", "’", "」", "』", "\"", "'", "）", ")", "]", "】", "》", "〉": return true
        default: return false
        }
    }

    /// The spans of the sentences of `text`, in order, without the white space
    /// around them. One pass over the text.
    package static func spans(in text: [Unicode.Scalar]) -> [Range<Int>] {
        var spans: [Range<Int>] = []
        var start = 0
        var index = 0
        func close(at end: Int) {
            var lower = start
            var upper = end
            while lower < upper && text[lower].properties.isWhitespace { lower += 1 }
            while upper > lower && text[upper - 1].properties.isWhitespace { upper -= 1 }
            if lower < upper { spans.append(lower..<upper) }
            start = end
        }
        while index < text.count {
            let scalar = text[index]
            let wide = isWideTerminator(scalar)
            guard wide || isLatinTerminator(scalar) else {
                index += 1
                continue
            }
            var end = index + 1
            while end < text.count
                && (isWideTerminator(text[end]) || isLatinTerminator(text[end]) || isClosingQuote(text[end]))
            {
                end += 1
            }
            if wide || end == text.count || text[end].properties.isWhitespace {
                close(at: end)
            }
            index = end
        }
        close(at: text.count)
        return spans
    }

    /// The quote for a mention (a range of scalars of `text`) in `sentence`: the
    /// sentence when it is short, else a window around the mention cut at word
    /// boundaries in Latin text. `offsets` are the UTF-8 offsets of `text`'s scalars.
    package static func quote(
        _ text: [Unicode.Scalar], sentence: Range<Int>, mention: Range<Int>, shared: String?, offsets: [Int]
    ) -> Sentence {
        if sentence.count <= Sentence.window, let shared {
            let base = offsets[sentence.lowerBound]
            return Sentence(
                text: shared, mentionRange: offsets[mention.lowerBound] - base..<offsets[mention.upperBound] - base)
        }
        var lower = sentence.lowerBound
        var upper = sentence.upperBound
        if sentence.count > Sentence.window {
            let room = max(Sentence.window - mention.count, 0)
            lower = max(sentence.lowerBound, mention.lowerBound - room / 2)
            upper = min(sentence.upperBound, lower + mention.count + room)
            lower = max(sentence.lowerBound, min(lower, upper - mention.count - room))
            // Cut between words: never inside a run of letters or digits.
            func inWord(_ i: Int) -> Bool {
                i > 0 && i < text.count && isWordCharacter(text[i - 1]) && isWordCharacter(text[i])
            }
            var moved = 0
            while lower > sentence.lowerBound && lower < mention.lowerBound && inWord(lower) && moved < 40 {
                lower += 1
                moved += 1
            }
            moved = 0
            while upper < sentence.upperBound && upper > mention.upperBound && inWord(upper) && moved < 40 {
                upper -= 1
                moved += 1
            }
            while lower < mention.lowerBound && text[lower].properties.isWhitespace { lower += 1 }
            while upper > mention.upperBound && text[upper - 1].properties.isWhitespace { upper -= 1 }
        }
        let head = lower > sentence.lowerBound ? "…" : ""
        let tail = upper < sentence.upperBound ? "…" : ""
        let quoted = head + String(scalars: text[lower..<upper]) + tail
        let start = head.utf8.count + offsets[mention.lowerBound] - offsets[lower]
        return Sentence(
            text: quoted, mentionRange: start..<start + offsets[mention.upperBound] - offsets[mention.lowerBound])
    }

    /// Latin letters and digits, which a cut may not split; CJK text may be cut anywhere.
    @inline(__always) package static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        !CJK.isWide(scalar) && (scalar.properties.isAlphabetic || scalar.properties.numericType != nil)
    }
}
