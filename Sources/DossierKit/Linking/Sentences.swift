/// The sentence around a mention, split so that the mention can be marked.
public struct Sentence: Hashable, Sendable {
    public var before: String
    public var mention: String
    public var after: String

    public var text: String { before + mention + after }
}

/// SPEC's sentence rule: a sentence runs from the end of the previous one to the
/// next `。！？!?` or the end of the paragraph; closing quotes after the mark stay
/// with the sentence they close.
enum SentenceSplitter {
    @inline(__always) static func isTerminator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "。", "！", "？", "!", "?": return true
        default: return false
        }
    }

    @inline(__always) static func isClosingQuote(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "”", "’", "」", "』", "\"", "'", "）", ")": return true
        default: return false
        }
    }

    /// The sentence of `text` that holds `mention` (a range of scalars).
    static func sentence(in text: [Unicode.Scalar], around mention: Range<Int>) -> (Sentence, Range<Int>) {
        var start = mention.lowerBound
        while start > 0 && !isTerminator(text[start - 1]) { start -= 1 }
        if start > 0 {
            while start < mention.lowerBound && isClosingQuote(text[start]) { start += 1 }
        }
        var end = mention.upperBound
        while end < text.count && !isTerminator(text[end]) { end += 1 }
        if end < text.count {
            end += 1
            while end < text.count && (isTerminator(text[end]) || isClosingQuote(text[end])) { end += 1 }
        }
        while start < mention.lowerBound && text[start].properties.isWhitespace { start += 1 }
        while end > mention.upperBound && text[end - 1].properties.isWhitespace { end -= 1 }
        func string(_ range: Range<Int>) -> String { String(scalars: text[range]) }
        let sentence = Sentence(
            before: string(start..<mention.lowerBound), mention: string(mention),
            after: string(mention.upperBound..<end))
        return (sentence, start..<end)
    }
}
