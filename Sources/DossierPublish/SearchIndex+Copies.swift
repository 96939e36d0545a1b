import DossierCore
import Foundation

/// The pages Pagefind reads: copies of the published pages, with U+200B around
/// every CJK character of their text, kept in the build cache from one run to the next.
extension SearchIndex {
    /// Brings the copies in `folder/pages` up to date with the HTML pages of `site` that ask to
    /// be indexed (`data-pagefind-body`), with U+200B around every CJK character of their
    /// text when `segment`; returns them, with the identity of the file each was made from,
    /// sorted by path. `folder/sources` records, for each
    /// page, the size and times of the file its copy was made from, and how it was segmented:
    /// a page whose file is as recorded is not read again.
    package static func updateCopies(of site: String, in folder: String, segment: Bool) throws -> [(
        file: String, identity: String
    )] {
        let manager = FileManager.default
        let copies = folder + "/pages"
        let recordPath = folder + "/sources"
        try manager.createDirectory(atPath: copies, withIntermediateDirectories: true)
        let header = "dossier search copies 1 \(segment ? "characters" : "words")"
        var recorded: [String: String] = [:]
        if let text = try? String(contentsOfFile: recordPath, encoding: .utf8), text.hasPrefix(header + "\n") {
            for line in text.split(separator: "\n").dropFirst() {
                guard let tab = line.lastIndex(of: "\t") else { continue }
                recorded[String(line[..<tab])] = String(line[line.index(after: tab)...])
            }
        } else {
            // No record, or one of another kind: every copy is made again.
            try? manager.removeItem(atPath: copies)
            try manager.createDirectory(atPath: copies, withIntermediateDirectories: true)
        }
        let recordedNow = recorded
        let files = listFiles(site, skipping: [self.folder]).filter { $0.hasSuffix(".html") }
        let marker = Array("data-pagefind-body".utf8)
        // For each page: its identity now, and whether it has a copy; or why it could not be copied.
        let updated = files.parallelMap { file -> Result<(identity: String, indexed: Bool), EnvironmentError> in
            var info = stat()
            guard stat(site + "/" + file, &info) == 0 else {
                return .failure(EnvironmentError("cannot read \(site)/\(file) to index it for search"))
            }
            let identity =
                "\(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec) \(info.st_ctim.tv_sec).\(info.st_ctim.tv_nsec)"
            let target = copies + "/" + file
            if let old = recordedNow[file], old.hasPrefix(identity + " ") {
                return .success((identity, old.hasSuffix(" indexed")))
            }
            guard let data = manager.contents(atPath: site + "/" + file) else {
                return .failure(EnvironmentError("cannot read \(site)/\(file) to index it for search"))
            }
            let bytes = [UInt8](data)
            guard bytes.firstRange(of: marker) != nil else {
                unlink(target)
                return .success((identity, false))
            }
            do {
                try manager.createDirectory(
                    atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try writeBytes(segment ? segmented(bytes) : bytes, to: target)
                return .success((identity, true))
            } catch {
                return .failure(EnvironmentError("cannot write \(target): \(error.localizedDescription)"))
            }
        }
        var record = header + "\n"
        var indexed: [(file: String, identity: String)] = []
        var kept = Set<String>()
        for (file, result) in zip(files, updated) {
            let page = try result.get()
            record += "\(file)\t\(page.identity) \(page.indexed ? "indexed" : "skipped")\n"
            if page.indexed {
                indexed.append((file, page.identity))
                kept.insert(file)
            }
        }
        // Copies of pages that are gone, or no longer indexed.
        for file in listFiles(copies) where !kept.contains(file) { unlink(copies + "/" + file) }
        try writeReplacing(Data(record.utf8), at: recordPath)
        return indexed.sorted { $0.file < $1.file }
    }

    /// The HTML with U+200B before and after each CJK character outside tags,
    /// comments, scripts and styles. One pass over the bytes, copying runs whole.
    package static func segmented(_ html: [UInt8]) -> [UInt8] {
        html.withUnsafeBufferPointer { source -> [UInt8] in
            var result: [UInt8] = []
            result.reserveCapacity(source.count + source.count / 2)
            func copy(_ range: Range<Int>) {
                result.append(contentsOf: UnsafeBufferPointer(rebasing: source[range]))
            }
            HTMLTokens.scan(source, attributes: false) { token in
                guard token.kind == .text else { return copy(token.range) }
                var index = token.range.lowerBound
                var runStart = index
                let end = token.range.upperBound
                while index < end {
                    // A CJK Unified Ideograph (U+3400–U+9FFF, U+F900–U+FAFF) is three bytes, E3–E9 or EF A4–AB.
                    let byte = source[index]
                    if index + 2 < end,
                        (0xE3...0xE9).contains(byte) || (byte == 0xEF && (0xA4...0xAB).contains(source[index + 1]))
                    {
                        let scalar =
                            (UInt32(byte & 0x0F) << 12) | (UInt32(source[index + 1] & 0x3F) << 6)
                            | UInt32(source[index + 2] & 0x3F)
                        if CJK.isIdeograph(scalar) {
                            copy(runStart..<index)
                            result += [0xE2, 0x80, 0x8B]
                            copy(index..<index + 3)
                            result += [0xE2, 0x80, 0x8B]
                            index += 3
                            runStart = index
                            continue
                        }
                    }
                    index += 1
                }
                copy(runStart..<end)
            }
            return result
        }
    }
}
