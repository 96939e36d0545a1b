/// Characters of scripts written without spaces between words.
package enum CJK {
    package static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2E80...0x2FDF,  // radicals
            0x3000...0x303F,  // CJK symbols and punctuation
            0x3040...0x30FF,  // kana
            0x3100...0x312F, 0x31A0...0x31BF,  // bopomofo
            0x31F0...0x31FF,
            0x3400...0x4DBF,  // extension A
            0x4E00...0x9FFF,  // unified ideographs
            0xF900...0xFAFF,  // compatibility ideographs
            0xFE30...0xFE4F,  // compatibility forms
            0xFF00...0xFF60, 0xFFE0...0xFFE6,  // full-width forms
            0x20000...0x3FFFF:  // supplementary ideographic planes
            return true
        default:
            return false
        }
    }

    /// What search indexes one character at a time: U+3400–U+9FFF (extension A, the
    /// unified ideographs, and the hexagrams between them) and the compatibility
    /// ideographs, the ranges the search page's query splitter (`search.js`) uses.
    package static func isIdeograph(_ value: UInt32) -> Bool {
        (0x3400...0x9FFF).contains(value) || (0xF900...0xFAFF).contains(value)
    }
}
