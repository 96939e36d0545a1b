import Crypto

/// The SHA-256 of what something was made from: equal fingerprints mean equal
/// inputs, so a build may keep what it made from them last time (a page whose
/// context has the same fingerprint is not rendered or written again; an
/// article's Markdown whose text and registry have the same fingerprint is not
/// linked again; a cache whose key differs is not used).
struct Fingerprint: Hashable, Sendable, CustomStringConvertible {
    /// The digest's 32 bytes as four little-endian words.
    var words: (UInt64, UInt64, UInt64, UInt64)

    init(words: (UInt64, UInt64, UInt64, UInt64)) { self.words = words }

    init<Bytes: Sequence>(digest: Bytes) where Bytes.Element == UInt8 {
        var words: [UInt64] = [0, 0, 0, 0]
        for (index, byte) in digest.enumerated() where index < 32 { words[index / 8] |= UInt64(byte) << UInt64(index % 8 * 8) }
        self.words = (words[0], words[1], words[2], words[3])
    }

    static func == (a: Fingerprint, b: Fingerprint) -> Bool { a.words == b.words }

    func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }

    /// Reads `description` back.
    init?(hex: String) {
        let bytes = Array(hex.utf8)
        guard bytes.count == 64 else { return nil }
        var digest: [UInt8] = []
        for index in stride(from: 0, to: 64, by: 2) {
            guard let byte = UInt8(String(decoding: bytes[index..<index + 2], as: UTF8.self), radix: 16) else { return nil }
            digest.append(byte)
        }
        self.init(digest: digest)
    }

    var description: String {
        [words.0, words.1, words.2, words.3].map { word in
            (0..<8).map { String(UInt8(truncatingIfNeeded: word >> UInt64($0 * 8)), radix: 16).leftPadded(to: 2) }.joined()
        }.joined()
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

/// Feeds values to SHA-256 unambiguously: every string is preceded by its length
/// and every number is eight bytes, so that no two sequences of values give the
/// same bytes. Small values are gathered in a buffer and hashed a block at a time.
struct FingerprintHasher {
    private var sha = SHA256()
    private var buffer: [UInt8] = []

    init() { buffer.reserveCapacity(Self.bufferSize + 64) }

    private static let bufferSize = 1 << 15

    private mutating func flushIfFull() {
        guard buffer.count >= Self.bufferSize else { return }
        flush()
    }

    private mutating func flush() {
        buffer.withUnsafeBytes { sha.update(bufferPointer: $0) }
        buffer.removeAll(keepingCapacity: true)
    }

    mutating func combine(_ number: UInt64) {
        withUnsafeBytes(of: number.littleEndian) { buffer.append(contentsOf: $0) }
        flushIfFull()
    }

    mutating func combine(_ number: Int) { combine(UInt64(bitPattern: Int64(number))) }

    mutating func combine(_ text: String) {
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

    mutating func combine(bytes: [UInt8]) {
        combine(bytes.count)
        flush()
        bytes.withUnsafeBytes { sha.update(bufferPointer: $0) }
    }

    mutating func combine(_ fingerprint: Fingerprint) {
        combine(fingerprint.words.0)
        combine(fingerprint.words.1)
        combine(fingerprint.words.2)
        combine(fingerprint.words.3)
    }

    mutating func finalize() -> Fingerprint {
        flush()
        return Fingerprint(digest: sha.finalize())
    }

    static func fingerprint(_ text: String) -> Fingerprint {
        var hasher = FingerprintHasher()
        hasher.combine(text)
        return hasher.finalize()
    }
}
