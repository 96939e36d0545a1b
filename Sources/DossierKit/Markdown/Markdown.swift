import CCmarkGFM
import Foundation

/// The cmark-gfm options and extensions that Dossier renders with: those of
/// `cmark-gfm -e table -e strikethrough -e autolink -e tagfilter -e tasklist --footnotes`.
public struct MarkdownOptions: Sendable, Hashable {
    /// Raw HTML is passed through instead of being omitted.
    public var unsafeHTML = false

    public init(unsafeHTML: Bool = false) { self.unsafeHTML = unsafeHTML }

    static let extensionNames = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]

    var cmarkOptions: Int32 {
        var options = CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES
        if unsafeHTML { options |= CMARK_OPT_UNSAFE }
        return options
    }
}

/// A parsed cmark-gfm tree, freed with this value.
public final class MarkdownDocument {
    private let parser: OpaquePointer
    let root: MarkdownNode
    let options: MarkdownOptions

    private static let registerExtensions: Void = cmark_gfm_core_extensions_ensure_registered()

    public init(_ markdown: String, options: MarkdownOptions = MarkdownOptions()) {
        _ = Self.registerExtensions
        self.options = options
        let parser = cmark_parser_new(options.cmarkOptions)!
        for name in MarkdownOptions.extensionNames {
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
    public func html() -> String { html(of: root) }

    /// The HTML of one node and its descendants.
    func html(of node: MarkdownNode) -> String {
        let extensions = cmark_parser_get_syntax_extensions(parser)
        guard let buffer = cmark_render_html(node.pointer, options.cmarkOptions, extensions) else { return "" }
        defer { free(buffer) }
        return String(cString: buffer)
    }

    /// Every node of the tree in document order (the order cmark's iterator enters them).
    func nodes() -> [MarkdownNode] {
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
struct MarkdownNode: Hashable {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) { self.pointer = pointer }

    var type: cmark_node_type { cmark_node_get_type(pointer) }
    var isText: Bool { type == CMARK_NODE_TEXT }
    var isLink: Bool { type == CMARK_NODE_LINK }

    var literal: String {
        get { cmark_node_get_literal(pointer).map { String(cString: $0) } ?? "" }
        nonmutating set { _ = cmark_node_set_literal(pointer, newValue) }
    }

    var url: String { cmark_node_get_url(pointer).map { String(cString: $0) } ?? "" }
    var headingLevel: Int { Int(cmark_node_get_heading_level(pointer)) }
    var startLine: Int { Int(cmark_node_get_start_line(pointer)) }
    var startColumn: Int { Int(cmark_node_get_start_column(pointer)) }

    var parent: MarkdownNode? { cmark_node_parent(pointer).map(MarkdownNode.init) }
    var next: MarkdownNode? { cmark_node_next(pointer).map(MarkdownNode.init) }
    var previous: MarkdownNode? { cmark_node_previous(pointer).map(MarkdownNode.init) }
    var firstChild: MarkdownNode? { cmark_node_first_child(pointer).map(MarkdownNode.init) }
    var lastChild: MarkdownNode? { cmark_node_last_child(pointer).map(MarkdownNode.init) }

    var children: [MarkdownNode] {
        var result: [MarkdownNode] = []
        var child = firstChild
        while let node = child {
            result.append(node)
            child = node.next
        }
        return result
    }

    var ancestors: some Sequence<MarkdownNode> { sequence(first: self) { $0.parent }.dropFirst() }

    /// Text in links, images and headings is never autolinked.
    var isProtectedFromAutolinking: Bool {
        ancestors.contains {
            [CMARK_NODE_HEADING, CMARK_NODE_LINK, CMARK_NODE_IMAGE, CMARK_NODE_CUSTOM_INLINE].contains($0.type)
        }
    }

    static func text(_ literal: String) -> MarkdownNode {
        let node = MarkdownNode(cmark_node_new(CMARK_NODE_TEXT))
        node.literal = literal
        return node
    }

    /// An inline node that prints `enter`, its children, then `exit`, as they are.
    static func customInline(enter: String, exit: String) -> MarkdownNode {
        let node = MarkdownNode(cmark_node_new(CMARK_NODE_CUSTOM_INLINE))
        _ = cmark_node_set_on_enter(node.pointer, enter)
        _ = cmark_node_set_on_exit(node.pointer, exit)
        return node
    }

    func insertBefore(_ sibling: MarkdownNode) { _ = cmark_node_insert_before(pointer, sibling.pointer) }
    func append(_ child: MarkdownNode) { _ = cmark_node_append_child(pointer, child.pointer) }

    /// The text a reader sees in this node and its descendants.
    var plainText: String {
        switch type {
        case CMARK_NODE_TEXT, CMARK_NODE_CODE: return literal
        case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: return " "
        case CMARK_NODE_HTML_INLINE, CMARK_NODE_HTML_BLOCK: return ""
        default: return children.map(\.plainText).joined()
        }
    }

    /// A new node that renders `enter`, then this node's children, then `exit`,
    /// taking this node's place. cmark-gfm prints a custom node's text as it is,
    /// so the caller escapes what goes into it.
    @discardableResult
    func replaceWithCustom(enter: String, exit: String, block: Bool) -> MarkdownNode {
        let custom = block ? MarkdownNode(cmark_node_new(CMARK_NODE_CUSTOM_BLOCK)) : .customInline(enter: enter, exit: exit)
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

    /// A block that prints `html` as it is, in this node's place.
    func replaceWithHTML(_ html: String) {
        let custom = MarkdownNode(cmark_node_new(CMARK_NODE_CUSTOM_BLOCK))
        _ = cmark_node_set_on_enter(custom.pointer, html)
        _ = cmark_node_set_on_exit(custom.pointer, "")
        _ = cmark_node_insert_before(pointer, custom.pointer)
        remove()
    }

    /// Puts this node's children where it stands, and removes it.
    func unwrap() {
        for child in children {
            _ = cmark_node_insert_before(pointer, child.pointer)
        }
        remove()
    }

    func remove() {
        cmark_node_unlink(pointer)
        cmark_node_free(pointer)
    }
}
