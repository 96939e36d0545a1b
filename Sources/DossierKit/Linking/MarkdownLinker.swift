import CCmarkGFM

/// An entity named in an article: where, and the sentence around it.
public struct Mention: Sendable {
    public var entity: EntityRef
    public var location: SourceLocation
    public var sentence: Sentence
    /// The paragraph and the span of the sentence in it, so that a sentence
    /// holding several mentions of one entity is quoted once.
    public var sentenceKey: SentenceKey

    public struct SentenceKey: Hashable, Sendable {
        var block: Int
        var range: Range<Int>
    }
}

/// A Markdown body turned into HTML on the cmark-gfm tree: annotations resolved
/// into links to entity pages, dangerous links removed, heading ids added and
/// soft breaks between CJK characters dropped.
public struct LinkedMarkdown: Sendable {
    /// Links to entity pages start with `rootMarker`, to be replaced by the way
    /// to the site's root from where the HTML is shown (see `html(root:)`).
    public var markedHTML: String
    /// The HTML as it appears on an article or entity page (two folders deep).
    public var html: String { html(root: "../../") }

    /// The HTML with links to entity pages starting at `root`: `../../` on a
    /// page, the site's absolute URL in a feed.
    public func html(root: String) -> String {
        markedHTML.replacingOccurrences(of: MarkdownLinker.rootMarker, with: HTML.escape(root))
    }

    public var mentions: [Mention]
    /// The first paragraph's text, the summary when none is given.
    public var firstParagraph: String
    public var diagnostics: Diagnostics
}

public struct MarkdownLinker: Sendable {
    public var resolver: ReferenceResolver
    public var options: MarkdownOptions
    public var headingIDs: Bool
    /// Entity names, for the `title` of links to them.
    public var names: [EntityRef: String]

    /// Stands for the path to the site's root in `LinkedMarkdown.markedHTML`; private-use
    /// characters, which no news text holds.
    public static let rootMarker = "\u{E000}root\u{E001}"

    public init(
        resolver: ReferenceResolver, options: MarkdownOptions, headingIDs: Bool = true, names: [EntityRef: String] = [:]
    ) {
        self.resolver = resolver
        self.options = options
        self.headingIDs = headingIDs
        self.names = names
    }

    /// `body` is the Markdown after the front matter, which ends on line `lineOffset` of `source`.
    public func link(body: String, source: SourceText, lineOffset: Int) -> LinkedMarkdown {
        let document = MarkdownDocument(body, options: options)
        var diagnostics = Diagnostics()
        let nodes = document.nodes()

        for node in nodes where node.type == CMARK_NODE_SOFTBREAK && Self.joinsCJK(node) {
            node.remove()
        }

        // Images are never annotations, but a script URL is no image either, even with raw HTML allowed.
        for node in nodes where node.type == CMARK_NODE_IMAGE && resolver.resolveLink(node.url) == .dangerous
            && !node.url.lowercased().hasPrefix("data:")
        {
            node.unwrap()
        }

        var annotations: [(node: MarkdownNode, entity: EntityRef)] = []
        for node in nodes where node.isLink {
            switch resolver.resolveLink(node.url) {
            case .entity(let ref): annotations.append((node, ref))
            case .invalid(let message): diagnostics.error(message, at: location(of: node, source: source, lineOffset: lineOffset))
            case .dangerous: node.unwrap()
            case .ordinary: break
            }
        }

        let firstParagraph = document.root.children.first { $0.type == CMARK_NODE_PARAGRAPH }?.plainText ?? ""
        let mentions = sentences(for: annotations, source: source, lineOffset: lineOffset)

        for (node, ref) in annotations {
            let title = names[ref].map { " title=\"\(HTML.escape($0))\"" } ?? ""
            let enter = "<a class=\"mention mention-\(ref.kind)\" href=\"\(Self.rootMarker)\(HTML.escape(ref.path))\"\(title)>"
            node.replaceWithCustom(enter: enter, exit: "</a>", block: false)
        }
        if headingIDs {
            var ids = HeadingIDs()
            for node in nodes where node.type == CMARK_NODE_HEADING {
                // cmark-gfm renders the heading as `<hN>…</hN>`; the id goes into that tag.
                let open = "<h\(node.headingLevel)"
                let html = document.html(of: node)
                guard html.hasPrefix(open) else { continue }
                let id = HTML.escape(ids.next(for: node.plainText))
                node.replaceWithHTML(open + " id=\"\(id)\"" + html.dropFirst(open.count))
            }
        }
        return LinkedMarkdown(markedHTML: document.html(), mentions: mentions, firstParagraph: firstParagraph, diagnostics: diagnostics)
    }

