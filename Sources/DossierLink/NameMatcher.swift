import DossierCore
import DossierStore
import DossierValidate
import Foundation

/// Finds every registered name in a text in one pass, however many names there
/// are: an Aho–Corasick automaton over Unicode scalars, built once per build.
public struct NameMatcher: Sendable {
    /// What a matched phrase stands for.
    public enum Target: Hashable, Sendable {
        case entity(EntityRef)
        /// A phrase that links nothing: an `exclude`, or a name two entities share.
        case blocked
    }

    public struct Match: Hashable, Sendable {
        /// Scalar offsets into the text.
        public var range: Range<Int>
        public var target: Target

        public init(range: Range<Int>, target: Target) {
            self.range = range
            self.target = target
        }
    }

    private var transitions = TransitionTable()
    /// The root's edges for the Basic Multilingual Plane, looked up directly: the
    /// scan falls back to the root after most characters of ordinary prose.
    private var rootEdges: [Int32] = []
    private var failure: [Int32] = [0]
    /// The pattern that ends at each state, if any (its length and target).
    private var terminal: [(length: Int32, target: Int32)?] = [nil]
    /// The nearest state on the failure chain that ends a pattern.
    private var outputLink: [Int32] = [-1]
    private var targets: [Target] = []
    /// Whether each pattern must stand at word boundaries (Latin script).
    private var latinEdges: [(start: Bool, end: Bool)] = []

    public var isEmpty: Bool { targets.isEmpty }

    public init(patterns: [(text: String, target: Target)]) {
        for (text, target) in patterns {
            let scalars = Array(text.unicodeScalars)
            guard !scalars.isEmpty else { continue }
            var state: Int32 = 0
            for scalar in scalars {
                let key = Self.key(state, scalar)
                if let next = transitions[key] {
                    state = next
                } else {
                    let next = Int32(failure.count)
                    transitions[key] = next
                    failure.append(0)
                    terminal.append(nil)
                    outputLink.append(-1)
                    state = next
                }
            }
            if terminal[Int(state)] == nil {
                terminal[Int(state)] = (Int32(scalars.count), Int32(targets.count))
                targets.append(target)
                latinEdges.append((Self.isWordScalar(scalars.first!), Self.isWordScalar(scalars.last!)))
            }
        }
        buildFailureLinks()
        rootEdges = Array(repeating: 0, count: 0x1_0000)
        for (key, child) in transitions.entries where key >> 21 == 0 && key < 0x1_0000 { rootEdges[Int(key)] = child }
    }

    @inline(__always) private func step(_ state: Int32, _ scalar: Unicode.Scalar) -> Int32? {
        if state == 0 && scalar.value < 0x1_0000 {
            let next = rootEdges[Int(scalar.value)]
            return next == 0 ? nil : next
        }
        return transitions[Self.key(state, scalar)]
    }

    private static func key(_ state: Int32, _ scalar: Unicode.Scalar) -> UInt64 {
        UInt64(UInt32(state)) << 21 | UInt64(scalar.value)
    }

