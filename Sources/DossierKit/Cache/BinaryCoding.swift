import Foundation

/// A small, strict binary format for the build cache: lengths before strings and
/// lists, little-endian integers. Reading checks every bound, so a damaged cache
/// is noticed (and ignored) rather than read wrongly.
struct BinaryWriter {
    private(set) var bytes: [UInt8] = []

    mutating func int(_ value: Int) { uint64(UInt64(bitPattern: Int64(value))) }

    mutating func uint64(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    mutating func string(_ value: String) {
        let utf8 = value.utf8
        int(utf8.count)
        bytes.append(contentsOf: utf8)
    }

    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    /// Hands what was written so far to `file` (so that a large cache is never
    /// held whole in memory) and starts again empty.
    mutating func flush(to file: FileHandle) throws {
        try file.write(contentsOf: bytes)
        bytes.removeAll(keepingCapacity: true)
    }
}

struct BinaryReader {
    struct Damaged: Error {}

    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { offset == bytes.count }

    mutating func uint64() throws -> UInt64 {
        guard offset + 8 <= bytes.count else { throw Damaged() }
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[offset + index]) << UInt64(index * 8) }
        offset += 8
        return value
    }

    mutating func int() throws -> Int {
        let value = Int(Int64(bitPattern: try uint64()))
        guard value >= 0, value <= bytes.count else { throw Damaged() }  // every count and length here is small
        return value
    }

    mutating func string() throws -> String {
        let count = try int()
        guard offset + count <= bytes.count else { throw Damaged() }
        defer { offset += count }
        guard let text = String(validating: bytes[offset..<offset + count], as: UTF8.self) else { throw Damaged() }
        return text
    }

    mutating func bool() throws -> Bool {
        guard offset < bytes.count, bytes[offset] <= 1 else { throw Damaged() }
        defer { offset += 1 }
        return bytes[offset] == 1
    }
}

/// A fast, stable 64-bit hash for cache keys and page fingerprints (not for
/// security): text is mixed eight bytes at a time, each word multiplied by a
/// large odd constant and folded, with every value's length mixed in first so
/// that concatenations differ. Words are read in the machine's byte order, which
/// is little-endian on every platform Swift builds Dossier for.
struct StableHasher {
    private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    @inline(__always) private mutating func mix(_ word: UInt64) {
        var hash = (value ^ word) &* 0x9E37_79B9_7F4A_7C15
        hash ^= hash >> 32
        value = hash
    }

    mutating func combine(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            mix(UInt64(bytes.count))
            guard let base = bytes.baseAddress else { return }
            let count = bytes.count
            var index = 0
            while index + 8 <= count {
                mix(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                index += 8
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while index < count {
                tail |= UInt64(base[index]) << shift
                shift += 8
                index += 1
            }
            mix(tail)
        }
    }

    mutating func combine(_ number: Int) { mix(UInt64(bitPattern: Int64(number))) }

    mutating func combine(_ number: UInt64) { mix(number) }

    static func hash(_ text: String) -> UInt64 {
        var hasher = StableHasher()
        hasher.combine(text)
        return hasher.value
    }
}