    /// A soft break between two CJK characters, which must render as nothing.
    private static func joinsCJK(_ node: MarkdownNode) -> Bool {
        guard let before = node.previous?.plainText.unicodeScalars.last,
            let after = node.next?.plainText.unicodeScalars.first
        else { return false }
        return CJK.isWide(before) && CJK.isWide(after)
    }

    /// cmark-gfm puts a link that spans lines on its last line; its first text
    /// child knows where it really starts, one character after the `[`.
    private func location(of link: MarkdownNode, source: SourceText, lineOffset: Int) -> SourceLocation {
        var line = link.startLine
        var column = link.startColumn
        if let child = link.firstChild, child.isText, child.startLine > 0 {
            line = child.startLine
            column = max(child.startColumn - 1, 1)
        }
        return source.location(line: line + lineOffset, byteColumn: column)
    }

    private func sentences(
        for annotations: [(node: MarkdownNode, entity: EntityRef)], source: SourceText, lineOffset: Int
    ) -> [Mention] {
        var blocks: [MarkdownNode: Int] = [:]
        var texts: [Int: (scalars: [Unicode.Scalar], ranges: [MarkdownNode: Range<Int>])] = [:]
        let targets = Set(annotations.map(\.node))
        var mentions: [Mention] = []
        for (node, ref) in annotations {
            let block = Self.enclosingBlock(of: node)
            let index: Int
            if let known = blocks[block] {
                index = known
            } else {
                index = blocks.count
                blocks[block] = index
                var scalars: [Unicode.Scalar] = []
                var ranges: [MarkdownNode: Range<Int>] = [:]
                Self.collect(block, into: &scalars, targets: targets, ranges: &ranges)
                texts[index] = (scalars, ranges)
            }
            guard let (scalars, ranges) = texts[index], let range = ranges[node] else { continue }
            let (sentence, span) = SentenceSplitter.sentence(in: scalars, around: range)
            mentions.append(
                Mention(
                    entity: ref, location: location(of: node, source: source, lineOffset: lineOffset), sentence: sentence,
                    sentenceKey: .init(block: index, range: span)))
        }
        return mentions
    }

    private static func enclosingBlock(of node: MarkdownNode) -> MarkdownNode {
        var current = node
        while let parent = current.parent {
            if parent.type == CMARK_NODE_PARAGRAPH || parent.type == CMARK_NODE_HEADING
                || String(cString: cmark_node_get_type_string(parent.pointer)) == "table_cell"
            {
                return parent
            }
            current = parent
        }
        return current
    }

    private static func collect(
        _ node: MarkdownNode, into scalars: inout [Unicode.Scalar], targets: Set<MarkdownNode>,
        ranges: inout [MarkdownNode: Range<Int>]
    ) {
        let start = scalars.count
        switch node.type {
        case CMARK_NODE_TEXT, CMARK_NODE_CODE: scalars.append(contentsOf: node.literal.unicodeScalars)
        case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: scalars.append(" ")
        case CMARK_NODE_HTML_INLINE: break
        default:
            for child in node.children { collect(child, into: &scalars, targets: targets, ranges: &ranges) }
        }
        if targets.contains(node) { ranges[node] = start..<scalars.count }
    }
}
