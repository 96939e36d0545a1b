import Foundation

/// Values decoded from the build store's rows, kept by a process that builds
/// again and again (`serve`) so that a row that has not changed is not decoded
/// again at every build. A value is reused only for the same name (a file's
/// path) and the same bytes: a row written anew, even under the same key, is
/// decoded again. (The bytes of a row kept in memory are the same array from one
/// build to the next, which compares at once.) Safe to use from many threads.
package final class DecodeMemo: @unchecked Sendable {
    private struct Entry {
        var bytes: [UInt8]
        var value: Any
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]

    package init() {}

    /// The value kept for `name` decoded from these bytes, or `decode(bytes)`'s, which is then kept.
    package func value<Value>(_ name: String, bytes: [UInt8], decode: ([UInt8]) throws -> Value) rethrows -> Value {
        lock.lock()
        let entry = entries[name]
        lock.unlock()
        if let entry, entry.bytes == bytes, let value = entry.value as? Value { return value }
        let value = try decode(bytes)
        lock.lock()
        entries[name] = Entry(bytes: bytes, value: value)
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
