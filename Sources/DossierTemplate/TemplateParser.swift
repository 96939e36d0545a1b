import DossierCore
import Foundation

/// Parses Mustache as the spec (github.com/mustache/spec) has it: `{{name}}`,
/// `{{{name}}}`, `{{&name}}`, `{{#name}}…{{/name}}`, `{{^name}}…{{/name}}`,
/// `{{! comment }}`, `{{> partial}}`, `{{=<% %>=}}`, and inheritance:
/// `{{<parent}}…{{/parent}}` with `{{$block}}…{{/block}}`.
///
/// In three passes over the template's lines, so that what the spec says of
/// whitespace is said once, by line: first the tags are found (with the
/// delimiters in force) and matched; then the lines that only hold tags are
/// marked "standalone" (their indentation and line ending are dropped, and a
/// partial, parent or block there takes the indentation along); last the tree
/// is built from what is left.
package struct TemplateParser {
    private let scalars: [Unicode.Scalar]

    package init(_ text: String) { scalars = Array(text.unicodeScalars) }

    private struct Tag {
        /// `#`, `^`, `/`, `!`, `>`, `<`, `$`, `&`, `{`, `=`, or a space for a variable.
        var kind: Unicode.Scalar
        var content: String
        var offset: Int
        var line: Int
        var position: Int
    }

    private enum Item {
        case text(String)
        case tag(Int)
    }

    private struct Line {
        var items: [Item] = []
        /// `\n`, `\r\n`, or empty on the last line.
        var ending = ""
    }

    private var tags: [Tag] = []
    private var lines: [Line] = []
    /// The matching tag of each section, inverted section, parent and block tag, both ways.
    private var partner: [Int: Int] = [:]
    /// Blocks that are direct children of a parent tag: what the child passes to the parent.
    private var arguments: Set<Int> = []

    // What the whitespace pass decides.
    private var dropped: [[Bool]] = []
    private var droppedEnding: [Bool] = []
    private var indents: [Int: String] = [:]
    private var layouts: [Int: Template.BlockLayout] = [:]

    package mutating func parse() throws -> [Template.Node] {
        try scan()
        try match()
        removeIntrinsicIndentation()
        markStandaloneLines()
        var tokens = flatten()
        var position = 0
        return try build(&tokens, &position, closing: nil)
    }

    // MARK: Errors

    private func error(_ message: String, at offset: Int) -> Template.SyntaxError {
        var line = 1
        var lineStart = 0
        for index in 0..<min(offset, scalars.count) where scalars[index] == "\n" {
            line += 1
            lineStart = index + 1
        }
        let prefix = String(String.UnicodeScalarView(scalars[lineStart..<min(offset, scalars.count)]))
        return Template.SyntaxError(message: message, line: line, column: prefix.count + 1)
    }

    // MARK: Pass 1: tags and lines

    private static let kinds: Set<Unicode.Scalar> = ["#", "^", "/", "!", ">", "<", "$", "&", "{", "="]

    private func starts(with delimiter: [Unicode.Scalar], at index: Int) -> Bool {
        guard index + delimiter.count <= scalars.count else { return false }
        for offset in 0..<delimiter.count where scalars[index + offset] != delimiter[offset] { return false }
        return true
    }

    private mutating func scan() throws {
        var open: [Unicode.Scalar] = ["{", "{"]
        var close: [Unicode.Scalar] = ["}", "}"]
        lines = [Line()]
        var text = String.UnicodeScalarView()
        func flush(_ lines: inout [Line]) {
            guard !text.isEmpty else { return }
            lines[lines.count - 1].items.append(.text(String(text)))
            text = String.UnicodeScalarView()
        }
        var index = 0
        while index < scalars.count {
            if starts(with: open, at: index) {
                flush(&lines)
                let start = index
                var contentStart = index + open.count
                var kind: Unicode.Scalar = " "
                if contentStart < scalars.count, Self.kinds.contains(scalars[contentStart]) {
                    kind = scalars[contentStart]
                    contentStart += 1
                }
                let end = kind == "{" ? ["}"] + close : kind == "=" ? ["="] + close : close
                var contentEnd = contentStart
                while contentEnd < scalars.count && !starts(with: end, at: contentEnd) { contentEnd += 1 }
                guard contentEnd < scalars.count else { throw error("unclosed tag", at: start) }
                let content = String(String.UnicodeScalarView(scalars[contentStart..<contentEnd]))
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                index = contentEnd + end.count
                if kind == "=" {
                    let parts = content.split(whereSeparator: { $0 == " " || $0 == "\t" })
                    guard parts.count == 2, !parts.contains(where: { $0.contains("=") }) else {
                        throw error("'\(content)' does not set two delimiters", at: start)
                    }
                    open = Array(parts[0].unicodeScalars)
                    close = Array(parts[1].unicodeScalars)
                }
                let line = lines.count - 1
                tags.append(
                    Tag(kind: kind, content: content, offset: start, line: line, position: lines[line].items.count))
                lines[line].items.append(.tag(tags.count - 1))
                continue
            }
            let scalar = scalars[index]
            if scalar == "\n" || (scalar == "\r" && index + 1 < scalars.count && scalars[index + 1] == "\n") {
                flush(&lines)
                lines[lines.count - 1].ending = scalar == "\n" ? "\n" : "\r\n"
                lines.append(Line())
                index += scalar == "\n" ? 1 : 2
                continue
            }
            text.append(scalar)
            index += 1
        }
        flush(&lines)
    }

    /// Pairs each closing tag with its opening tag, and checks every name.
    private mutating func match() throws {
        var open: [Int] = []
        for (index, tag) in tags.enumerated() {
            switch tag.kind {
            case "#", "^", "$", "<":
                if tag.kind == "#" || tag.kind == "^" { _ = try name(tag.content, at: tag.offset) }
                if tag.kind == "$", let enclosing = open.last, tags[enclosing].kind == "<" { arguments.insert(index) }
                open.append(index)
            case "/":
                guard let opening = open.popLast() else {
                    throw error("'{{/\(tag.content)}}' closes no section", at: tag.offset)
                }
                guard tags[opening].content == tag.content else {
                    throw error(
                        "'{{/\(tag.content)}}' closes '\(tags[opening].content)', which is still open", at: tag.offset)
                }
                partner[opening] = index
                partner[index] = opening
            case " ", "&", "{":
                _ = try name(tag.content, at: tag.offset)
            default:
                break
            }
        }
        if let unclosed = open.last {
            throw error("section '\(tags[unclosed].content)' is never closed", at: tags[unclosed].offset)
        }
    }

    private func name(_ content: String, at offset: Int) throws -> Template.Name {
        var content = content
        var testsEmpty = false
        if content.hasPrefix("empty(") && content.hasSuffix(")") {
            content = String(content.dropFirst(6).dropLast())
            testsEmpty = true
        } else if content.contains("(") {
            throw error("unknown transform in '\(content)' (only empty(list) is supported)", at: offset)
        }
        guard !content.isEmpty, !content.contains(where: { $0 == " " || $0 == "{" || $0 == "}" }) else {
            throw error("'\(content)' is not a name", at: offset)
        }
        return Template.Name(
            parts: content == "." ? ["."] : content.split(separator: ".").map(String.init), testsEmpty: testsEmpty)
    }

    // MARK: Pass 2: whitespace

    private static func isBlank(_ text: String) -> Bool { text.unicodeScalars.allSatisfy { $0 == " " || $0 == "\t" } }

    private func isBlank(_ item: Item) -> Bool {
        if case .text(let text) = item { return Self.isBlank(text) }
        return false
    }

    private func blankBefore(_ tag: Int) -> Bool {
        lines[tags[tag].line].items[..<tags[tag].position].allSatisfy(isBlank)
    }

    private func blankAfter(_ tag: Int) -> Bool {
        lines[tags[tag].line].items[(tags[tag].position + 1)...].allSatisfy(isBlank)
    }

    /// The white space before a tag that has only white space before it on its line.
    private func leading(_ tag: Int) -> String {
        lines[tags[tag].line].items[..<tags[tag].position].map { item -> String in
            if case .text(let text) = item { return text }
            return ""
        }.joined()
    }

    /// The white space a line starts with.
    private func indentation(ofLine line: Int) -> String {
        guard line < lines.count, case .text(let text)? = lines[line].items.first else { return "" }
        return String(text.prefix { $0 == " " || $0 == "\t" })
    }

    /// A block passed to a parent whose opening tag ends its line is an inline
    /// template of its own: the indentation of its first line (its "intrinsic"
    /// indentation) is removed from each of its lines, so that the parent can indent
    /// it where it puts it. Outer blocks first, so that inner ones measure what is left.
    private mutating func removeIntrinsicIndentation() {
        for tag in arguments.sorted() {
            guard let closing = partner[tag] else { continue }
            let line = tags[tag].line
            guard blankAfter(tag), !lines[line].ending.isEmpty, tags[closing].line > line else { continue }
            let intrinsic = indentation(ofLine: line + 1)
            guard !intrinsic.isEmpty else { continue }
            for index in (line + 1)...tags[closing].line {
                if case .text(let text)? = lines[index].items.first, text.hasPrefix(intrinsic) {
                    lines[index].items[0] = .text(String(text.dropFirst(intrinsic.count)))
                }
            }
        }
    }

    private mutating func dropBlanks(before tag: Int) {
        for index in 0..<tags[tag].position { dropped[tags[tag].line][index] = true }
    }

    private mutating func dropBlanks(after tag: Int) {
        for index in (tags[tag].position + 1)..<lines[tags[tag].line].items.count {
            dropped[tags[tag].line][index] = true
        }
    }

    private static let standaloneKinds: Set<Unicode.Scalar> = ["#", "^", "/", "!", ">", "<", "$", "="]

    private mutating func markStandaloneLines() {
        dropped = lines.map { Array(repeating: false, count: $0.items.count) }
        droppedEnding = Array(repeating: false, count: lines.count)
        var standalone: Set<Int> = []
        // A line that holds one tag (not a variable) and white space: the tag takes the whole line.
        for (number, line) in lines.enumerated() {
            let visible = line.items.indices.filter { !isBlank(line.items[$0]) }
            guard visible.count == 1, case .tag(let tag) = line.items[visible[0]],
                Self.standaloneKinds.contains(tags[tag].kind)
            else { continue }
            standalone.insert(tag)
            for index in line.items.indices where index != visible[0] { dropped[number][index] = true }
            droppedEnding[number] = true
            if tags[tag].kind == ">" { indents[tag] = leading(tag) }
        }
        for tag in tags.indices {
            guard let closing = partner[tag], tags[closing].kind == "/", tag < closing else { continue }
            switch tags[tag].kind {
            case "<":
                // A parent whose tags have only white space before the first and after the
                // last stands alone, even with both on one line: it is indented like a partial.
                guard blankBefore(tag), blankAfter(closing) else { continue }
                indents[tag] = leading(tag)
                dropBlanks(before: tag)
                dropBlanks(after: closing)
                droppedEnding[tags[closing].line] = true
            case "$" where arguments.contains(tag):
                // What a child passes starts after its tag's line ending, and ends before the
                // white space that indents its closing tag.
                let line = tags[tag].line
                if blankAfter(tag), !lines[line].ending.isEmpty {
                    dropBlanks(after: tag)
                    droppedEnding[line] = true
                }
                if tags[closing].line != line, blankBefore(closing) { dropBlanks(before: closing) }
            case "$":
                // Where a parent puts a block: what it is given is indented like the block.
                if standalone.contains(tag) {
                    layouts[tag] = .standalone(indentation(ofLine: tags[tag].line + 1))
                } else if blankBefore(tag) {
                    layouts[tag] = .lineStart(leading(tag))
                    dropBlanks(before: tag)
                } else {
                    layouts[tag] = .inline
                }
            default:
                continue
            }
        }
    }

    // MARK: Pass 3: the tree

    private enum Token {
        case text(String)
        case tag(Int)
    }

    /// What is left of the lines, in order, adjacent text joined.
    private func flatten() -> [Token] {
        var tokens: [Token] = []
        var text = ""
        for (number, line) in lines.enumerated() {
            for (index, item) in line.items.enumerated() where !dropped[number][index] {
                switch item {
                case .text(let piece):
                    text += piece
                case .tag(let tag):
                    if !text.isEmpty { tokens.append(.text(text)) }
                    text = ""
                    tokens.append(.tag(tag))
                }
            }
            if !droppedEnding[number] { text += line.ending }
        }
        if !text.isEmpty { tokens.append(.text(text)) }
        return tokens
    }

    private func build(_ tokens: inout [Token], _ position: inout Int, closing: Int?) throws -> [Template.Node] {
        var nodes: [Template.Node] = []
        while position < tokens.count {
            let token = tokens[position]
            position += 1
            guard case .tag(let index) = token else {
                if case .text(let text) = token { nodes.append(.text(text, endsLine: text.hasSuffix("\n"))) }
                continue
            }
            let tag = tags[index]
            switch tag.kind {
            case " ", "&", "{":
                nodes.append(.variable(try name(tag.content, at: tag.offset), escaped: tag.kind == " "))
            case "#", "^":
                let children = try build(&tokens, &position, closing: index)
                nodes.append(.section(try name(tag.content, at: tag.offset), children, inverted: tag.kind == "^"))
            case "$":
                let children = try build(&tokens, &position, closing: index)
                nodes.append(.block(tag.content, children, layout: layouts[index] ?? .inline))
            case "<":
                // Only the blocks count inside a parent tag; text and other tags there are ignored.
                let children = try build(&tokens, &position, closing: index)
                var blocks: [String: [Template.Node]] = [:]
                for child in children {
                    if case .block(let name, let body, _) = child { blocks[name] = body }
                }
                nodes.append(.parent(tag.content, blocks: blocks, indent: indents[index] ?? ""))
            case ">":
                nodes.append(.partial(tag.content, indent: indents[index] ?? ""))
            case "/":
                // `match` paired every closing tag, so this one closes `closing`.
                return nodes
            default:
                continue  // comments and delimiter changes
            }
        }
        return nodes
    }
}
