/// A Mustache template (the spec's variables, sections, inverted sections,
/// comments, partials and inheritance, plus the `empty(list)` test), parsed once
/// into a tree that renders plain Swift dictionaries, arrays and strings.
///
/// Dossier first rendered with swift-mustache; profiling the 10,000-article
/// benchmark put over half of a build in it (reflection and protocol casts on
/// every lookup, escaping character by character with grapheme breaking), so
/// templates are rendered here, with casts to concrete types and escaping on
/// Unicode scalars.
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

    public func render(_ context: [String: Any], template name: String) -> String? {
        guard let template = templates[name] else { return nil }
        var output = ""
        output.reserveCapacity(16_384)
        var renderer = Renderer(library: self, stack: [context], blocks: [])
        renderer.render(template.nodes, into: &output)
        return output
    }

    fileprivate func template(_ name: String) -> Template? { templates[name] }

    /// The stack of contexts a name is looked up in, innermost last, and the
    /// blocks that parents' children override.
    private struct Renderer {
        let library: TemplateLibrary
        var stack: [Any]
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
                let text = Self.text(of: value)
                output += escaped ? HTML.escape(text) : text
            case .section(let name, let children, let inverted):
                let value = lookup(name)
                let truthy = Self.isTruthy(value)
                if inverted {
                    if !truthy { render(children, into: &output) }
                    return
                }
                guard truthy, let value else { return }
                if name.testsEmpty {
                    render(children, into: &output)
                } else if let list = value as? [[String: Any]] {
                    // Lists of dictionaries, the common case, without converting them to [Any].
                    for item in list {
                        stack.append(item)
                        render(children, into: &output)
                        stack.removeLast()
                    }
                } else if let list = value as? [Any] {
                    for item in list {
                        stack.append(item)
                        render(children, into: &output)
                        stack.removeLast()
                    }
                } else if value is Bool {
                    render(children, into: &output)
                } else {
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

        func lookup(_ name: Template.Name) -> Any? {
            guard let first = name.parts.first else { return nil }
            var value: Any?
            if first == "." {
                value = stack.last
            } else {
                for context in stack.reversed() {
                    if let map = context as? [String: Any], let found = map[first] {
                        value = found
                        break
                    }
                }
            }
            for part in name.parts.dropFirst() {
                guard let map = value as? [String: Any] else { return nil }
                value = map[part]
            }
            if name.testsEmpty {
                let empty = (value as? [[String: Any]])?.isEmpty ?? (value as? [Any])?.isEmpty ?? (value as? String)?.isEmpty
                    ?? (value == nil)
                return empty ? true : false
            }
            return value
        }

        static func isTruthy(_ value: Any?) -> Bool {
            switch value {
            case nil: return false
            case let flag as Bool: return flag
            case let list as [[String: Any]]: return !list.isEmpty
            case let list as [Any]: return !list.isEmpty
            case let text as String: return !text.isEmpty
            default: return true
            }
        }

        static func text(of value: Any) -> String {
            switch value {
            case let text as String: return text
            case let number as Int: return String(number)
            case let flag as Bool: return flag ? "true" : "false"
            case let number as Double: return String(number)
            default: return String(describing: value)
            }
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
