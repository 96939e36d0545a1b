import CCmarkGFM
import DossierCore
import Foundation

/// The cmark-gfm options and extensions that Dossier renders with: those of
/// `cmark-gfm -e table -e strikethrough -e autolink -e tagfilter -e tasklist --footnotes`.
public struct MarkdownOptions: Sendable, Hashable {
    /// Raw HTML is passed through instead of being omitted.
    public var unsafeHTML = false

    public init(unsafeHTML: Bool = false) { self.unsafeHTML = unsafeHTML }

    public static let extensionNames = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]

    package var cmarkOptions: Int32 {
        var options = CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES
        if unsafeHTML { options |= CMARK_OPT_UNSAFE }
        return options
    }
}

/// A parsed cmark-gfm tree, freed with this value.
public final class MarkdownDocument {
    private let parser: OpaquePointer
    package let root: MarkdownNode
    package let options: MarkdownOptions

    private static let registerExtensions: Void = cmark_gfm_core_extensions_ensure_registered()

    /// `extensions`: the GFM extensions the parser uses (all, by default).
    public init(
        _ markdown: String, options: MarkdownOptions = MarkdownOptions(),
        extensions: [String] = MarkdownOptions.extensionNames
    ) {
        _ = Self.registerExtensions
        self.options = options
        let parser = cmark_parser_new(options.cmarkOptions)!
        for name in extensions {
            if let syntax = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, syntax)
            }
        }
        markdown.utf8CString.withUnsafeBufferPointer { buffer in
            cmark_parser_feed(parser, buffer.baseAddress, buffer.count - 1)
        }
        self.parser = parser
        root = MarkdownNode(cmark_parser_finish(parser))
    }

    deinit {
        cmark_node_free(root.pointer)
        cmark_parser_free(parser)
    }

    /// The HTML of the tree as it is now.
    public func html() -> String {
        let extensions = cmark_parser_get_syntax_extensions(parser)
        guard let buffer = cmark_render_html(root.pointer, options.cmarkOptions, extensions) else { return "" }
        defer { free(buffer) }
        return String(cString: buffer)
    }

    /// Every node of the tree in document order (the order cmark's iterator enters them).
    package func nodes() -> [MarkdownNode] {
        var result: [MarkdownNode] = []
        let iterator = cmark_iter_new(root.pointer)
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            if event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) {
                result.append(MarkdownNode(node))
            }
        }
        return result
    }
}

