import DossierCore
import DossierStore
import Foundation

/// Reading a file through the build store: what is known of it decides whether it
/// is read, parsed, or taken as stored.
extension ContentReader {
    /// A file's size, modification time and content hash.
    package struct FileState: Sendable {
        package var size: Int64
        package var modified: Int64
        package var hash: Fingerprint

        package init(size: Int64, modified: Int64, hash: Fingerprint) {
            self.size = size
            self.modified = modified
            self.hash = hash
        }
    }

    /// What one file was read into, and how: from the store, or parsed.
    package struct Recalled<Value: Sendable>: Sendable {
        package var value: Value?
        package var diagnostics: Diagnostics
        package var state: FileState?
        /// The row to store: set when the file was parsed.
        package var row: BuildStore.Source?
        /// Only the modification time changed.
        package var touched = false

        package func record(_ file: String, into changes: inout BuildStore.Changes, parsed: inout Int) {
            if let row {
                changes.sources.append((file, row))
                parsed += 1
            } else if touched, let state {
                changes.touched.append((file, state.size, state.modified))
            }
        }
    }

    /// Reads a file through the store: unchanged size and time, the stored record
    /// without reading; unchanged bytes, the stored record without parsing; else parsed.
    func recall<Value>(
        _ file: String, kind: String, zone: TimeZone, decode: ([UInt8]) throws -> Value, encode: (Value) -> [UInt8],
        parse: (SourceText, inout Diagnostics) -> Value?
    ) -> Recalled<Value> {
        var context = FingerprintHasher()
        context.combine(BuildStore.format)
        context.combine(kind)
        context.combine(zone.identifier)
        context.combine(site.displayPath(file))
        let contextKey = context.finalize()
        let absolute = site.absolute(file)
        var info = stat()
        let known = self.known[file].flatMap { $0.context == contextKey ? $0 : nil }
        func stored(_ row: BuildStore.Source) -> (Value, Diagnostics)? {
            var reader = BinaryReader(row.diagnostics)
            guard let value = try? decode(row.record), let problems = try? RecordCoding.diagnostics(&reader) else {
                return nil
            }
            return (value, problems)
        }
        if let known, let stamp = stamps?[file] ?? (stat(absolute, &info) == 0 ? FileStamp(info) : nil) {
            let modified = stamp.modified
            if known.size == stamp.size, known.modified == modified, let (value, problems) = stored(known) {
                return Recalled(
                    value: value, diagnostics: problems,
                    state: FileState(size: known.size, modified: modified, hash: known.hash))
            }
        }
        var local = Diagnostics()
        let display = site.displayPath(file)
        guard let file = FileBytes.read(absolute) else {
            local.error("cannot read the file", at: SourceLocation(path: display))
            return Recalled(value: nil, diagnostics: local)
        }
        let bytes = file.bytes
        let state = FileState(
            size: Int64(bytes.count), modified: file.modified, hash: FingerprintHasher.fingerprint(bytes: bytes))
        if let known, known.hash == state.hash, let (value, problems) = stored(known) {
            return Recalled(value: value, diagnostics: problems, state: state, touched: true)
        }
        switch SourceText.decode(bytes, path: display) {
        case .success(let source):
            guard let value = parse(source, &local) else {
                return Recalled(value: nil, diagnostics: local, state: state)
            }
            var problems = BinaryWriter()
            RecordCoding.diagnostics(&problems, local)
            let row = BuildStore.Source(
                size: state.size, modified: state.modified, hash: state.hash, context: contextKey,
                record: encode(value),
                diagnostics: problems.bytes)
            return Recalled(value: value, diagnostics: local, state: state, row: row)
        case .failure(let problem):
            local.append(problem)
            return Recalled(value: nil, diagnostics: local, state: state)
        }
    }
}
