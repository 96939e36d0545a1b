import DossierCore
import DossierStore
import DossierValidate

/// An article's quotes, for each entity its text names (in the order they first
/// appear): each sentence once per entity, by its position among the article's
/// sentences, with the mention's span in it. Kept packed, as the build store
/// holds it, and unpacked only for the pages that show the quotes: a build
/// reads every article's table, but renders few of them.
public struct QuoteTable: Sendable, Equatable {
    /// For each entity, the count, then each quote as sentence, lower and upper bound (varints).
    package private(set) var bytes: [UInt8]

    package init(_ lists: [[Citation.Quote]]) {
        var writer = BinaryWriter()
        writer.list(lists) { writer, quotes in
            writer.list(quotes) { writer, quote in
                writer.int(Int(quote.sentence))
                writer.int(Int(quote.mentionRange.lowerBound))
                writer.int(Int(quote.mentionRange.upperBound))
            }
        }
        bytes = writer.bytes
    }

    /// Nil unless `bytes` is a table of exactly `entities` lists, every quote in bounds.
    package init?(bytes: [UInt8], entities: Int) {
        var reader = BinaryReader(bytes)
        do {
            guard try reader.int() == entities else { return nil }
            for _ in 0..<entities { _ = try Self.list(&reader, keep: false) }
        } catch {
            return nil
        }
        guard reader.atEnd else { return nil }
        self.bytes = bytes
    }

    /// The quotes for the entity at `slot` among those the text names; none past the end.
    package func quotes(at slot: Int) -> [Citation.Quote] {
        var reader = BinaryReader(bytes)
        do {
            let count = try reader.int()
            guard slot >= 0, slot < count else { return [] }
            for _ in 0..<slot { _ = try Self.list(&reader, keep: false) }
            return try Self.list(&reader, keep: true)
        } catch {
            return []  // checked when the table was read from the store
        }
    }

    /// Each entity's quotes in one pass, by its slot among those the text names.
    package func forEachList(_ body: (_ slot: Int, _ quotes: [Citation.Quote]) throws -> Void) rethrows {
        var reader = BinaryReader(bytes)
        guard let count = try? reader.int() else { return }
        for slot in 0..<count {
            guard let quotes = try? Self.list(&reader, keep: true) else { return }  // checked when read from the store
            try body(slot, quotes)
        }
    }

    /// One entity's list, read (`keep`) or passed over.
    private static func list(_ reader: inout BinaryReader, keep: Bool) throws -> [Citation.Quote] {
        let count = try reader.int()
        var quotes: [Citation.Quote] = []
        if keep { quotes.reserveCapacity(count) }
        for _ in 0..<count {
            let sentence = try reader.position()
            let (lower, upper) = (try reader.position(), try reader.position())
            guard lower <= upper else { throw BinaryReader.Damaged() }
            if keep {
                quotes.append(Citation.Quote(sentence: Int32(sentence), mentionRange: Int32(lower)..<Int32(upper)))
            }
        }
        return quotes
    }
}

extension LinkedMarkdown {
    /// The entities the text names, each once in the order they first appear; what it
    /// says about each (each sentence once per entity); and each sentence's text once.
    package func quoteTable() -> (named: [EntityRef], quotes: QuoteTable, sentences: [String]) {
        var index: [String: Int32] = [:]
        var sentences: [String] = []
        var named: [EntityRef] = []
        var slots: [EntityRef: Int] = [:]
        var lists: [[Citation.Quote]] = []
        var seen: Set<QuoteKey> = []
        for mention in mentions {
            let position: Int32
            if let known = index[mention.sentence.text] {
                position = known
            } else {
                position = Int32(sentences.count)
                index[mention.sentence.text] = position
                sentences.append(mention.sentence.text)
            }
            let slot: Int
            if let known = slots[mention.entity] {
                slot = known
            } else {
                slot = named.count
                slots[mention.entity] = slot
                named.append(mention.entity)
                lists.append([])
            }
            let key = QuoteKey(
                slot: slot, block: mention.sentenceKey.block, lower: mention.sentenceKey.range.lowerBound,
                upper: mention.sentenceKey.range.upperBound)
            guard seen.insert(key).inserted else { continue }
            let range = mention.sentence.mentionRange
            lists[slot].append(
                Citation.Quote(sentence: position, mentionRange: Int32(range.lowerBound)..<Int32(range.upperBound)))
        }
        return (named, QuoteTable(lists), sentences)
    }
}

/// A sentence of an article and the entity (by its slot) it is quoted for.
private struct QuoteKey: Hashable {
    var slot: Int
    var block: Int
    var lower: Int
    var upper: Int
}
