/// Rendered HTML whose links to the site's own pages start at the site's root,
/// which differs from where the HTML is shown: `../../` on an article page, the
/// absolute URL in a feed. Kept as the pieces between those places, so that
/// putting it together for a page costs one pass.
public struct RootRelativeHTML: Sendable {
    /// Stands for the way to the root while the tree is rendered; private-use
    /// characters, which no news text holds.
    public static let marker = "\u{E000}root\u{E001}"

    private let pieces: [Substring]

    /// `html` as cmark-gfm rendered it, with `marker` where the root goes.
    public init(marked html: String) {
        pieces = html.split(separator: Self.marker, omittingEmptySubsequences: false)
    }

    /// The HTML with every internal link starting at `root`.
    public func html(root: String) -> String {
        guard pieces.count > 1 else { return pieces.first.map(String.init) ?? "" }
        return pieces.joined(separator: HTML.escape(root))
    }

    /// As shown on an article or entity page, two folders below the root.
    public var onPage: String { html(root: "../../") }
}
