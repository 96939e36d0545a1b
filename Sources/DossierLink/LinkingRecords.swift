import DossierCore
import DossierStore
import DossierValidate
import Foundation

/// How the link stage's values are kept in the build store.
extension RecordCoding {
    // MARK: What linking made of an article

    /// The entities the text names with its quotes about each (`QuoteTable`), the first paragraph and the
    /// names the linking depended on; the body and the sentences are kept apart,
    /// and read back only for the pages that show them.
    package static func linking(_ value: StoredLinking) -> [UInt8] {
        var w = BinaryWriter()
        w.fingerprint(value.pageKey)
        w.string(value.firstParagraph)
        w.bool(value.scanned)
        w.list(value.hits) { $0.string($1) }
        w.list(value.named) { w, entity in
            w.string(entity.kind)
            w.string(entity.id)
        }
        w.raw(value.quotes.bytes)
        return w.bytes
    }

    package static func linking(_ bytes: [UInt8]) throws -> StoredLinking {
        var r = BinaryReader(bytes)
        let pageKey = try r.fingerprint()
        let firstParagraph = try r.string()
        let scanned = try r.bool()
        let hits = try r.list { try $0.string() }
        let named = try r.list { r in EntityRef(kind: try r.string(), id: try r.string()) }
        guard let quotes = QuoteTable(bytes: try r.raw(), entities: named.count), r.atEnd else {
            throw BinaryReader.Damaged()
        }
        return StoredLinking(
            pageKey: pageKey, firstParagraph: firstParagraph, scanned: scanned, hits: hits, named: named, quotes: quotes
        )
    }

    // MARK: What the graph derived from all the mentions

    package static func derived(_ value: DerivedLists) -> [UInt8] {
        var w = BinaryWriter()
        w.fingerprint(value.entities)
        w.list(value.members) { w, list in w.list(list) { $0.int(Int($1)) } }
        w.list(value.related) { w, list in w.list(list) { $0.int($1) } }
        w.list(value.coMentions) { w, list in
            w.list(list) { w, item in
                w.int(item.member)
                w.int(item.count)
            }
        }
        return w.bytes
    }

    package static func derived(_ bytes: [UInt8]) throws -> DerivedLists {
        var r = BinaryReader(bytes)
        let entities = try r.fingerprint()
        let members = try r.list { r in try r.list { Int32(try $0.position()) } }
        let related = try r.list { r in try r.list { try $0.position() } }
        let coMentions = try r.list { r in try r.list { r in (member: try r.position(), count: try r.position()) } }
        guard r.atEnd else { throw BinaryReader.Damaged() }
        // Every position must be one of the lists' own.
        guard members.count == related.count, members.allSatisfy({ $0.allSatisfy { Int($0) < coMentions.count } }),
            related.allSatisfy({ $0.allSatisfy { $0 < related.count } }),
            coMentions.allSatisfy({ $0.allSatisfy { $0.member < coMentions.count } })
        else { throw BinaryReader.Damaged() }
        return DerivedLists(entities: entities, members: members, related: related, coMentions: coMentions)
    }

}