/// A node of a `MarkdownDocument`'s tree; valid while the document lives.
package struct MarkdownNode: Hashable {
    package let pointer: OpaquePointer

    package init(_ pointer: OpaquePointer) { self.pointer = pointer }

    package var type: cmark_node_type { cmark_node_get_type(pointer) }
    package var isText: Bool { type == CMARK_NODE_TEXT }
    package var isLink: Bool { type == CMARK_NODE_LINK }

    package var literal: String {
        get { cmark_node_get_literal(pointer).map { String(cString: $0) } ?? "" }
        nonmutating set { _ = cmark_node_set_literal(pointer, newValue) }
    }

    package var url: String { cmark_node_get_url(pointer).map { String(cString: $0) } ?? "" }
    package var title: String { cmark_node_get_title(pointer).map { String(cString: $0) } ?? "" }
    package var headingLevel: Int { Int(cmark_node_get_heading_level(pointer)) }
    package var startLine: Int { Int(cmark_node_get_start_line(pointer)) }
    package var startColumn: Int { Int(cmark_node_get_start_column(pointer)) }

    package var parent: MarkdownNode? { cmark_node_parent(pointer).map(MarkdownNode.init) }
    package var next: MarkdownNode? { cmark_node_next(pointer).map(MarkdownNode.init) }
    package var previous: MarkdownNode? { cmark_node_previous(pointer).map(MarkdownNode.init) }
    /// Where a link is written, for a document made of the body of `source` that
    /// starts after line `lineOffset`: at its text (after the `[`), else at the link.
    /// cmark-gfm puts a link that spans lines on its last line; its first text
    /// child knows where it really starts, one character after the `[`.
    package func location(in source: SourceText, lineOffset: Int) -> SourceLocation {
        var line = startLine
        var column = startColumn
        if let child = firstChild, child.isText, child.startLine > 0 {
            line = child.startLine
            column = max(child.startColumn - 1, 1)
        }
        return source.location(line: line + lineOffset, byteColumn: column)
    }

    package var firstChild: MarkdownNode? { cmark_node_first_child(pointer).map(MarkdownNode.init) }
    package var lastChild: MarkdownNode? { cmark_node_last_child(pointer).map(MarkdownNode.init) }

    package var children: [MarkdownNode] {
        var result: [MarkdownNode] = []
        var child = firstChild
        while let node = child {
            result.append(node)
            child = node.next
        }
        return result
    }

    package var ancestors: some Sequence<MarkdownNode> { sequence(first: self) { $0.parent }.dropFirst() }

    /// Text in links, images and headings is never autolinked.
    package var isProtectedFromAutolinking: Bool {
        ancestors.contains {
            [CMARK_NODE_HEADING, CMARK_NODE_LINK, CMARK_NODE_IMAGE, CMARK_NODE_CUSTOM_INLINE].contains($0.type)
        }
    }

    package static func text(_ literal: String) -> MarkdownNode {
        let node = MarkdownNode(cmark_node_new(CMARK_NODE_TEXT))
        node.literal = literal
        return node
    }

    /// An inline node that prints `enter`, its children, then `exit`, as they are.
    package static func customInline(enter: String, exit: String) -> MarkdownNode {
        let node = MarkdownNode(cmark_node_new(CMARK_NODE_CUSTOM_INLINE))
        _ = cmark_node_set_on_enter(node.pointer, enter)
        _ = cmark_node_set_on_exit(node.pointer, exit)
        return node
    }

    package func insertBefore(_ sibling: MarkdownNode) { _ = cmark_node_insert_before(pointer, sibling.pointer) }
    package func append(_ child: MarkdownNode) { _ = cmark_node_append_child(pointer, child.pointer) }

    /// The text a reader sees in this node and its descendants.
    package var plainText: String {
        switch type {
        case CMARK_NODE_TEXT, CMARK_NODE_CODE: return literal
        case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: return " "
        case CMARK_NODE_HTML_INLINE: return isBreakTag ? " " : ""
        case CMARK_NODE_HTML_BLOCK: return ""
        default: return children.map(\.plainText).joined()
        }
    }

    /// Raw HTML that is a line break (`<br>`, `<br/>`, `<br />`, in any case): in plain
    /// text a space, as a Markdown line break is, so the words either side stay apart.
    package var isBreakTag: Bool {
        guard type == CMARK_NODE_HTML_INLINE else { return false }
        let tag = literal.lowercased().filter { !$0.isWhitespace }
        return tag == "<br>" || tag == "<br/>"
    }

    /// A new node that renders `enter`, then this node's children, then `exit`,
    /// taking this node's place. cmark-gfm prints a custom node's text as it is,
    /// so the caller escapes what goes into it.
    @discardableResult
    package func replaceWithCustom(enter: String, exit: String, block: Bool) -> MarkdownNode {
        let custom =
            block ? MarkdownNode(cmark_node_new(CMARK_NODE_CUSTOM_BLOCK)) : .customInline(enter: enter, exit: exit)
        if block {
            _ = cmark_node_set_on_enter(custom.pointer, enter)
            _ = cmark_node_set_on_exit(custom.pointer, exit)
        }
        for child in children {
            _ = cmark_node_append_child(custom.pointer, child.pointer)
        }
        _ = cmark_node_insert_before(pointer, custom.pointer)
        remove()
        return custom
    }

    /// This heading with an `id`, made in the tree: a custom block holding a custom
    /// inline whose tags are the heading's own with the id, around the heading's
    /// children. cmark-gfm renders it as it renders the heading (`<hN id="…">…</hN>`
    /// and a line break), with the children rendered as they were.
    package func giveHeadingID(_ id: String) {
        let level = headingLevel
        let block = MarkdownNode(cmark_node_new(CMARK_NODE_CUSTOM_BLOCK))
        _ = cmark_node_set_on_enter(block.pointer, "")
        _ = cmark_node_set_on_exit(block.pointer, "")
        let inline = MarkdownNode.customInline(enter: "<h\(level) id=\"\(HTML.escape(id))\">", exit: "</h\(level)>")
        for child in children {
            _ = cmark_node_append_child(inline.pointer, child.pointer)
        }
        _ = cmark_node_append_child(block.pointer, inline.pointer)
        _ = cmark_node_insert_before(pointer, block.pointer)
        remove()
    }

    /// Puts this node's children where it stands, and removes it.
    package func unwrap() {
        for child in children {
            _ = cmark_node_insert_before(pointer, child.pointer)
        }
        remove()
    }

    package func remove() {
        cmark_node_unlink(pointer)
        cmark_node_free(pointer)
    }
}
