import DossierCore
import DossierLink
import DossierStore
import DossierValidate
import Foundation

/// A file named on the command line (`dossier render FILE`, `dossier import FILE…`):
/// one that is missing or unreadable is wrong usage (exit 2), said plainly.
public enum NamedFile {
    public static func read(_ path: String) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw UsageError("cannot read '\(path)': no such file")
        }
        if isDirectory.boolValue { throw UsageError("cannot read '\(path)': it is a folder, not a file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UsageError("cannot read '\(path)': permission denied")
        }
        return data
    }
}
