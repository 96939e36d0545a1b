import CCmarkGFM
import DossierCore
import DossierMarkdown
import DossierStore
import DossierValidate

/// An entity named in an article: where, and the sentence around it.
public struct Mention: Sendable {
    public var entity: EntityRef
    public var location: SourceLocation
    public var sentence: Sentence
    /// The paragraph and the span of the sentence in it, so that a sentence
    /// holding several mentions of one entity is quoted once.
    public var sentenceKey: SentenceKey

    public struct SentenceKey: Hashable, Sendable {
        package var block: Int
        package var range: Range<Int>

        public init(block: Int, range: Range<Int>) {
            self.block = block
            self.range = range
        }
    }

    public init(entity: EntityRef, location: SourceLocation, sentence: Sentence, sentenceKey: SentenceKey) {
        self.entity = entity
        self.location = location
        self.sentence = sentence
        self.sentenceKey = sentenceKey
    }
}

/// A Markdown body turned into HTML on the cmark-gfm tree: annotations resolved
/// into links to entity pages, dangerous links removed, heading ids added and
/// soft breaks between CJK characters dropped.
public struct LinkedMarkdown: Sendable {
    /// The HTML, its links to entity pages relative to the site's root.
    public var body: RootRelativeHTML
    /// The HTML as it appears on an article or entity page (two folders deep).
    public var html: String { body.onPage }

    public var mentions: [Mention]
    /// The first paragraph's text, the summary when none is given.
    public var firstParagraph: String
    /// Whether names were looked for in the text (autolinking was on), and the
    /// text of every registered name, alias or excluded phrase found there: the
    /// names this linking depends on besides those of the entities it mentions.
    public var scanned = false
    public var hits: [String] = []
}

public struct MarkdownLinker: Sendable {
    public var resolver: ReferenceResolver
    public var options: MarkdownOptions
    public var headingIDs: Bool
    /// Entity names, for the `title` of links to them.
    public var names: [EntityRef: String]
    /// Every registered name, for autolinking.
    public var matcher: NameMatcher?
    /// What links between pages lead to; without them, such links are left as written.
    public var targets: PageTargets?

    package static let rootMarker = RootRelativeHTML.marker

    public init(
        resolver: ReferenceResolver, options: MarkdownOptions, headingIDs: Bool = true,
        names: [EntityRef: String] = [:],
        matcher: NameMatcher? = nil, targets: PageTargets? = nil
    ) {
        self.matcher = matcher
        self.targets = targets
        self.resolver = resolver
        self.options = options
        self.headingIDs = headingIDs
        self.names = names
    }

    /// `body` is the Markdown after the front matter, which ends on line `lineOffset`
    /// of `source`. With `autolink`, plain-text occurrences of registered names
    /// count as mentions too (see `AutolinkMode`).
    /// `file` is the text's file in the site, from which relative links lead.
    public func link(
        body: String, source: SourceText, lineOffset: Int, autolink: AutolinkMode = .none, file: String? = nil
    ) -> LinkedMarkdown {
        let document = MarkdownDocument(body, options: options)

        // Each pass walks the tree afresh: a pass may free the nodes it removes.
        for node in document.nodes() where node.type == CMARK_NODE_SOFTBREAK && Self.joinsCJK(node) {
            node.remove()
        }

        var explicit: [MarkdownNode: EntityRef] = [:]
        var hits: Set<String> = []
        // Links between pages and to the site's files, each written to its page's path from the root.
        if let targets, let file { rewritePageLinks(document, targets: targets, file: file, dependencies: &hits) }
        for node in document.nodes() {
            if node.type == CMARK_NODE_IMAGE {
                // Images are never annotations, but a script URL is no image either, even with raw HTML allowed;
                // of data: URLs only the raster images cmark-gfm renders are kept (others became `src=""`).
                let rasterData = ["png", "gif", "jpeg", "webp"].contains {
                    node.url.lowercased().hasPrefix("data:image/\($0)")
                }
                if resolver.resolveLink(node.url) == .dangerous && !rasterData {
                    node.unwrap()
                }
                continue
            }
            guard node.isLink else { continue }
            switch resolver.resolveLink(node.url) {
            case .entity(let ref): explicit[node] = ref
            case .dangerous: node.unwrap()
            // A link that is no valid annotation was reported by the validate stage.
            case .invalid, .ordinary: break
            }
        }

        var automatic: [MarkdownNode: (entity: EntityRef, location: SourceLocation)] = [:]
        let scanned = autolink != .none
        if autolink != .none, let matcher, !matcher.isEmpty {
            automatic = autolinkText(
                document, matcher: matcher, mode: autolink, alreadyLinked: Set(explicit.values), source: source,
                lineOffset: lineOffset, hits: &hits)
        }

        var annotations: [(node: MarkdownNode, entity: EntityRef, location: SourceLocation)] = []
        for node in document.nodes() {
            if let ref = explicit[node] {
                annotations.append((node, ref, node.location(in: source, lineOffset: lineOffset)))
            } else if let found = automatic[node] {
                annotations.append((node, found.entity, found.location))
            }
        }

        let firstParagraph = document.root.children.first { $0.type == CMARK_NODE_PARAGRAPH }?.plainText ?? ""
        let mentions = sentences(for: annotations)

        for (node, ref) in explicit {
            let (enter, exit) = anchor(ref)
            node.replaceWithCustom(enter: enter, exit: exit, block: false)
        }
        if headingIDs {
            var ids = HeadingIDs()
            for node in document.nodes() where node.type == CMARK_NODE_HEADING {
                node.giveHeadingID(ids.next(for: node.plainText))
            }
        }
        return LinkedMarkdown(
            body: RootRelativeHTML(marked: document.html()), mentions: mentions, firstParagraph: firstParagraph,
            scanned: scanned, hits: hits.sorted())
    }

