import DossierCore
import Foundation

/// An entity and its neighbours (SPEC, "Neighbourhood"): its typed relations,
/// both ways, then the entities most often mentioned with it, at most
/// `limit` in all, as an inline SVG, each neighbour a link coloured by its kind.
///
/// The layout is a fan: the entity on the left, its neighbours in a column on
/// the right in the order above, each joined to it by a curve (solid for a
/// relation, dashed for a co-mention). It depends on nothing but the entity and
/// its neighbours, so it is the same on every build; it is 300 units wide, its
/// names wrapped and, past two lines, shortened (the whole name is its title),
/// so it reads at 360 px.
package struct NeighbourhoodGraph {
    package struct Node {
        package var name: String
        package var href: String
        package var kind: String
        /// `Part of`, `Mentioned together 3×`.
        package var relation: String
        /// Co-mentioned rather than related.
        package var coMention: Bool
    }

    package static let limit = 11

    package var name: String
    package var kind: String
    package var neighbours: [Node]
    package var title: String
    /// The language's colon, between a relation and a name, and semicolon, between neighbours.
    package var separator: String
    package var semicolon: String

    static let width = 300.0
    static let centreX = 44.0
    static let nodeX = 118.0
    static let labelX = 128.0
    static let nameSize = 13.0
    static let noteSize = 10.5
    static let lineHeight = 16.0

    package func svg(id: String) -> String {
        let titleID = "neighbourhood-\(id)-title"
        let descID = "neighbourhood-\(id)-desc"
        let description = neighbours.map { $0.relation + separator + $0.name }
        // Each neighbour's row: its name's lines, then its relation.
        var rows: [(top: Double, lines: [String])] = []
        var y = 8.0
        for node in neighbours {
            let lines = Self.wrap(
                node.name, width: Self.width - Self.labelX - 4, size: Self.nameSize, lines: 2)
            rows.append((y, lines))
            y += Double(lines.count) * Self.lineHeight + 14 + 10
        }
        // The entity's name is bold, a little wider than the estimate of regular text.
        let centreLines = Self.wrap(name, width: 2 * Self.centreX - 4, size: Self.nameSize * 1.05, lines: 3)
        let centreBlock = 12 + 14 + Double(centreLines.count) * 15
        let height = max(y + 4, centreBlock + 24)
        let centreY = ((height - centreBlock) / 2 + 12).rounded()
        func n(_ v: Double) -> String { String(format: "%.1f", v) }

        var svg = """
            <svg class="neighbourhood" viewBox="0 0 \(Int(Self.width)) \(Int(height.rounded(.up)))" role="img" aria-labelledby="\(titleID) \(descID)" xmlns="http://www.w3.org/2000/svg">
            <title id="\(titleID)">\(HTML.escape(title + separator + name))</title>
            <desc id="\(descID)">\(HTML.escape(description.joined(separator: semicolon)))</desc>

            """
        for (node, row) in zip(neighbours, rows) {
            let y = row.top + 9
            let (from, to) = (Self.centreX + 10, Self.nodeX - 6)
            let bend = (from + to) / 2
            svg +=
                "<path class=\"edge kind-\(HTML.escape(node.kind))\(node.coMention ? " co-mention" : "")\" d=\"M\(n(from)) \(n(centreY))C\(n(bend)) \(n(centreY)) \(n(bend)) \(n(y)) \(n(to)) \(n(y))\"/>\n"
        }
        svg +=
            "<g class=\"node centre kind-\(HTML.escape(kind))\"><circle cx=\"\(n(Self.centreX))\" cy=\"\(n(centreY))\" r=\"10\"/>"
        for (index, line) in centreLines.enumerated() {
            svg +=
                "<text class=\"name\" x=\"\(n(Self.centreX))\" y=\"\(n(centreY + 28 + Double(index) * 15))\" text-anchor=\"middle\">\(HTML.escape(line))</text>"
        }
        svg += "</g>\n"
        for (node, row) in zip(neighbours, rows) {
            svg +=
                "<a class=\"node kind-\(HTML.escape(node.kind))\" href=\"\(HTML.escape(node.href))\"><title>\(HTML.escape(node.name + separator + node.relation))</title>"
            svg += "<circle cx=\"\(n(Self.nodeX))\" cy=\"\(n(row.top + 9))\" r=\"6\"/>"
            for (index, line) in row.lines.enumerated() {
                svg +=
                    "<text class=\"name\" x=\"\(n(Self.labelX))\" y=\"\(n(row.top + 13 + Double(index) * Self.lineHeight))\">\(HTML.escape(line))</text>"
            }
            svg +=
                "<text class=\"relation\" x=\"\(n(Self.labelX))\" y=\"\(n(row.top + 13 + Double(row.lines.count - 1) * Self.lineHeight + 14))\">\(HTML.escape(node.relation))</text></a>\n"
        }
        return svg + "</svg>"
    }

    /// About how wide text is set, in pixels, erring wide (a label must not leave the graph):
    /// a wide (CJK) character is one em, others about 0.6.
    static func width<S: StringProtocol>(_ text: S, size: Double) -> Double {
        text.unicodeScalars.reduce(0) { sum, scalar in
            let em: Double
            if CJK.isWide(scalar) {
                em = 1
            } else if scalar == " " {
                em = 0.3
            } else if "mwMW".unicodeScalars.contains(scalar) {
                em = 0.9
            } else if scalar.properties.isUppercase {
                em = 0.74
            } else if "ilj.,;:'|!".unicodeScalars.contains(scalar) {
                em = 0.32
            } else {
                em = 0.6
            }
            return sum + em * size
        }
    }

    /// The text in at most `lines` lines of `width` pixels: broken between words, or
    /// anywhere in text without spaces; the last line ends in … when text is left over.
    static func wrap(_ text: String, width room: Double, size: Double, lines limit: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        while !rest.isEmpty {
            // The next piece: a word with the spaces after it, or one wide character.
            var end = rest.startIndex
            if let first = rest.unicodeScalars.first, CJK.isWide(first) {
                end = rest.index(after: end)
            } else {
                while end < rest.endIndex, rest[end] != " ",
                    !(rest[end].unicodeScalars.first.map(CJK.isWide) ?? false)
                {
                    end = rest.index(after: end)
                }
                while end < rest.endIndex, rest[end] == " " { end = rest.index(after: end) }
            }
            var piece = rest[..<end]
            if width(current + piece.trimmingCharacters(in: .whitespaces), size: size) <= room {
                current += piece
                rest = rest[end...]
                continue
            }
            if current.isEmpty {
                // A word longer than the line: as many of its characters as fit.
                var fit = piece.startIndex
                while fit < piece.endIndex, width(piece[...fit], size: size) <= room { fit = piece.index(after: fit) }
                if fit == piece.startIndex { fit = piece.index(after: fit) }
                piece = piece[..<fit]
                current = String(piece)
                rest = rest[fit...]
            }
            lines.append(current.trimmingCharacters(in: .whitespaces))
            current = ""
            if lines.count == limit { break }
        }
        if !current.isEmpty, lines.count < limit { lines.append(current.trimmingCharacters(in: .whitespaces)) }
        if !rest.isEmpty, var last = lines.popLast() {
            while !last.isEmpty, width(last + "…", size: size) > room { last.removeLast() }
            lines.append(last.trimmingCharacters(in: .whitespaces) + "…")
        }
        return lines
    }
}