    /// Latin letters and digits, whose names only match as whole words.
    package static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F, 0x1E00...0x1EFF: return true
        default: return false
        }
    }

    /// Breadth-first over the trie: each state's failure link is the longest
    /// proper suffix of its path that is also a path in the trie.
    private mutating func buildFailureLinks() {
        var children: [[(Unicode.Scalar, Int32)]] = Array(repeating: [], count: failure.count)
        for (key, child) in transitions.entries {
            let parent = Int(key >> 21)
            children[parent].append((Unicode.Scalar(UInt32(key & 0x1F_FFFF))!, child))
        }
        var queue: [Int32] = children[0].map(\.1)
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            for (scalar, child) in children[Int(state)] {
                var fallback = failure[Int(state)]
                var link: Int32 = 0
                while true {
                    if state != 0, let next = transitions[Self.key(fallback, scalar)] {
                        link = next
                        break
                    }
                    if fallback == 0 {
                        if state == 0 {
                            link = 0
                        } else if let next = transitions[Self.key(0, scalar)], next != child {
                            link = next
                        }
                        break
                    }
                    fallback = failure[Int(fallback)]
                }
                failure[Int(child)] = link
                outputLink[Int(child)] = terminal[Int(link)] != nil ? link : outputLink[Int(link)]
                queue.append(child)
            }
        }
    }

    /// Every occurrence of every pattern in `text`, Latin names only at word boundaries.
    public func allMatches(in text: [Unicode.Scalar]) -> [Match] {
        guard !targets.isEmpty else { return [] }
        var matches: [Match] = []
        var state: Int32 = 0
        for (index, scalar) in text.enumerated() {
            while true {
                if let next = step(state, scalar) {
                    state = next
                    break
                }
                if state == 0 { break }
                state = failure[Int(state)]
            }
            var output = terminal[Int(state)] != nil ? state : outputLink[Int(state)]
            while output >= 0 {
                let (length, target) = terminal[Int(output)]!
                let range = (index + 1 - Int(length))..<(index + 1)
                let edges = latinEdges[Int(target)]
                let startOK = !edges.start || range.lowerBound == 0 || !Self.isWordScalar(text[range.lowerBound - 1])
                let endOK = !edges.end || range.upperBound == text.count || !Self.isWordScalar(text[range.upperBound])
                if startOK && endOK { matches.append(Match(range: range, target: targets[Int(target)])) }
                output = outputLink[Int(output)]
            }
        }
        return matches
    }

    /// The matches to use: where phrases overlap the longest wins (then the
    /// leftmost), and no two overlap. Blocked phrases win too, and link nothing.
    public func matches(in text: [Unicode.Scalar]) -> [Match] {
        resolve(allMatches(in: text), count: text.count)
    }

    /// `matches(in:)`, adding to `hits` the text of every occurrence of a pattern,
    /// used or not: what the text's linking depends on.
    public func matches(in text: [Unicode.Scalar], hits: inout Set<String>) -> [Match] {
        let all = allMatches(in: text)
        for match in all { hits.insert(String(scalars: text[match.range])) }
        return resolve(all, count: text.count)
    }

    private func resolve(_ all: [Match], count: Int) -> [Match] {
        let candidates = all.sorted {
            ($1.range.count, $0.range.lowerBound) < ($0.range.count, $1.range.lowerBound)
        }
        var taken = [Bool](repeating: false, count: count)
        var chosen: [Match] = []
        for match in candidates where !match.range.contains(where: { taken[$0] }) {
            for i in match.range { taken[i] = true }
            chosen.append(match)
        }
        return chosen.filter { $0.target != .blocked }.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }
}

/// The automaton's edges, `(state, scalar) -> state`: an open-addressing hash
/// table, several times faster than `Dictionary` on the scan's hot path.
package struct TransitionTable: Sendable {
    private var keys: [UInt64]
    private var values: [Int32]
    private var mask: Int
    private var shift: UInt64
    package private(set) var count = 0
    private static let empty = UInt64.max

    package init() {
        keys = Array(repeating: Self.empty, count: 16)
        values = Array(repeating: 0, count: 16)
        mask = 15
        shift = 60
    }

    @inline(__always) private func slot(_ key: UInt64) -> Int { Int((key &* 0x9E37_79B9_7F4A_7C15) >> shift) }

    package subscript(key: UInt64) -> Int32? {
        get {
            var index = slot(key)
            while true {
                let found = keys[index]
                if found == key { return values[index] }
                if found == Self.empty { return nil }
                index = (index + 1) & mask
            }
        }
        set {
            guard let value = newValue else { return }  // edges are only ever added
            if (count + 1) * 2 > keys.count { grow() }
            var index = slot(key)
            while keys[index] != Self.empty && keys[index] != key { index = (index + 1) & mask }
            if keys[index] == Self.empty { count += 1 }
            keys[index] = key
            values[index] = value
        }
    }

    package var entries: [(UInt64, Int32)] {
        zip(keys, values).filter { $0.0 != Self.empty }.map { ($0.0, $0.1) }
    }

    private mutating func grow() {
        let old = entries
        let capacity = keys.count * 2
        keys = Array(repeating: Self.empty, count: capacity)
        values = Array(repeating: 0, count: capacity)
        mask = capacity - 1
        shift = UInt64(64 - capacity.trailingZeroBitCount)
        count = 0
        for (key, value) in old { self[key] = value }
    }
}

extension NameMatcher {
    /// The matcher over the names the validate stage found: a name it found
    /// ambiguous or excluded is blocked, and links nothing.
    package init(names: [Validation.Name]) {
        self.init(patterns: names.map { ($0.text, $0.owner.map(Target.entity) ?? .blocked) })
    }
}
