import DossierCore
import DossierValidate

/// What linking a text depends on besides the text itself: what each registered
/// phrase (a name, an alias, an excluded phrase) stands for, and each entity's
/// name (the `title` of links to it). Kept in the build store from one build to
/// the next, so that when names change, only the articles whose text holds a
/// changed phrase, or that mention an entity whose name changed, are linked again.
package struct NameTable: Sendable, Equatable {
    /// Each phrase, and what it stands for ("initiatives/x name", "… alias", "… exclude"; several when shared).
    package var phrases: [String: String] = [:]
    /// Each entity's name ("" for an entity whose file could not be read).
    package var names: [EntityRef: String] = [:]

    package init(entities: [Entity], unreadable: [EntityRef]) {
        var meanings: [String: [String]] = [:]
        for entity in entities {
            let ref = entity.ref.description
            meanings[entity.name, default: []].append(ref + " name")
            for alias in entity.aliases { meanings[alias.value, default: []].append(ref + " alias") }
            for local in entity.names { meanings[local.value, default: []].append(ref + " name " + local.language) }
            for phrase in entity.exclude { meanings[phrase.value, default: []].append(ref + " exclude") }
            names[entity.ref] = entity.name
        }
        for ref in unreadable where names[ref] == nil { names[ref] = "" }
        phrases = meanings.mapValues { $0.sorted().joined(separator: ", ") }
    }

    package init() {}

    /// The table as rows of the store: phrases as they are, names behind a control character no phrase holds.
    package var rows: [String: String] {
        var rows = phrases
        for (ref, name) in names { rows["\u{1}" + ref.description] = name }
        return rows
    }

    package init(rows: [String: String]) {
        for (key, value) in rows {
            if key.hasPrefix("\u{1}") {
                let parts = key.dropFirst().split(separator: "/", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { continue }
                names[EntityRef(kind: parts[0], id: parts[1])] = value
            } else {
                phrases[key] = value
            }
        }
    }

    /// What changed from `old` to this table.
    package struct Changes: Sendable {
        /// Phrases added, removed or standing for something else.
        package var phrases: Set<String> = []
        /// Phrases that are new: a text that holds one must be linked again, found or not before.
        package var added: [String] = []
        /// Entities added, removed or renamed.
        package var entities: Set<EntityRef> = []

        package init(phrases: Set<String> = [], added: [String] = [], entities: Set<EntityRef> = []) {
            self.phrases = phrases
            self.added = added
            self.entities = entities
        }
    }

    package func changes(from old: NameTable) -> Changes {
        var result = Changes()
        for phrase in Set(phrases.keys).union(old.phrases.keys) where phrases[phrase] != old.phrases[phrase] {
            result.phrases.insert(phrase)
            if old.phrases[phrase] == nil { result.added.append(phrase) }
        }
        result.added.sort()
        for ref in Set(names.keys).union(old.names.keys) where names[ref] != old.names[ref] {
            result.entities.insert(ref)
        }
        return result
    }

    /// The fingerprint of what a linked text showed of this table: what each phrase
    /// found in it stands for, and the name of each entity it mentions.
    package func fingerprint(hits: [String], mentioned: [EntityRef], into hasher: inout FingerprintHasher) {
        hasher.combine(hits.count)
        for hit in hits {
            hasher.combine(hit)
            hasher.combine(phrases[hit] ?? "")
        }
        let refs = Array(Set(mentioned)).sorted()
        hasher.combine(refs.count)
        for ref in refs {
            hasher.combine(ref.description)
            hasher.combine(names[ref] ?? "\u{0}")
        }
    }
}
