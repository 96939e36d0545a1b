import DossierCore
import Foundation
import Yams

/// Reads typed fields out of a YAML mapping, reporting every problem at the
/// place the user wrote it and never stopping at the first.
package final class FieldReader {
    package let path: String
    /// Added to YAML's line numbers to give the file's.
    package let lineOffset: Int
    package private(set) var diagnostics = Diagnostics()
    private var fields: [String: Node] = [:]
    private var fieldKeys: [String: Node] = [:]
    private var used: Set<String> = []
    package let location: SourceLocation
    /// The site's time zone: dates written with an offset are moved to its wall clock.
    package var timeZone: TimeZone?

    /// Parses `yaml`; a syntax error or a document that is not a mapping is reported.
    package init(yaml: String, path: String, lineOffset: Int, wholeFile: SourceLocation) {
        self.path = path
        self.lineOffset = lineOffset
        location = wholeFile
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            report(error)
            return
        } catch {
            diagnostics.error("YAML: \(error)", at: wholeFile)
            return
        }
        guard let node else { return }
        guard let mapping = node.mapping else {
            diagnostics.error("front matter must be a mapping of fields", at: place(node))
            return
        }
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                diagnostics.error("a field name must be a plain string", at: place(key))
                continue
            }
            fields[name] = value
            fieldKeys[name] = key
        }
    }

    /// A reader over a nested mapping (`baseline: { value: …, date: … }`).
    private init(mapping: Node.Mapping, parent: FieldReader, at location: SourceLocation) {
        path = parent.path
        lineOffset = parent.lineOffset
        timeZone = parent.timeZone
        self.location = location
        for (key, value) in mapping {
            if let name = key.scalar?.string {
                fields[name] = value
                fieldKeys[name] = key
            }
        }
    }

    private func report(_ error: YamlError) {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            diagnostics.error("YAML syntax error: \(problem)", at: place(mark))
        case .duplicatedKeysInMapping(let duplicates, _):
            diagnostics.error("YAML: duplicate field \(duplicates.joined(separator: ", "))", at: location)
        case .reader(let problem, _, _, _):
            diagnostics.error("YAML: \(problem)", at: location)
        default:
            diagnostics.error("YAML: \(error)", at: location)
        }
    }

    package func place(_ mark: Mark?) -> SourceLocation {
        guard let mark else { return location }
        return SourceLocation(path: path, line: mark.line + lineOffset, column: mark.column)
    }

    package func place(_ node: Node) -> SourceLocation { place(node.mark) }

    package var isEmpty: Bool { fields.isEmpty }

    /// Every field's name, sorted.
    package var keys: [String] { fields.keys.sorted() }

    package func has(_ key: String) -> Bool { fields[key] != nil }

    /// The place of a field's value, or of the mapping when it is absent.
    package func place(of key: String) -> SourceLocation { fields[key].map(place) ?? location }

    package func raw(_ key: String) -> Node? {
        used.insert(key)
        return fields[key]
    }

    package func error(_ message: String, at location: SourceLocation) { diagnostics.error(message, at: location) }
    package func warning(_ message: String, at location: SourceLocation) { diagnostics.warning(message, at: location) }

    private func scalarText(_ node: Node, key: String, expected: String) -> String? {
        if let scalar = node.scalar { return scalar.string }
        diagnostics.error("'\(key)' must be \(expected)", at: place(node))
        return nil
    }

    package func string(_ key: String, required: Bool = false) -> Located<String>? {
        guard let node = raw(key), !isNull(node) else {
            if required { diagnostics.error("missing required field '\(key)'", at: location) }
            return nil
        }
        guard let text = scalarText(node, key: key, expected: "a string") else { return nil }
        if required && text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            diagnostics.error("'\(key)' must not be empty", at: place(node))
            return nil
        }
        return Located(text, at: place(node))
    }

    package func bool(_ key: String) -> Bool? {
        guard let node = raw(key), !isNull(node) else { return nil }
        guard let text = scalarText(node, key: key, expected: "true or false") else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            diagnostics.error("'\(key)' must be true or false, not '\(text)'", at: place(node))
            return nil
        }
    }

    package func int(_ key: String, range: ClosedRange<Int>) -> Int? {
        guard let node = raw(key), !isNull(node) else { return nil }
        guard let text = scalarText(node, key: key, expected: "a whole number") else { return nil }
        guard let value = Int(text), range.contains(value) else {
            diagnostics.error(
                "'\(key)' must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'",
                at: place(node))
            return nil
        }
        return value
    }

    package func number(_ key: String, required: Bool = false) -> Double? {
        guard let node = raw(key), !isNull(node) else {
            if required { diagnostics.error("missing required field '\(key)'", at: location) }
            return nil
        }
        guard let text = scalarText(node, key: key, expected: "a number") else { return nil }
        guard let value = Double(text.replacingOccurrences(of: "_", with: "")), value.isFinite else {
            diagnostics.error("'\(key)' must be a number, not '\(text)'", at: place(node))
            return nil
        }
        return value
    }

    package func date(_ key: String, required: Bool = false) -> Located<DateValue>? {
        guard let node = raw(key), !isNull(node) else {
            if required { diagnostics.error("missing required field '\(key)'", at: location) }
            return nil
        }
        guard let text = scalarText(node, key: key, expected: "an ISO 8601 date") else { return nil }
        guard let date = DateValue(iso: text).map({ date in timeZone.map { date.localized(to: $0) } ?? date }) else {
            diagnostics.error(
                "'\(key)' is not an ISO 8601 date: '\(text)' (write it as 2022-02-17 or 2022-02-17T09:30:00+08:00)",
                at: place(node))
            return nil
        }
        return Located(date, at: place(node))
    }

    /// A list of strings; a single string is taken as a list of one.
    package func strings(_ key: String) -> [Located<String>] {
        guard let node = raw(key), !isNull(node) else { return [] }
        if let scalar = node.scalar { return [Located(scalar.string, at: place(node))] }
        guard let sequence = node.sequence else {
            diagnostics.error("'\(key)' must be a list of strings", at: place(node))
            return []
        }
        return sequence.compactMap { item in
            guard let scalar = item.scalar, !isNull(item) else {
                diagnostics.error("'\(key)' must be a list of strings", at: place(item))
                return nil
            }
            return Located(scalar.string, at: place(item))
        }
    }

    /// The items of a list of mappings, each with its own reader.
    package func mappings(_ key: String) -> [FieldReader] {
        guard let node = raw(key), !isNull(node) else { return [] }
        guard let sequence = node.sequence else {
            diagnostics.error("'\(key)' must be a list", at: place(node))
            return []
        }
        return sequence.compactMap { item in
            guard let mapping = item.mapping else {
                diagnostics.error("each item of '\(key)' must be a mapping", at: place(item))
                return nil
            }
            return FieldReader(mapping: mapping, parent: self, at: place(item))
        }
    }

    package func mapping(_ key: String) -> FieldReader? {
        guard let node = raw(key), !isNull(node) else { return nil }
        guard let mapping = node.mapping else {
            diagnostics.error("'\(key)' must be a mapping", at: place(node))
            return nil
        }
        return FieldReader(mapping: mapping, parent: self, at: place(node))
    }

    /// The pairs of a mapping whose keys are names chosen by the user (`kinds:`).
    package func entries(_ key: String) -> [(Located<String>, FieldReader)] {
        guard let node = raw(key), !isNull(node) else { return [] }
        guard let mapping = node.mapping else {
            diagnostics.error("'\(key)' must be a mapping", at: place(node))
            return []
        }
        return mapping.compactMap { name, value in
            guard let text = name.scalar?.string else { return nil }
            guard let inner = value.mapping else {
                diagnostics.error("'\(key).\(text)' must be a mapping", at: place(value))
                return nil
            }
            return (Located(text, at: place(name)), FieldReader(mapping: inner, parent: self, at: place(value)))
        }
    }

    /// The pairs of a mapping of strings whose keys are chosen by the user (`names: { en: … }`).
    package func stringEntries(_ key: String) -> [(key: Located<String>, value: Located<String>)] {
        guard let node = raw(key), !isNull(node) else { return [] }
        guard let mapping = node.mapping else {
            diagnostics.error("'\(key)' must be a mapping, as in '\(key): { en: … }'", at: place(node))
            return []
        }
        return mapping.compactMap { name, value in
            guard let text = name.scalar?.string else { return nil }
            guard let scalar = value.scalar, !isNull(value) else {
                diagnostics.error("'\(key).\(text)' must be a string", at: place(value))
                return nil
            }
            return (Located(text, at: place(name)), Located(scalar.string, at: place(value)))
        }
    }

    /// Merges a nested reader's problems into this one's.
    package func absorb(_ child: FieldReader) {
        diagnostics.append(contentsOf: child.diagnostics)
        child.diagnostics = Diagnostics()
    }

    /// Fields other generators name differently, and what Dossier calls them.
    package static let synonyms = [
        "description": "summary", "lastmod": "updated", "modified": "updated", "alias": "aliases", "excerpt": "summary",
        "publishdate": "date", "pubdate": "date", "url": "source_url", "link": "source_url",
    ]

    /// Warns about fields nobody read: most often a typo, or another generator's name.
    package func warnUnknownFields(known: [String]) {
        for (name, key) in fieldKeys.sorted(by: { $0.key < $1.key }) where !used.contains(name) {
            let synonym = Self.synonyms[name.lowercased()].flatMap { known.contains($0) ? $0 : nil }
            let hint = (synonym ?? Naming.suggestion(for: name, among: known)).map { " (did you mean '\($0)'?)" } ?? ""
            diagnostics.warning("unknown field '\(name)'\(hint)", at: place(key))
        }
    }

    private func isNull(_ node: Node) -> Bool {
        guard let scalar = node.scalar, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }
}
