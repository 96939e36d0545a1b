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

    mutating func fingerprint(_ value: Fingerprint) {
        for word in [value.words.0, value.words.1, value.words.2, value.words.3] { uint64(word) }
    }

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

    mutating func fingerprint() throws -> Fingerprint {
        Fingerprint(words: (try uint64(), try uint64(), try uint64(), try uint64()))
    }

    mutating func bool() throws -> Bool {
        guard offset < bytes.count, bytes[offset] <= 1 else { throw Damaged() }
        defer { offset += 1 }
        return bytes[offset] == 1
    }
}

// MARK: - Values of any sign and optionals

extension BinaryWriter {
    mutating func signed(_ value: Int) { uint64(UInt64(bitPattern: Int64(value))) }
    mutating func double(_ value: Double) { uint64(value.bitPattern) }

    mutating func optional<T>(_ value: T?, _ write: (inout BinaryWriter, T) -> Void) {
        bool(value != nil)
        if let value { write(&self, value) }
    }

    mutating func list<T>(_ values: [T], _ write: (inout BinaryWriter, T) -> Void) {
        int(values.count)
        for value in values { write(&self, value) }
    }
}

extension BinaryReader {
    mutating func signed() throws -> Int { Int(Int64(bitPattern: try uint64())) }
    mutating func double() throws -> Double { Double(bitPattern: try uint64()) }

    mutating func optional<T>(_ read: (inout BinaryReader) throws -> T) throws -> T? {
        try bool() ? try read(&self) : nil
    }

    mutating func list<T>(_ read: (inout BinaryReader) throws -> T) throws -> [T] {
        let count = try int()
        var values: [T] = []
        values.reserveCapacity(min(count, 1 << 16))
        for _ in 0..<count { values.append(try read(&self)) }
        return values
    }
}
