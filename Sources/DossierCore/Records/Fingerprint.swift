import Crypto

/// The SHA-256 of what something was made from: equal fingerprints mean equal
/// inputs, so a build may keep what it made from them last time (a page whose
/// context has the same fingerprint is not rendered or written again; an
/// article's Markdown whose text and registry have the same fingerprint is not
/// linked again; a cache whose key differs is not used).
package struct Fingerprint: Hashable, Sendable, CustomStringConvertible {
    /// The digest's 32 bytes as four little-endian words.
    package var words: (UInt64, UInt64, UInt64, UInt64)

    package init(words: (UInt64, UInt64, UInt64, UInt64)) { self.words = words }

    /// The first 32 bytes of `bytes`, which holds at least as many.
    package init(bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count >= 32)
        func word(_ at: Int) -> UInt64 {
            UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self))
        }
        words = (word(0), word(8), word(16), word(24))
    }

    package init<Bytes: Sequence>(digest: Bytes) where Bytes.Element == UInt8 {
        var words: [UInt64] = [0, 0, 0, 0]
        for (index, byte) in digest.enumerated() where index < 32 {
            words[index / 8] |= UInt64(byte) << UInt64(index % 8 * 8)
        }
        self.words = (words[0], words[1], words[2], words[3])
    }

    package static func == (a: Fingerprint, b: Fingerprint) -> Bool { a.words == b.words }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }

    /// Reads `description` back.
    package init?(hex: String) {
        var hex = hex
        guard let value = hex.withUTF8({ Fingerprint(hex: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = value
    }

    /// Reads `description` back from its UTF-8 bytes.
    package init?(hex bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 64 else { return nil }
        func nibble(_ c: UInt8) -> UInt64? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt64(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt64(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt64(c - UInt8(ascii: "A") + 10)
            default: return nil
            }
        }
        var words: [UInt64] = [0, 0, 0, 0]
        for index in 0..<32 {
            guard let high = nibble(bytes[2 * index]), let low = nibble(bytes[2 * index + 1]) else { return nil }
            words[index / 8] |= (high << 4 | low) << UInt64(index % 8 * 8)
        }
        self.words = (words[0], words[1], words[2], words[3])
    }

    /// The digest's bytes in hexadecimal, lowercase.
    package var description: String {
        let digits = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: 64) { buffer in
            var at = 0
            for word in [words.0, words.1, words.2, words.3] {
                for shift in stride(from: 0, to: 64, by: 8) {
                    let byte = Int(truncatingIfNeeded: word >> UInt64(shift)) & 0xff
                    buffer[at] = digits[byte >> 4]
                    buffer[at + 1] = digits[byte & 0xf]
                    at += 2
                }
            }
            return 64
        }
    }
}

/// Feeds values to SHA-256 unambiguously: every string is preceded by its length
/// and every number is eight bytes, so that no two sequences of values give the
/// same bytes. Small values are gathered in a buffer and hashed a block at a time.
package struct FingerprintHasher {
    private var sha = SHA256()
    private var buffer: [UInt8] = []

    /// The buffer grows up to `bufferSize` as values come: most fingerprints are of a few hundred bytes.
    package init() { buffer.reserveCapacity(256) }

    private static let bufferSize = 1 << 15

    private mutating func flushIfFull() {
        guard buffer.count >= Self.bufferSize else { return }
        flush()
    }

    private mutating func flush() {
        buffer.withUnsafeBytes { sha.update(bufferPointer: $0) }
        buffer.removeAll(keepingCapacity: true)
    }

    package mutating func combine(_ number: UInt64) {
        withUnsafeBytes(of: number.littleEndian) { buffer.append(contentsOf: $0) }
        flushIfFull()
    }

    package mutating func combine(_ number: Int) { combine(UInt64(bitPattern: Int64(number))) }

    package mutating func combine(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            combine(bytes.count)
            if bytes.count > Self.bufferSize {
                flush()
                sha.update(bufferPointer: UnsafeRawBufferPointer(bytes))
            } else {
                buffer.append(contentsOf: bytes)
                flushIfFull()
            }
        }
    }

    package mutating func combine(bytes: [UInt8]) {
        bytes.withUnsafeBytes { combine(bytes: $0) }
    }

    package mutating func combine(bytes: UnsafeRawBufferPointer) {
        combine(bytes.count)
        flush()
        sha.update(bufferPointer: bytes)
    }

    package mutating func combine(_ fingerprint: Fingerprint) {
        combine(fingerprint.words.0)
        combine(fingerprint.words.1)
        combine(fingerprint.words.2)
        combine(fingerprint.words.3)
    }

    package mutating func finalize() -> Fingerprint {
        flush()
        return Fingerprint(digest: sha.finalize())
    }

    package static func fingerprint(_ text: String) -> Fingerprint {
        var hasher = FingerprintHasher()
        hasher.combine(text)
        return hasher.finalize()
    }

    package static func fingerprint(bytes: UnsafeRawBufferPointer) -> Fingerprint {
        var hasher = FingerprintHasher()
        hasher.combine(bytes: bytes)
        return hasher.finalize()
    }

    package static func fingerprint(bytes: [UInt8]) -> Fingerprint {
        bytes.withUnsafeBytes { fingerprint(bytes: $0) }
    }
}
