import Foundation

/// What a build keeps in `.dossier-cache/` so that the next one redoes only what
/// changed: each article's rendered Markdown, keyed by its text and by everything
/// its annotations depend on, and a fingerprint of every page's context. A cache
/// that is missing, damaged, or written by another version or configuration is
/// ignored: the build is then a full one, never a wrong one.
public struct BuildCache: Sendable {
    public static let folderName = ".dossier-cache"
    static let fileName = "build.bin"
    static let magic = "dossier-cache 4"

    /// An article's Markdown as the linker left it.
    struct ArticleEntry: Sendable {
        var key: Fingerprint
        var linked: LinkedMarkdown
    }

    /// What the build's output depends on as a whole: the tool's version, the
    /// templates, the configuration and options.
    var key: Fingerprint
    var articles: [String: ArticleEntry] = [:]
    /// Each page's file, with the fingerprint of the context it was rendered from and the file's size.
    var pages: [String: (fingerprint: Fingerprint, size: Int)] = [:]

    init(key: Fingerprint) { self.key = key }

    static func location(site: SiteLocation) -> String { site.absolute(folderName) + "/" + fileName }

    /// The cache written by an earlier build with the same `key`, or nil.
    static func load(from path: String, key: Fingerprint) -> BuildCache? {
        guard let bytes = readBytes(path) else { return nil }
        var reader = BinaryReader(bytes)
        do {
            guard try reader.string() == magic, try reader.fingerprint() == key else { return nil }
            var cache = BuildCache(key: key)
            for _ in 0..<(try reader.int()) {
                let path = try reader.string()
                let entryKey = try reader.fingerprint()
                cache.articles[path] = ArticleEntry(key: entryKey, linked: try readLinked(&reader))
            }
            for _ in 0..<(try reader.int()) {
                let path = try reader.string()
                cache.pages[path] = (try reader.fingerprint(), try reader.int())
            }
            guard reader.atEnd else { return nil }
            return cache
        } catch {
            return nil
        }
    }

    /// The file's bytes, read straight into one array.
    private static func readBytes(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        let size = Int(status.st_size)
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var done = 0
            while done < size {
                let got = read(descriptor, buffer.baseAddress! + done, size - done)
                if got <= 0 { break }
                done += got
            }
            failed = done != size
            count = done
        }
        return failed ? nil : bytes
    }

    /// Writes the cache through a temporary name, a megabyte at a time.
    func save(to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = path + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: nil),
            let file = FileHandle(forWritingAtPath: temporary)
        else { throw EnvironmentError("cannot write the build cache \(temporary)") }
        defer { try? file.close() }
        var writer = BinaryWriter()
        writer.string(Self.magic)
        writer.fingerprint(key)
        writer.int(articles.count)
        for (path, entry) in articles.sorted(by: { $0.key < $1.key }) {
            writer.string(path)
            writer.fingerprint(entry.key)
            Self.write(entry.linked, &writer)
            if writer.bytes.count > 1 << 20 { try writer.flush(to: file) }
        }
        writer.int(pages.count)
        for (path, page) in pages.sorted(by: { $0.key < $1.key }) {
            writer.string(path)
            writer.fingerprint(page.fingerprint)
            writer.int(page.size)
        }
        try writer.flush(to: file)
        try file.close()
        guard rename(temporary, path) == 0 else { throw EnvironmentError("cannot write the build cache \(path)") }
    }

    private static func write(_ linked: LinkedMarkdown, _ writer: inout BinaryWriter) {
        writer.string(linked.body.marked)
        writer.string(linked.firstParagraph)
        // Each sentence's text once, however many mentions quote it.
        var sentenceIndex: [String: Int] = [:]
        var sentences: [String] = []
        for mention in linked.mentions where sentenceIndex[mention.sentence.text] == nil {
            sentenceIndex[mention.sentence.text] = sentences.count
            sentences.append(mention.sentence.text)
        }
        writer.int(sentences.count)
        for sentence in sentences { writer.string(sentence) }
        writer.int(linked.mentions.count)
        for mention in linked.mentions {
            writer.string(mention.entity.kind)
            writer.string(mention.entity.id)
            writer.string(mention.location.path)
            writer.int(mention.location.line)
            writer.int(mention.location.column)
            writer.int(sentenceIndex[mention.sentence.text]!)
            writer.int(mention.sentence.mentionRange.lowerBound)
            writer.int(mention.sentence.mentionRange.upperBound)
            writer.int(mention.sentenceKey.block)
            writer.int(mention.sentenceKey.range.lowerBound)
            writer.int(mention.sentenceKey.range.upperBound)
        }
    }

    private static func readLinked(_ reader: inout BinaryReader) throws -> LinkedMarkdown {
        let marked = try reader.string()
        let firstParagraph = try reader.string()
        var sentences: [String] = []
        for _ in 0..<(try reader.int()) { sentences.append(try reader.string()) }
        var mentions: [Mention] = []
        for _ in 0..<(try reader.int()) {
            let entity = EntityRef(kind: try reader.string(), id: try reader.string())
            let location = SourceLocation(path: try reader.string(), line: try reader.int(), column: try reader.int())
            let textIndex = try reader.int()
            let (mentionStart, mentionEnd) = (try reader.int(), try reader.int())
            guard sentences.indices.contains(textIndex), 0 <= mentionStart, mentionStart <= mentionEnd,
                mentionEnd <= sentences[textIndex].utf8.count
            else { throw BinaryReader.Damaged() }
            let sentence = Sentence(text: sentences[textIndex], mentionRange: mentionStart..<mentionEnd)
            let block = try reader.int()
            let lower = try reader.int()
            let upper = try reader.int()
            guard lower <= upper else { throw BinaryReader.Damaged() }
            mentions.append(
                Mention(entity: entity, location: location, sentence: sentence, sentenceKey: .init(block: block, range: lower..<upper)))
        }
        return LinkedMarkdown(
            body: RootRelativeHTML(marked: marked), mentions: mentions, firstParagraph: firstParagraph, diagnostics: Diagnostics())
    }
}
