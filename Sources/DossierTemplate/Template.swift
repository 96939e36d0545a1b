import DossierCore

/// A Mustache template (the spec's variables, sections, inverted sections,
/// comments, partials, set delimiters and inheritance, plus the `empty(list)`
/// test), parsed once into a tree that renders `TemplateValue`s.
///
/// Dossier first rendered with swift-mustache; profiling the 10,000-article
/// benchmark put over half of a build in it (reflection and protocol casts on
/// every lookup, escaping character by character with grapheme breaking), so
/// templates are rendered here, from typed values, with escaping on bytes.
/// Tests/Fixtures/mustache-spec/ holds the spec's own test cases, which
/// MustacheSpecTests runs; docs/theme.md says what is left out.
public struct Template: Sendable {
    package indirect enum Node: Sendable {
        /// Template text, and whether it ends a line (which the next line's indentation follows).
        case text(String, endsLine: Bool)
        case variable(Name, escaped: Bool)
        case section(Name, [Node], inverted: Bool)
        /// `{{> name}}`; alone on its line, the partial's lines take that line's indentation.
        case partial(String, indent: String)
        /// `{{<parent}}…{{/parent}}`: the parent rendered with these blocks (indented like a partial).
        case parent(String, blocks: [String: [Node]], indent: String)
        /// `{{$block}}default{{/block}}`.
        case block(String, [Node], layout: BlockLayout)
    }

    /// How a parent's block indents what a child gives it (the spec's "block reindentation").
    package enum BlockLayout: Sendable {
        /// Within a line: the child's lines are put in as they are.
        case inline
        /// First on its line after this white space (which is left out when the block is given).
        case lineStart(String)
        /// Its tag alone on its line: each given line is indented like the block's first line.
        case standalone(String)
    }

    /// A dotted name, `article.title`, or `.`; `empty(list)` is a test on a name.
    package struct Name: Sendable {
        package var parts: [String]
        package var testsEmpty = false
    }

    public struct SyntaxError: Error, CustomStringConvertible {
        public var message: String
        public var line: Int
        public var column: Int
        public var description: String { message }

        public init(message: String, line: Int, column: Int) {
            self.message = message
            self.line = line
            self.column = column
        }
    }

    package let nodes: [Node]

    public init(_ text: String) throws {
        var parser = TemplateParser(text)
        nodes = try parser.parse()
    }
}

/// Renders templates by name, so that partials and parents can be found.
public struct TemplateLibrary: Sendable {
    private var templates: [String: Template] = [:]

    public init() {}

    public mutating func register(_ template: Template, named name: String) { templates[name] = template }

    public func render(_ context: TemplateObject, template name: String) -> String? {
        render(.object(context), template: name)
    }

    /// Renders with any value as the outermost context (the spec renders lists, too).
    public func render(_ context: TemplateValue, template name: String) -> String? {
        guard let template = templates[name] else { return nil }
        var output = ""
        output.reserveCapacity(16_384)
        var renderer = Renderer(library: self, stack: [context], blocks: [])
        renderer.render(template.nodes, into: &output)
        return output
    }

    fileprivate func template(_ name: String) -> Template? { templates[name] }

    /// The stack of contexts a name is looked up in, innermost last, the blocks
    /// that parents' children override, and the indentation of the lines of
    /// template text (a standalone partial's, or a block's).
    private struct Renderer {
        let library: TemplateLibrary
        var stack: [TemplateValue]
        var blocks: [[String: [Template.Node]]]
        var indent = ""
        /// Whether the next template text starts a line, so takes the indentation.
        var atLineStart = true

        mutating func render(_ nodes: [Template.Node], into output: inout String) {
            for node in nodes { render(node, into: &output) }
        }

        mutating func render(_ node: Template.Node, into output: inout String) {
            switch node {
            case .text(let text, let endsLine):
                if indent.isEmpty {
                    output += text
                    atLineStart = endsLine
                } else {
                    appendIndented(text, into: &output)
                }
            case .variable(let name, let escaped):
                if atLineStart && !indent.isEmpty { output += indent }
                atLineStart = false
                guard let value = lookup(name) else { return }
                let text = value.text
                output += escaped ? HTML.escape(text) : text
            case .section(let name, let children, let inverted):
                let value = lookup(name)
                let truthy = value?.isTruthy ?? false
                if inverted {
                    if !truthy { render(children, into: &output) }
                    return
                }
                guard truthy, let value else { return }
                switch value {
                case _ where name.testsEmpty, .bool:
                    render(children, into: &output)
                case .list(let items):
                    for item in items {
                        stack.append(item)
                        render(children, into: &output)
                        stack.removeLast()
                    }
                case .string, .int, .object, .null:
                    stack.append(value)
                    render(children, into: &output)
                    stack.removeLast()
                }
            case .partial(let name, let lineIndent):
                guard let template = library.template(name) else { return }
                let outer = indent
                indent += lineIndent
                render(template.nodes, into: &output)
                indent = outer
            case .parent(let name, let overrides, let lineIndent):
                guard let template = library.template(name) else { return }
                let outer = indent
                indent += lineIndent
                blocks.append(overrides)
                render(template.nodes, into: &output)
                blocks.removeLast()
                indent = outer
            case .block(let name, let defaults, let layout):
                // The outermost override wins, as the spec has it.
                guard let override = blocks.first(where: { $0[name] != nil })?[name] else {
                    if case .lineStart(let white) = layout, !white.isEmpty {
                        render(.text(white, endsLine: false), into: &output)
                    }
                    render(defaults, into: &output)
                    return
                }
                let outer = indent
                switch layout {
                case .inline: break
                case .lineStart(let white), .standalone(let white): indent += white
                }
                render(override, into: &output)
                indent = outer
            }
        }

        /// Template text with the indentation at the start of each line that has anything on it.
        mutating func appendIndented(_ text: String, into output: inout String) {
            let bytes = text.utf8
            var index = bytes.startIndex
            while index < bytes.endIndex {
                if atLineStart {
                    if bytes[index] != UInt8(ascii: "\n") && bytes[index] != UInt8(ascii: "\r") { output += indent }
                    atLineStart = false
                }
                guard let newline = bytes[index...].firstIndex(of: UInt8(ascii: "\n")) else {
                    output += text[index...]
                    return
                }
                let next = bytes.index(after: newline)
                output += text[index..<next]
                index = next
                atLineStart = true
            }
        }

        func lookup(_ name: Template.Name) -> TemplateValue? {
            guard let first = name.parts.first else { return nil }
            var value: TemplateValue?
            if first == "." {
                value = stack.last
            } else {
                for context in stack.reversed() {
                    if case .object(let object) = context, let found = object[first] {
                        value = found
                        break
                    }
                }
            }
            for part in name.parts.dropFirst() {
                guard case .object(let object) = value else { return nil }
                value = object[part]
            }
            if name.testsEmpty { return .bool(value?.isEmpty ?? true) }
            return value
        }
    }
}
