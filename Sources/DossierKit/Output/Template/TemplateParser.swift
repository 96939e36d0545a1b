import Foundation

/// Parses Mustache: `{{name}}`, `{{{name}}}`, `{{&name}}`, `{{#name}}…{{/name}}`,
/// `{{^name}}…{{/name}}`, `{{! comment }}`, `{{> partial}}`, `{{<parent}}…{{/parent}}`
/// and `{{$block}}…{{/block}}`. A tag other than a variable alone on its line takes
/// the whole line with it, as the spec says.
struct TemplateParser {
    private let text: [Character]
    private var index = 0

    init(_ text: String) { self.text = Array(text) }

    private struct Tag {
        var kind: Character  // "#", "^", "/", "!", ">", "<", "$", "&", "{", or " " for a variable
        var content: String
        var start: Int
        var end: Int
    }

    private enum Token {
        case text(String)
        case tag(Tag)
    }

    mutating func parse() throws -> [Template.Node] {
        let tokens = try tokenize()
        var position = 0
        let nodes = try build(tokens, &position, closing: nil)
        return nodes
    }

    private func location(_ offset: Int) -> (Int, Int) {
        var line = 1
        var column = 1
        for character in text[..<min(offset, text.count)] {
            if character == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }

    private func error(_ message: String, at offset: Int) -> Template.SyntaxError {
        let (line, column) = location(offset)
        return Template.SyntaxError(message: message, line: line, column: column)
    }

    /// Splits the text into text and tags, removing the lines that standalone tags stand on.
    private mutating func tokenize() throws -> [Token] {
        var tokens: [Token] = []
        var textStart = 0
        var i = 0
        while i < text.count {
            guard text[i] == "{", i + 1 < text.count, text[i + 1] == "{" else {
                i += 1
                continue
            }
            let tagStart = i
            var j = i + 2
            var kind: Character = " "
            var closing: [Character] = ["}", "}"]
            if j < text.count, "#^/!><$&{".contains(text[j]) {
                kind = text[j]
                j += 1
                if kind == "{" { closing = ["}", "}", "}"] }
            }
            var k = j
            while k + closing.count <= text.count && Array(text[k..<k + closing.count]) != closing { k += 1 }
            guard k + closing.count <= text.count else { throw error("unclosed tag", at: tagStart) }
            let content = String(text[j..<k]).trimmingCharacters(in: .whitespaces)
            var tagEnd = k + closing.count
            var textEnd = tagStart
            // Standalone: only white space between the line's start and the tag, and between the tag and the line's end.
            if "#^/!><$".contains(kind) {
                var lineStart = tagStart
                while lineStart > 0 && (text[lineStart - 1] == " " || text[lineStart - 1] == "\t") { lineStart -= 1 }
                var lineEnd = tagEnd
                while lineEnd < text.count && (text[lineEnd] == " " || text[lineEnd] == "\t") { lineEnd += 1 }
                let atLineStart = lineStart == 0 || text[lineStart - 1] == "\n"
                let atLineEnd = lineEnd == text.count || text[lineEnd] == "\n" || (text[lineEnd] == "\r" && lineEnd + 1 < text.count && text[lineEnd + 1] == "\n")
                if atLineStart && atLineEnd && lineStart >= textStart {
                    textEnd = lineStart
                    tagEnd = lineEnd == text.count ? lineEnd : (text[lineEnd] == "\r" ? lineEnd + 2 : lineEnd + 1)
                    if kind == ">" {
                        let indent = String(text[lineStart..<tagStart])
                        if textEnd > textStart { tokens.append(.text(String(text[textStart..<textEnd]))) }
                        tokens.append(.tag(Tag(kind: kind, content: indent + "\u{0}" + content, start: tagStart, end: tagEnd)))
                        textStart = tagEnd
                        i = tagEnd
                        continue
                    }
                }
            }
            if textEnd > textStart { tokens.append(.text(String(text[textStart..<textEnd]))) }
            tokens.append(.tag(Tag(kind: kind, content: content, start: tagStart, end: tagEnd)))
            textStart = tagEnd
            i = tagEnd
        }
        if textStart < text.count { tokens.append(.text(String(text[textStart...]))) }
        return tokens
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
        return Template.Name(parts: content == "." ? ["."] : content.split(separator: ".").map(String.init), testsEmpty: testsEmpty)
    }

    private func build(_ tokens: [Token], _ position: inout Int, closing: (name: String, start: Int)?) throws -> [Template.Node] {
        var nodes: [Template.Node] = []
        while position < tokens.count {
            let token = tokens[position]
            position += 1
            guard case .tag(let tag) = token else {
                if case .text(let text) = token { nodes.append(.text(text)) }
                continue
            }
            switch tag.kind {
            case " ", "&", "{":
                nodes.append(.variable(try name(tag.content, at: tag.start), escaped: tag.kind == " "))
            case "!":
                continue
            case "#", "^":
                let children = try build(tokens, &position, closing: (tag.content, tag.start))
                nodes.append(.section(try name(tag.content, at: tag.start), children, inverted: tag.kind == "^"))
            case "$":
                let children = try build(tokens, &position, closing: (tag.content, tag.start))
                nodes.append(.block(tag.content, children))
            case "<":
                let children = try build(tokens, &position, closing: (tag.content, tag.start))
                var blocks: [String: [Template.Node]] = [:]
                for child in children { if case .block(let name, let body) = child { blocks[name] = body } }
                nodes.append(.parent(tag.content, blocks: blocks))
            case ">":
                let parts = tag.content.split(separator: "\u{0}", maxSplits: 1, omittingEmptySubsequences: false)
                if parts.count == 2 {
                    nodes.append(.partial(String(parts[1]).trimmingCharacters(in: .whitespaces), indent: String(parts[0])))
                } else {
                    nodes.append(.partial(tag.content, indent: ""))
                }
            case "/":
                guard let closing else { throw error("'{{/\(tag.content)}}' closes no section", at: tag.start) }
                guard tag.content == closing.name else {
                    throw error("'{{/\(tag.content)}}' closes '\(closing.name)', which is still open", at: tag.start)
                }
                return nodes
            default:
                throw error("unknown tag '\(tag.kind)'", at: tag.start)
            }
        }
        if let closing { throw error("section '\(closing.name)' is never closed", at: closing.start) }
        return nodes
    }
}