    /// The opening and closing tags of a link to an entity page.
    private func anchor(_ ref: EntityRef) -> (String, String) {
        let title = names[ref].map { " title=\"\(HTML.escape($0))\"" } ?? ""
        return (
            "<a class=\"mention mention-\(ref.kind)\" href=\"\(Self.rootMarker)\(HTML.escape(ref.path))\"\(title)>",
            "</a>"
        )
    }

    /// Finds registered names in the prose's text nodes (never inside links,
    /// images, headings, code or raw HTML, which are other node types) and wraps
    /// each occurrence in a node of its own: a link where `mode` says so, else
    /// one that renders nothing around the text, but still counts as a mention.
    private func autolinkText(
        _ document: MarkdownDocument, matcher: NameMatcher, mode: AutolinkMode, alreadyLinked: Set<EntityRef>,
        source: SourceText, lineOffset: Int, hits: inout Set<String>
    ) -> [MarkdownNode: (entity: EntityRef, location: SourceLocation)] {
        // Runs of neighbouring text nodes are one text: cmark-gfm splits text at
        // soft breaks (removed between CJK characters above), brackets and entities.
        var runs: [[MarkdownNode]] = []
        for node in document.nodes() where node.isText && !node.isProtectedFromAutolinking {
            if let previous = node.previous, previous.isText, let last = runs.last?.last, last == previous {
                runs[runs.count - 1].append(node)
            } else {
                runs.append([node])
            }
        }
        var linked = alreadyLinked
        var found: [MarkdownNode: (entity: EntityRef, location: SourceLocation)] = [:]
        for run in runs {
            var scalars: [Unicode.Scalar] = []
            var segments: [(start: Int, line: Int, column: Int)] = []
            for node in run {
                segments.append((scalars.count, node.startLine, node.startColumn))
                scalars.append(contentsOf: node.literal.unicodeScalars)
            }
            let matches = matcher.matches(in: scalars, hits: &hits)
            guard !matches.isEmpty else { continue }
            let host = run[0]
            for node in run.dropFirst() { node.remove() }
            var cursor = 0
            var segmentIndex = 0
            var segmentPlace: SourceLocation?
            for match in matches {
                guard case .entity(let ref) = match.target else { continue }
                if match.range.lowerBound > cursor {
                    host.insertBefore(.text(String(scalars: scalars[cursor..<match.range.lowerBound])))
                }
                let makeLink = mode == .all || (mode == .first && !linked.contains(ref))
                linked.insert(ref)
                let (enter, exit) = makeLink ? anchor(ref) : ("", "")
                let wrapper = MarkdownNode.customInline(enter: enter, exit: exit)
                wrapper.append(.text(String(scalars: scalars[match.range])))
                host.insertBefore(wrapper)
                // The text node the match starts in (matches come in order), located once.
                while segmentIndex + 1 < segments.count && segments[segmentIndex + 1].start <= match.range.lowerBound {
                    segmentIndex += 1
                    segmentPlace = nil
                }
                let segment = segments[segmentIndex]
                if segmentPlace == nil {
                    segmentPlace = source.location(line: segment.line + lineOffset, byteColumn: segment.column)
                }
                var place = segmentPlace!
                place.column += match.range.lowerBound - segment.start
                found[wrapper] = (ref, place)
                cursor = match.range.upperBound
            }
            if cursor < scalars.count {
                host.literal = String(scalars: scalars[cursor...])
            } else {
                host.remove()
            }
        }
        return found
    }

