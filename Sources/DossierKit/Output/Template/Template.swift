/// A Mustache template (the spec's variables, sections, inverted sections,
/// comments, partials and inheritance, plus the `empty(list)` test), parsed once
/// into a tree that renders `TemplateValue`s.
///
/// Dossier first rendered with swift-mustache; profiling the 10,000-article
/// benchmark put over half of a build in it (reflection and protocol casts on
/// every lookup, escaping character by character with grapheme breaking), so
/// templates are rendered here, from typed values, with escaping on bytes.
public struct Template: Sendable {
    indirect enum Node: Sendable {
        case text(String)
        case variable(Name, escaped: Bool)
        case section(Name, [Node], inverted: Bool)
        case partial(String, indent: String)
        /// `{{<parent}}…{{/parent}}`: the parent rendered with these blocks.
        case parent(String, blocks: [String: [Node]])
        /// `{{$block}}default{{/block}}`.
        case block(String, [Node])
    }

    /// A dotted name, `article.title`, or `.`; `empty(list)` is a test on a name.
    struct Name: Sendable {
        var parts: [String]
        var testsEmpty = false
    }

    public struct SyntaxError: Error, CustomStringConvertible {
        public var message: String
        public var line: Int
        public var column: Int
        public var description: String { message }
    }

    let nodes: [Node]

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
        guard let template = templates[name] else { return nil }
        var output = ""
        output.reserveCapacity(16_384)
        var renderer = Renderer(library: self, stack: [.object(context)], blocks: [])
        renderer.render(template.nodes, into: &output)
        return output
    }

    fileprivate func template(_ name: String) -> Template? { templates[name] }

    /// The stack of contexts a name is looked up in, innermost last, and the
    /// blocks that parents' children override.
    private struct Renderer {
        let library: TemplateLibrary
        var stack: [TemplateValue]
        var blocks: [[String: [Template.Node]]]

        mutating func render(_ nodes: [Template.Node], into output: inout String) {
            for node in nodes { render(node, into: &output) }
        }

        mutating func render(_ node: Template.Node, into output: inout String) {
            switch node {
            case .text(let text):
                output += text
            case .variable(let name, let escaped):
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
                case .string, .int, .object:
                    stack.append(value)
                    render(children, into: &output)
                    stack.removeLast()
                }
            case .partial(let name, let indent):
                guard let template = library.template(name) else { return }
                if indent.isEmpty {
                    render(template.nodes, into: &output)
                } else {
                    var inner = ""
                    render(template.nodes, into: &inner)
                    output += Self.indented(inner, by: indent)
                }
            case .parent(let name, let overrides):
                guard let template = library.template(name) else { return }
                blocks.append(overrides)
                render(template.nodes, into: &output)
                blocks.removeLast()
            case .block(let name, let defaults):
                // The outermost override wins, as the spec has it.
                let override = blocks.first { $0[name] != nil }?[name]
                render(override ?? defaults, into: &output)
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

        static func indented(_ text: String, by indent: String) -> String {
            var result = ""
            var atLineStart = true
            for character in text {
                if atLineStart && character != "\n" { result += indent }
                result.append(character)
                atLineStart = character == "\n"
            }
            return result
        }
    }
}
