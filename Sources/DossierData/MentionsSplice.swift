import DossierCore
import DossierLink
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `mentions.csv` made from the one the last build wrote: the rows of the articles that did
/// not change are copied from that file as they are, a run of articles at a time, and only the
/// rows of new and changed articles are made. The file is ordered by article (the database's
/// key), and the data cache keeps how many bytes each article's rows take (`DataCache`), so
/// where each article's rows lie in the old file follows from the cache alone.
///
/// The old file is used only if it is the very file the cache's rows were laid out in (its
/// `FileIdentity`, recorded once it was in place), its size is what the cache adds up to, and
/// every copied article's rows begin with its slug; otherwise the file is made from the rows.
struct MentionsSplice: Sendable {
    enum Piece: Sendable {
        /// A run of unchanged articles' rows, where it lies in the old file.
        case kept(Range<Int>)
        /// New or changed articles' rows.
        case made([UInt8])
    }

    /// The file the kept rows are in.
    let file: FileIdentity
    private(set) var pieces: [Piece] = []
    /// Where each kept article with rows begins in the old file, and its slug.
    private(set) var starts: [(offset: Int, slug: [UInt8])] = []

    /// The file's first line.
    static let header: [UInt8] = {
        var bytes: [UInt8] = []
        CSV.record(["article", "date", "entity", "sentence"], into: &bytes)
        return bytes
    }()

    /// The pieces of the new file, `order` being its articles (the database's key order), from
    /// the `known` articles' keys and sizes as the cache had them before this build and the
    /// rows `made` for each article that is new or changed. Nil when the old file's size is
    /// not what the cache adds up to.
    init?(
        file: FileIdentity, known: [String: (key: Fingerprint, csv: Int)], order: [Int],
        articles: [LinkedArticle], made: [Int: [UInt8]]
    ) {
        self.file = file
        var offsets: [String: Int] = [:]
        offsets.reserveCapacity(known.count)
        var end = Self.header.count
        for slug in known.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            offsets[slug] = end
            end += known[slug]!.csv
        }
        guard end == file.size else { return nil }
        for index in order {
            let linked = articles[index]
            let slug = linked.article.slug
            if let entry = known[slug], entry.key == linked.key, let offset = offsets[slug] {
                if entry.csv > 0 { starts.append((offset, Array(slug.utf8))) }
                if case .kept(let run) = pieces.last, run.upperBound == offset {
                    pieces[pieces.count - 1] = .kept(run.lowerBound..<(offset + entry.csv))
                } else {
                    pieces.append(.kept(offset..<(offset + entry.csv)))
                }
            } else {
                guard let rows = made[index] else { return nil }
                pieces.append(.made(rows))
            }
        }
    }

    /// Whether `old` is the file and holds the rows where the cache says.
    func matches(_ old: MappedFile) -> Bool {
        guard old.identity == file, old.bytes.starts(with: Self.header) else { return false }
        let comma = UInt8(ascii: ",")
        return starts.allSatisfy { start in
            start.offset + start.slug.count < old.bytes.count
                && old.bytes[start.offset..<(start.offset + start.slug.count)].elementsEqual(start.slug)
                && old.bytes[start.offset + start.slug.count] == comma
        }
    }

    func write(from old: MappedFile, to sink: TextSink) {
        Self.header.withUnsafeBytes { sink.append(raw: $0) }
        for piece in pieces {
            switch piece {
            case .kept(let run): sink.append(from: old.descriptor, run)
            case .made(let rows): rows.withUnsafeBytes { sink.append(raw: $0) }
            }
        }
    }
}

/// Which file a path names, and as it was: its device, inode, size and modification and change
/// times. A file rewritten, replaced, touched or copied back is another.
struct FileIdentity: Equatable, Sendable {
    let text: String
    let size: Int

    init?(recorded text: String) {
        let fields = text.split(separator: " ")
        guard fields.count == 7, let size = Int(fields[2]) else { return nil }
        self.text = text
        self.size = size
    }

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        self.init(info)
    }

    init?(descriptor: Int32) {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        self.init(info)
    }

    private init(_ info: stat) {
        size = Int(info.st_size)
        text = [
            UInt64(info.st_dev), UInt64(info.st_ino), UInt64(info.st_size), UInt64(info.st_mtim.tv_sec),
            UInt64(info.st_mtim.tv_nsec), UInt64(info.st_ctim.tv_sec), UInt64(info.st_ctim.tv_nsec),
        ].map(String.init).joined(separator: " ")
    }
}

/// A file open for reading, mapped too (for looking here and there), and which file it was when opened.
final class MappedFile {
    let descriptor: Int32
    let identity: FileIdentity
    let bytes: UnsafeRawBufferPointer

    init?(_ path: String) {
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        guard let identity = FileIdentity(descriptor: descriptor), identity.size > 0,
            let address = mmap(nil, identity.size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED
        else {
            close(descriptor)
            return nil
        }
        // Read ahead: the file is copied from start to end.
        _ = posix_fadvise(descriptor, 0, 0, POSIX_FADV_WILLNEED)
        self.identity = identity
        bytes = UnsafeRawBufferPointer(start: address, count: identity.size)
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count)
        close(descriptor)
    }
}
