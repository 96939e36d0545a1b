/// Where something is in a file the user wrote: the path as reached from the
/// current folder, a 1-based line and a 1-based column counted in Unicode scalars.
public struct SourceLocation: Hashable, Sendable, Comparable {
    public var path: String
    public var line: Int
    public var column: Int

    public init(path: String, line: Int = 1, column: Int = 1) {
        self.path = path
        self.line = max(line, 1)
        self.column = max(column, 1)
    }

    public static func < (a: Self, b: Self) -> Bool {
        (a.path, a.line, a.column) < (b.path, b.line, b.column)
    }
}

/// What the user can do about a problem when it is one of the choices a command
/// offers. The library names the choice; the command line says it in its own words
/// (its flags), so that no message of the library names a flag.
public enum Remedy: Sendable, Hashable {
    /// Replace the file that is in the way.
    case replaceExisting
    /// Build into a folder that Dossier did not write, keeping its other files.
    case buildIntoForeignFolder
    /// Give the article's date.
    case giveTheDate
    /// Give the article another slug.
    case nameTheArticle
    /// Install Pagefind, point to it, or build without search.
    case installSearch
}

public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }

    public var severity: Severity
    public var location: SourceLocation
    public var message: String
    /// What the user can do about it, when that is a choice the command offers.
    public var remedy: Remedy?

    public static func error(_ message: String, at location: SourceLocation, remedy: Remedy? = nil) -> Diagnostic {
        Diagnostic(severity: .error, location: location, message: message, remedy: remedy)
    }

    public static func warning(_ message: String, at location: SourceLocation, remedy: Remedy? = nil) -> Diagnostic {
        Diagnostic(severity: .warning, location: location, message: message, remedy: remedy)
    }

    public var description: String {
        "\(location.path):\(location.line):\(location.column): \(severity.rawValue): \(message)"
    }

    public init(severity: Severity, location: SourceLocation, message: String, remedy: Remedy? = nil) {
        self.severity = severity
        self.location = location
        self.message = message
        self.remedy = remedy
    }
}

/// Collects every problem found so that all of them are reported at once.
public struct Diagnostics: Sendable {
    public private(set) var items: [Diagnostic] = []

    public init() {}

    public mutating func error(_ message: String, at location: SourceLocation, remedy: Remedy? = nil) {
        items.append(.error(message, at: location, remedy: remedy))
    }

    public mutating func warning(_ message: String, at location: SourceLocation, remedy: Remedy? = nil) {
        items.append(.warning(message, at: location, remedy: remedy))
    }

    public mutating func append(_ diagnostic: Diagnostic) { items.append(diagnostic) }

    public mutating func append(contentsOf other: Diagnostics) {
        items.append(contentsOf: other.items)
    }

    public var hasErrors: Bool { items.contains { $0.severity == .error } }

    /// Sorted by place, so that the report reads the same on every run.
    public var sorted: [Diagnostic] {
        items.sorted { ($0.location, $0.message) < ($1.location, $1.message) }
    }
}

/// The content has errors: nothing was written.
public struct ContentError: Error, CustomStringConvertible {
    public let diagnostics: [Diagnostic]
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }

    public init(diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }
}

/// The command was used wrongly (exit status 2).
public struct UsageError: Error, CustomStringConvertible {
    public let description: String
    public let remedy: Remedy?
    public init(_ message: String, remedy: Remedy? = nil) {
        description = message
        self.remedy = remedy
    }
}

/// The environment failed: I/O, a missing tool, a port in use (exit status 3).
public struct EnvironmentError: Error, CustomStringConvertible {
    public let description: String
    public let remedy: Remedy?
    public init(_ message: String, remedy: Remedy? = nil) {
        description = message
        self.remedy = remedy
    }
}
