import DossierCore
import Foundation

/// A Markdown file split into its YAML front matter and its body.
public struct FrontMatterSplit: Sendable {
    /// The YAML between the `---` lines, or nil when the file has none.
    public var yaml: String?
    /// The Markdown after the closing `---`.
    public var body: String
    /// How many lines of the file come before the body (front matter and fences).
    public var bodyLineOffset: Int
    /// The line of the file on which the YAML starts.
    public var yamlFirstLine: Int { 2 }

    /// A file read as having no front matter.
    public init(body: String) {
        yaml = nil
        self.body = body
        bodyLineOffset = 0
    }

    public init(_ text: String) {
        func isFence(_ line: Substring, closing: Bool) -> Bool {
            let trimmed = (line.hasSuffix("\r") ? line.dropLast() : line).trimmingTrailingSpaces
            return trimmed == "---" || (closing && trimmed == "...")
        }
        // Walk line by line only until the closing fence: the body is taken whole.
        var lineStart = text.startIndex
        var lineNumber = 0
        var yamlStart: String.Index?
        while lineStart < text.endIndex {
            let lineEnd = text[lineStart...].firstIndex(of: "\n") ?? text.endIndex
            let line = text[lineStart..<lineEnd]
            let next = lineEnd < text.endIndex ? text.index(after: lineEnd) : text.endIndex
            lineNumber += 1
            if lineNumber == 1 {
                guard isFence(line, closing: false) else { break }
                yamlStart = next
            } else if let start = yamlStart, isFence(line, closing: true) {
                yaml = String(text[start..<min(lineStart, text.endIndex)].dropLast(lineStart > start ? 1 : 0))
                body = String(text[next...])
                bodyLineOffset = lineNumber
                return
            }
            lineStart = next
        }
        yaml = nil
        body = text
        bodyLineOffset = 0
    }
}

extension Substring {
    fileprivate var trimmingTrailingSpaces: Substring {
        var s = self
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        return s
    }
}