    /// A soft break between two CJK characters, which must render as nothing.
    private static func joinsCJK(_ node: MarkdownNode) -> Bool {
        guard let before = node.previous?.plainText.unicodeScalars.last,
            let after = node.next?.plainText.unicodeScalars.first
        else { return false }
        return CJK.isWide(before) && CJK.isWide(after)
    }

    /// The sentence around each mention. Each paragraph is split into sentences
    /// once, each mention finds its sentence by binary search, and a sentence's
    /// text is made once for all the mentions it holds: the work is linear in the
    /// text and the number of mentions, whatever their product.
    private func sentences(for annotations: [(node: MarkdownNode, entity: EntityRef, location: SourceLocation)])
        -> [Mention]
    {
        struct Block {
            var scalars: [Unicode.Scalar]
            var ranges: [MarkdownNode: Range<Int>]
            var spans: [Range<Int>]
            /// The UTF-8 offset of each scalar, and of the end.
            var offsets: [Int]
            var texts: [Int: String] = [:]

            package init(
                scalars: [Unicode.Scalar], ranges: [MarkdownNode: Range<Int>], spans: [Range<Int>], offsets: [Int],
                texts: [Int: String] = [:]
            ) {
                self.scalars = scalars
                self.ranges = ranges
                self.spans = spans
                self.offsets = offsets
                self.texts = texts
            }
        }
        var blockIndex: [MarkdownNode: Int] = [:]
        var blocks: [Block] = []
        let targets = Set(annotations.map(\.node))
        var mentions: [Mention] = []
        for (node, ref, place) in annotations {
            let enclosing = Self.enclosingBlock(of: node)
            let index: Int
            if let known = blockIndex[enclosing] {
                index = known
            } else {
                index = blocks.count
                blockIndex[enclosing] = index
                var scalars: [Unicode.Scalar] = []
                var ranges: [MarkdownNode: Range<Int>] = [:]
                Self.collect(enclosing, into: &scalars, targets: targets, ranges: &ranges)
                var offsets = [0]
                offsets.reserveCapacity(scalars.count + 1)
                for scalar in scalars { offsets.append(offsets[offsets.count - 1] + UTF8.width(scalar)) }
                blocks.append(
                    Block(
                        scalars: scalars, ranges: ranges, spans: SentenceSplitter.spans(in: scalars), offsets: offsets))
            }
            guard let range = blocks[index].ranges[node], !range.isEmpty else { continue }
            let spans = blocks[index].spans
            // The sentences holding the mention's first and last characters (one, unless the name spans a sentence end).
            func spanIndex(holding position: Int) -> Int {
                var low = 0
                var high = spans.count - 1
                while low < high {
                    let mid = (low + high + 1) / 2
                    if spans[mid].lowerBound <= position { low = mid } else { high = mid - 1 }
                }
                return low
            }
            let first = spans.isEmpty ? 0 : spanIndex(holding: range.lowerBound)
            let last = spans.isEmpty ? 1 : spanIndex(holding: range.upperBound - 1)
            let span =
                spans.isEmpty
                ? range : min(spans[first].lowerBound, range.lowerBound)..<max(spans[last].upperBound, range.upperBound)
            var shared: String?
            if span.count <= Sentence.window {
                if first == last, let made = blocks[index].texts[first] {
                    shared = made
                } else {
                    let made = String(scalars: blocks[index].scalars[span])
                    if first == last { blocks[index].texts[first] = made }
                    shared = made
                }
            }
            let sentence = SentenceSplitter.quote(
                blocks[index].scalars, sentence: span, mention: range, shared: shared, offsets: blocks[index].offsets)
            mentions.append(
                Mention(entity: ref, location: place, sentence: sentence, sentenceKey: .init(block: index, range: span))
            )
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
        case CMARK_NODE_HTML_INLINE: if node.isBreakTag { scalars.append(" ") }
        default:
            for child in node.children { collect(child, into: &scalars, targets: targets, ranges: &ranges) }
        }
        if targets.contains(node) { ranges[node] = start..<scalars.count }
    }
}

extension String {
    /// Encodes the scalars straight into the string's UTF-8 storage.
    package init(scalars: some Collection<Unicode.Scalar>) {
        let capacity = scalars.reduce(0) { $0 + UTF8.width($1) }
        self.init(unsafeUninitializedCapacity: capacity) { buffer in
            var index = 0
            for scalar in scalars {
                UTF8.encode(scalar) { byte in
                    buffer[index] = byte
                    index += 1
                }
            }
            return index
        }
    }
}
