import Foundation

/// Values decoded from the build store's rows, kept by a process that builds
/// again and again (`serve`) so that a row that has not changed is not decoded
/// again at every build. A value is reused only for the same name (a file's
/// path) and the same keys (the fingerprints the row was stored under); any
/// other row is decoded, and its value replaces the one kept. Safe to use from
/// many threads at once.
package final class DecodeMemo: @unchecked Sendable {
    private struct Entry {
        var keys: (Fingerprint, Fingerprint?)
        var value: Any
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]

    package init() {}

    /// The value kept for `name` under these keys, or `decode()`'s, which is then kept.
    package func value<Value>(
        _ name: String, key: Fingerprint, _ second: Fingerprint? = nil, decode: () throws -> Value
    ) rethrows -> Value {
        lock.lock()
        let entry = entries[name]
        lock.unlock()
        if let entry, entry.keys.0 == key, entry.keys.1 == second, let value = entry.value as? Value { return value }
        let value = try decode()
        lock.lock()
        entries[name] = Entry(keys: (key, second), value: value)
        lock.unlock()
        return value
    }

    /// Forgets these names (files gone from the site).
    package func forget(_ names: [String]) {
        lock.lock()
        defer { lock.unlock() }
        for name in names { entries[name] = nil }
    }
}
