import DossierCore

/// What a template shows: text, numbers, flags, lists and objects, or nothing.
///
/// Typed rather than `Any`, so that a lookup is a `switch` rather than a chain of
/// dynamic casts (profiling the 10,000-article benchmark put a tenth of a build in
/// `swift_dynamicCast`), and so that a page's context hashes in one pass.
public enum TemplateValue: Sendable, Equatable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case list([TemplateValue])
    case object(TemplateObject)
    /// Nothing: false in a section, empty in a variable, and found, so not looked up further out.
    case null

    /// `.list` of objects, the common case.
    public static func objects(_ items: [TemplateObject]) -> TemplateValue { .list(items.map(TemplateValue.object)) }

    /// A string, or null (so that `{{#x}}` is skipped and the name is not looked up further out) when nil.
    public static func optional(_ text: String?) -> TemplateValue { text.map(TemplateValue.string) ?? .null }

    package var isTruthy: Bool {
        switch self {
        case .bool(let flag): return flag
        case .list(let items): return !items.isEmpty
        case .string(let text): return !text.isEmpty
        case .int, .object: return true
        case .null: return false
        }
    }

    package var isEmpty: Bool {
        switch self {
        case .list(let items): return items.isEmpty
        case .string(let text): return text.isEmpty
        case .int, .bool, .object: return false
        case .null: return true
        }
    }

    package var text: String {
        switch self {
        case .string(let text): return text
        case .int(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .list, .object, .null: return ""
        }
    }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByStringInterpolation, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(stringInterpolation: DefaultStringInterpolation) {
        self = .string(String(stringInterpolation: stringInterpolation))
    }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .object(TemplateObject(pairs: elements))
    }
}

/// Named values in the order they were set. Contexts are small, so a lookup is a
/// scan; the order makes hashing stable without sorting.
public struct TemplateObject: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    package private(set) var keys: [String] = []
    package private(set) var values: [TemplateValue] = []

    public init() {}

    package init(pairs: [(String, TemplateValue)]) {
        keys.reserveCapacity(pairs.count)
        values.reserveCapacity(pairs.count)
        for (key, value) in pairs { self[key] = value }
    }

    public init(dictionaryLiteral elements: (String, TemplateValue)...) { self.init(pairs: elements) }

    /// A table of strings, sorted by key.
    public init(_ strings: [String: String]) {
        self.init(pairs: strings.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
    }

    public var count: Int { keys.count }

    public subscript(key: String) -> TemplateValue? {
        get {
            guard let index = keys.firstIndex(of: key) else { return nil }
            return values[index]
        }
        set {
            if let index = keys.firstIndex(of: key) {
                if let newValue {
                    values[index] = newValue
                } else {
                    keys.remove(at: index)
                    values.remove(at: index)
                }
            } else if let newValue {
                keys.append(key)
                values.append(newValue)
            }
        }
    }

    /// Adds the values of `other` whose keys this object does not have.
    public mutating func add(_ other: TemplateObject) {
        for (key, value) in zip(other.keys, other.values) where self[key] == nil {
            keys.append(key)
            values.append(value)
        }
    }
}

extension FingerprintHasher {
    /// A page's context: equal contexts, equal hashes.
    package mutating func combine(_ value: TemplateValue) {
        switch value {
        case .string(let text):
            combine(1)
            combine(text)
        case .int(let number):
            combine(2)
            combine(number)
        case .bool(let flag):
            combine(flag ? 3 : 4)
        case .list(let items):
            combine(5)
            combine(items.count)
            for item in items { combine(item) }
        case .object(let object):
            combine(6)
            combine(object.count)
            for (key, item) in zip(object.keys, object.values) {
                combine(key)
                combine(item)
            }
        case .null:
            combine(7)
        }
    }
}
