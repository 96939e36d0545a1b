@testable import DossierKit
import Foundation
import Testing

/// Fingerprints decide whether a page is rendered and written again, whether an
/// article's Markdown is linked again, and whether the build cache is used at all:
/// they are SHA-256 (swift-crypto), so that different inputs never pass for equal.
struct FingerprintTests {
    func fingerprint(_ values: [TemplateValue]) -> Fingerprint {
        var hasher = FingerprintHasher()
        for value in values { hasher.combine(value) }
        return hasher.finalize()
    }

    /// SHA-256 itself: the digest of the bytes fed (a string is its length, eight bytes
    /// little-endian, then its UTF-8), checked against Python's hashlib.
    @Test func theFingerprintIsSHA256OfTheBytesFed() {
        var empty = FingerprintHasher()
        #expect(empty.finalize().description == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(FingerprintHasher.fingerprint("abc").description == "ce91dc5eec0139adf091900d225971d6ad246a845bad791b5693a9d0d55dd391")
    }

    /// These two titles had the same value under the 64-bit xor-multiply hash that
    /// fingerprinted pages before (StableHasher, each word xored in and multiplied, so
    /// a second word could be chosen to cancel the first): a page whose title changed
    /// from one to the other kept its old file.
    @Test func valuesTheFormerHashConfusedAreToldApart() {
        #expect(fingerprint([.string("xehT EEqaamjfpJa")]) != fingerprint([.string("lGaOPZG5bI  90 k")]))
    }

    @Test func theWayValuesAreSplitCounts() {
        #expect(fingerprint([.string("ab"), .string("c")]) != fingerprint([.string("a"), .string("bc")]))
        #expect(fingerprint([.string("1")]) != fingerprint([.int(1)]))
        #expect(fingerprint([.list([.string("a")])]) != fingerprint([.string("a")]))
        #expect(fingerprint([.null]) != fingerprint([.bool(false)]))
        let object: TemplateObject = ["a": "x", "b": "y"]
        let swapped: TemplateObject = ["a": "y", "b": "x"]
        #expect(fingerprint([.object(object)]) != fingerprint([.object(swapped)]))
        #expect(fingerprint([.object(object)]) == fingerprint([.object(["a": "x", "b": "y"])]))
    }

    /// Long text goes to SHA-256 in pieces; the fingerprint does not depend on how.
    @Test func longTextIsFingerprintedWhole() {
        let long = String(repeating: "知识产权", count: 20_000)
        var changed = long
        changed.removeLast()
        changed += "局"
        #expect(FingerprintHasher.fingerprint(long) == FingerprintHasher.fingerprint(long))
        #expect(FingerprintHasher.fingerprint(long) != FingerprintHasher.fingerprint(changed))
        var pieces = FingerprintHasher()
        for _ in 0..<1000 { pieces.combine(String(repeating: "x", count: 100)) }
        var again = FingerprintHasher()
        for _ in 0..<1000 { again.combine(String(repeating: "x", count: 100)) }
        #expect(pieces.finalize() == again.finalize())
    }
}
