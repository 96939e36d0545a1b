import Foundation

/// A small, strict binary format for the build store: lengths before strings and
/// lists, counts and lengths as LEB128 varints (most take one byte), other numbers
/// zigzag-encoded the same way, digests as little-endian words. Reading checks every bound, so a damaged cache
/// is noticed (and ignored) rather than read wrongly.
package struct BinaryWriter {
    package private(set) var bytes: [UInt8] = []

    /// A count, a length or a position: never negative.
    package mutating func int(_ value: Int) { varint(UInt64(bitPattern: Int64(value))) }

    package mutating func varint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    package mutating func uint64(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    package mutating func string(_ value: String) {
        let utf8 = value.utf8
        int(utf8.count)
        bytes.append(contentsOf: utf8)
    }

    package mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    package mutating func fingerprint(_ value: Fingerprint) {
        for word in [value.words.0, value.words.1, value.words.2, value.words.3] { uint64(word) }
    }

    /// Hands what was written so far to `file` (so that a large cache is never
    /// held whole in memory) and starts again empty.
    package mutating func flush(to file: FileHandle) throws {
        try file.write(contentsOf: bytes)
        bytes.removeAll(keepingCapacity: true)
    }

    package init(bytes: [UInt8] = []) {
        self.bytes = bytes
    }
}

package struct BinaryReader {
    package struct Damaged: Error {
        package init() {}
    }

    private let bytes: [UInt8]
    private var offset = 0

    package init(_ bytes: [UInt8]) { self.bytes = bytes }

    package var atEnd: Bool { offset == bytes.count }

    package mutating func uint64() throws -> UInt64 {
        guard offset + 8 <= bytes.count else { throw Damaged() }
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[offset + index]) << UInt64(index * 8) }
        offset += 8
        return value
    }

    package mutating func varint() throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < bytes.count, shift < 64 else { throw Damaged() }
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7f) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    package mutating func int() throws -> Int {
        let value = Int(Int64(bitPattern: try varint()))
        guard value >= 0, value <= bytes.count else { throw Damaged() }  // every count and length here is small
        return value
    }

    /// A position or an offset written with `int`: not a length, so not bounded by the record's size.
    package mutating func position() throws -> Int {
        let value = try varint()
        guard value <= UInt64(Int32.max) else { throw Damaged() }
        return Int(value)
    }

    /// Passes over a string without decoding it.
    package mutating func skipString() throws {
        let count = try int()
        guard offset + count <= bytes.count else { throw Damaged() }
        offset += count
    }

    /// Where the next string lies in the bytes, passed over without decoding it.
    package mutating func stringRange() throws -> Range<Int> {
        let count = try int()
        guard offset + count <= bytes.count else { throw Damaged() }
        defer { offset += count }
        return offset..<offset + count
    }

    package mutating func string() throws -> String {
        let count = try int()
        guard offset + count <= bytes.count else { throw Damaged() }
        defer { offset += count }
        // Decoding replaces each ill-formed byte with U+FFFD (three bytes): valid UTF-8 keeps its length.
        let start = offset
        let text = bytes.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[start..<start + count]), as: UTF8.self)
        }
        guard text.utf8.count == count else { throw Damaged() }
        return text
    }

    package mutating func fingerprint() throws -> Fingerprint {
        Fingerprint(words: (try uint64(), try uint64(), try uint64(), try uint64()))
    }

    package mutating func bool() throws -> Bool {
        guard offset < bytes.count, bytes[offset] <= 1 else { throw Damaged() }
        defer { offset += 1 }
        return bytes[offset] == 1
    }
}

// MARK: - Values of any sign and optionals

extension BinaryWriter {
    /// Zigzag: small numbers of either sign take few bytes.
    package mutating func signed(_ value: Int) {
        let wide = Int64(value)
        varint(UInt64(bitPattern: (wide << 1) ^ (wide >> 63)))
    }
    package mutating func double(_ value: Double) { uint64(value.bitPattern) }

    package mutating func optional<T>(_ value: T?, _ write: (inout BinaryWriter, T) -> Void) {
        bool(value != nil)
        if let value { write(&self, value) }
    }

    package mutating func list<T>(_ values: [T], _ write: (inout BinaryWriter, T) -> Void) {
        int(values.count)
        for value in values { write(&self, value) }
    }
}

extension BinaryReader {
    package mutating func signed() throws -> Int {
        let raw = try varint()
        return Int(Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1))
    }
    package mutating func double() throws -> Double { Double(bitPattern: try uint64()) }

    package mutating func optional<T>(_ read: (inout BinaryReader) throws -> T) throws -> T? {
        try bool() ? try read(&self) : nil
    }

    package mutating func list<T>(_ read: (inout BinaryReader) throws -> T) throws -> [T] {
        let count = try int()
        var values: [T] = []
        values.reserveCapacity(min(count, 1 << 16))
        for _ in 0..<count { values.append(try read(&self)) }
        return values
    }
}

// MARK: - Bytes kept as they are

extension BinaryWriter {
    package mutating func raw(_ value: [UInt8]) {
        int(value.count)
        bytes.append(contentsOf: value)
    }
}

extension BinaryReader {
    package mutating func raw() throws -> [UInt8] {
        let count = try int()
        guard offset + count <= bytes.count else { throw Damaged() }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    /// Bytes written with `raw`, as a slice of the record (no copy).
    package mutating func rawSlice() throws -> ArraySlice<UInt8> {
        let count = try int()
        guard offset + count <= bytes.count else { throw Damaged() }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }
}
