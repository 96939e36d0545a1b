import DossierCore

/// Rendered HTML whose links to the site's own pages start at the site's root,
/// which differs from where the HTML is shown: `../../` on an article page, the
/// absolute URL in a feed. Kept as the pieces between those places, so that
/// putting it together for a page costs one pass.
public struct RootRelativeHTML: Sendable {
    /// Stands for the way to the root while the tree is rendered; private-use
    /// characters, which no news text holds.
    public static let marker = "\u{E000}root\u{E001}"

    private let pieces: [String]

    /// `html` as cmark-gfm rendered it, with `marker` where the root goes.
    public init(marked html: String) {
        // A byte search: the marker's first byte (0xEE) never starts other text Dossier writes.
        let marker = Array(Self.marker.utf8)
        var pieces: [String] = []
        var utf8 = Array(html.utf8)
        var start = 0
        var index = 0
        utf8.withUnsafeMutableBufferPointer { bytes in
            while index + marker.count <= bytes.count {
                if bytes[index] == marker[0] && bytes[index..<index + marker.count].elementsEqual(marker) {
                    pieces.append(String(decoding: bytes[start..<index], as: UTF8.self))
                    index += marker.count
                    start = index
                } else {
                    index += 1
                }
            }
            pieces.append(String(decoding: bytes[start...], as: UTF8.self))
        }
        self.pieces = pieces
    }

    /// The HTML with every internal link starting at `root`.
    public func html(root: String) -> String {
        guard pieces.count > 1 else { return pieces.first ?? "" }
        let root = HTML.escape(root)
        var result = ""
        result.reserveCapacity(pieces.reduce(0) { $0 + $1.utf8.count } + root.utf8.count * pieces.count)
        for (index, piece) in pieces.enumerated() {
            if index > 0 { result += root }
            result += piece
        }
        return result
    }

    /// The HTML with the marker where the root goes, as it was made.
    public var marked: String { pieces.joined(separator: Self.marker) }

    /// As shown on an article or entity page, two folders below the root.
    public var onPage: String { html(root: "../../") }
}
