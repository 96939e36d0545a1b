import DossierKit
import Foundation
import Testing

/// Dossier's template engine replaced a Mustache library, so it is held to the
/// Mustache spec's own test cases (Tests/Fixtures/mustache-spec/, copied from
/// github.com/mustache/spec): one test per spec file, each failing case named.
/// Cases the engine deliberately leaves out would be listed in `leftOut` and in
/// docs/theme.md with the reason; today there are none.
struct MustacheSpecTests {
    static let folder = TestSupport.fixture("mustache-spec")

    /// Each file, with the number of cases it holds (so that a damaged copy is noticed).
    static let files: [String: Int] = [
        "comments": 12, "delimiters": 14, "interpolation": 42, "inverted": 22, "partials": 12, "sections": 34,
        "~inheritance": 27,
    ]

    /// "file: case name" of each case Dossier deliberately does not pass (see docs/theme.md).
    static let leftOut: Set<String> = []

    struct SpecFile: Decodable {
        var tests: [Case]
    }

    struct Case: Decodable {
        var name: String
        var data: SpecValue
        var template: String
        var partials: [String: String]?
        var expected: String
    }

    /// A JSON value of a case's `data`, given to templates as Dossier's pages give
    /// theirs: a number with a fraction as its text, since templates have no
    /// floating-point values.
    struct SpecValue: Decodable {
        var template: TemplateValue

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: Decoder) throws {
            if let object = try? decoder.container(keyedBy: Key.self) {
                var result = TemplateObject()
                for key in object.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
                    result[key.stringValue] = try object.decode(SpecValue.self, forKey: key).template
                }
                template = .object(result)
            } else if var array = try? decoder.unkeyedContainer() {
                var items: [TemplateValue] = []
                while !array.isAtEnd { items.append(try array.decode(SpecValue.self).template) }
                template = .list(items)
            } else {
                let single = try decoder.singleValueContainer()
                if single.decodeNil() {
                    template = .null
                } else if let flag = try? single.decode(Bool.self) {
                    template = .bool(flag)
                } else if let number = try? single.decode(Int.self) {
                    template = .int(number)
                } else if let number = try? single.decode(Double.self) {
                    template = .string("\(number)")
                } else {
                    template = .string(try single.decode(String.self))
                }
            }
        }
    }

    @Test func everySpecFileIsHere() throws {
        let present = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".json") }
        #expect(present.sorted() == Self.files.keys.map { $0 + ".json" }.sorted())
        #expect(FileManager.default.fileExists(atPath: Self.folder.appendingPathComponent("LICENSE").path))
    }

    @Test(arguments: files.keys.sorted())
    func theEnginePassesTheSpec(_ file: String) throws {
        let spec = try JSONDecoder().decode(
            SpecFile.self, from: Data(contentsOf: Self.folder.appendingPathComponent(file + ".json")))
        #expect(spec.tests.count == Self.files[file])
        var failures: [String] = []
        var passed = 0
        for test in spec.tests where !Self.leftOut.contains("\(file): \(test.name)") {
            do {
                var library = TemplateLibrary()
                library.register(try Template(test.template), named: "(the case's template)")
                for (name, text) in test.partials ?? [:] { library.register(try Template(text), named: name) }
                let rendered = library.render(test.data.template, template: "(the case's template)")
                if rendered == test.expected {
                    passed += 1
                } else {
                    failures.append(
                        "\(test.name): template \(test.template.debugDescription)\n  expected \(test.expected.debugDescription)\n  rendered \((rendered ?? "nothing").debugDescription)"
                    )
                }
            } catch {
                failures.append("\(test.name): template \(test.template.debugDescription) does not parse: \(error)")
            }
        }
        #expect(
            failures.isEmpty, "\(failures.count) of \(spec.tests.count) cases of \(file).json fail:\n\(failures.joined(separator: "\n"))")
        #expect(passed + Self.leftOut.filter { $0.hasPrefix(file + ": ") }.count == spec.tests.count)
    }
}
