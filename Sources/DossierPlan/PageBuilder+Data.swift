import DossierCore
import DossierTemplate
import Foundation

/// One file of the open data, as the data page lists it.
public struct DataFile: Sendable {
    /// Its path in the site, `data/entities.json`.
    public var path: String
    /// The key of its description among the theme's words (`data_entities`).
    public var word: String
    public var rows: Int?
    public var bytes: Int
    public var format: String

    public init(path: String, word: String, rows: Int?, bytes: Int, format: String) {
        self.path = path
        self.word = word
        self.rows = rows
        self.bytes = bytes
        self.format = format
    }
}

extension PageBuilder {
    /// `data/`: each file of the open data, what it holds, its rows and its size.
    package func dataPage() -> Page {
        let dir = "data/"
        let root = PagePath.root(from: dir)
        let files = dataFiles.map { file in
            DataFileView(
                name: String(file.path.dropFirst(dir.count)), href: root + file.path, format: file.format,
                description: strings[file.word] ?? "",
                rows: file.rows.map { format.count($0, word: "data_rows", strings: strings) } ?? "",
                size: format.bytes(file.bytes))
        }
        return page(
            dir, "data", base(dir: dir, title: strings["data"], template: "data", current: "data"),
            DataView(files: files, asOf: asOf.map(asOfLabel)))
    }
}

public struct DataView: TemplateObjectModel {
    public var files: [DataFileView]
    public var asOf: String?

    public func write(into object: inout TemplateObject) {
        object["files"] = files.templateValue
        object.set("as_of", asOf)
    }
}

public struct DataFileView: TemplateObjectModel {
    public var name: String
    public var href: String
    public var format: String
    public var description: String
    public var rows: String
    public var size: String

    public func write(into object: inout TemplateObject) {
        object["name"] = name.templateValue
        object["href"] = href.templateValue
        object["format"] = format.templateValue
        object["description"] = description.templateValue
        object["rows"] = rows.templateValue
        object["size"] = size.templateValue
    }
}
