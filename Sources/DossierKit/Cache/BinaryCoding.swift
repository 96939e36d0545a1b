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

/// FNV-1a, 64 bits: a fast, stable hash for cache keys (not for security).
struct StableHasher {
    private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    mutating func combine(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var hash = value
            for byte in bytes {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
            value = hash
        }
        add(0xFF)  // a separator no UTF-8 text contains
    }

    mutating func combine(_ number: Int) {
        var n = UInt64(bitPattern: Int64(number))
        for _ in 0..<8 {
            add(UInt8(truncatingIfNeeded: n))
            n >>= 8
        }
    }

    @inline(__always) private mutating func add(_ byte: UInt8) {
        value ^= UInt64(byte)
        value = value &* 0x0000_0100_0000_01B3
    }

    static func hash(_ text: String) -> UInt64 {
        var hasher = StableHasher()
        hasher.combine(text)
        return hasher.value
    }

    /// A page's context, every value in a canonical order: equal contexts, equal hashes.
    mutating func combine(any value: Any) {
        switch value {
        case let text as String:
            add(1)
            combine(text)
        case let number as Int:
            add(2)
            combine(number)
        case let flag as Bool:
            add(flag ? 3 : 4)
        case let number as Double:
            add(5)
            combine(String(number))
        case let list as [[String: Any]]:
            add(6)
            combine(list.count)
            for item in list { combine(any: item) }
        case let list as [Any]:
            add(6)
            combine(list.count)
            for item in list { combine(any: item) }
        case let map as [String: Any]:
            add(7)
            combine(map.count)
            for key in map.keys.sorted() {
                combine(key)
                combine(any: map[key]!)
            }
        default:
            add(8)
            combine(String(describing: value))
        }
    }
}
