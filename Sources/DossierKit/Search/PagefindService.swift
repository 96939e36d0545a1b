import Foundation

/// Pagefind's indexing service (`pagefind --service`): one running Pagefind that
/// takes pages as messages and writes the index where it is told, so that the
/// pages it indexes need not be files (its Node and Python packages are thin
/// wrappers of the same protocol). Each message is JSON, base64-encoded and
/// followed by a comma, both ways; every request carries a number that its
/// answer repeats.
final class PagefindService {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// One page for the index: where it is served, and its HTML.
    struct Page: Sendable {
        var url: String
        var html: [UInt8]
    }

    private let process = Process()
    private let input: FileHandle
    private let output: FileHandle
    private var nextMessage: UInt32 = 0
    private var received: [UInt8] = []
    private let binary: String

    init(binary: String) throws {
        self.binary = binary
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--service"]
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        input = stdin.fileHandleForWriting
        output = stdout.fileHandleForReading
    }

    deinit { stop() }

    /// Ends the service (it exits when its input ends).
    func stop() {
        guard process.isRunning else { return }
        try? input.close()
        process.waitUntilExit()
    }

    /// A new, empty index; its number.
    func newIndex(forceLanguage: String? = nil) throws -> Int {
        var config = "{}"
        if let forceLanguage { config = "{\"force_language\":\(Self.json(forceLanguage))}" }
        let answer = try request("{\"type\":\"NewIndex\",\"config\":\(config)}")
        guard let index = answer["index_id"] as? Int else { throw unexpected(answer) }
        return index
    }

    /// Adds the pages to the index. The requests are written on another thread while the
    /// answers are read here, so that neither pipe fills; the first error is thrown once all are read.
    func add(_ pages: [Page], to index: Int) throws {
        let first = nextMessage
        nextMessage += UInt32(pages.count)
        let writer = DispatchQueue(label: "dossier.pagefind.writer")
        final class Outcome: @unchecked Sendable { var error: Error? }
        let writing = Outcome()
        let written = DispatchSemaphore(value: 0)
        writer.async { [input] in
            defer { written.signal() }
            do {
                var chunk: [UInt8] = []
                for (offset, page) in pages.enumerated() {
                    var message = Array(
                        "{\"message_id\":\(first + UInt32(offset)),\"payload\":{\"type\":\"AddFile\",".utf8)
                    message += Array("\"index_id\":\(index),\"url\":".utf8)
                    Self.appendJSON(string: Array(page.url.utf8), to: &message)
                    message += Array(",\"file_contents\":".utf8)
                    Self.appendJSON(string: page.html, to: &message)
                    message += Array("}}".utf8)
                    chunk += Array(Data(message).base64EncodedData())
                    chunk.append(UInt8(ascii: ","))
                    if chunk.count > 1 << 20 {
                        try input.write(contentsOf: chunk)
                        chunk.removeAll(keepingCapacity: true)
                    }
                }
                if !chunk.isEmpty { try input.write(contentsOf: chunk) }
            } catch {
                writing.error = error
            }
        }
        var failure: String?
        for _ in pages {
            let answer = try readAnswer()
            if (answer["type"] as? String) == "Error", failure == nil {
                failure = answer["message"] as? String ?? "an error"
            }
        }
        written.wait()
        if let writeError = writing.error {
            throw Failure(description: "cannot write to Pagefind (\(binary)): \(writeError)")
        }
        if let failure { throw Failure(description: "Pagefind (\(binary)) could not index a page: \(failure)") }
    }

    /// Builds the index and writes its files into `folder`.
    func writeFiles(_ index: Int, to folder: String) throws {
        let answer = try request(
            "{\"type\":\"WriteFiles\",\"index_id\":\(index),\"output_path\":\(Self.json(folder))}")
        guard answer["type"] as? String == "WriteFiles" else { throw unexpected(answer) }
    }

    private func unexpected(_ answer: [String: Any]) -> Failure {
        let message = (answer["message"] as? String).map { ": \($0)" } ?? ""
        return Failure(description: "Pagefind (\(binary)) answered \(answer["type"] ?? "nothing")\(message)")
    }

    /// Sends one request (the payload's JSON) and waits for its answer's payload.
    private func request(_ payload: String) throws -> [String: Any] {
        let message = "{\"message_id\":\(nextMessage),\"payload\":\(payload)}"
        nextMessage += 1
        do {
            try input.write(contentsOf: Data(message.utf8).base64EncodedData() + Data(",".utf8))
        } catch {
            throw Failure(description: "cannot write to Pagefind (\(binary)): \(error)")
        }
        let answer = try readAnswer()
        if answer["type"] as? String == "Error" { throw unexpected(answer) }
        return answer
    }

    /// The next answer's payload.
    private func readAnswer() throws -> [String: Any] {
        while true {
            if let comma = received.firstIndex(of: UInt8(ascii: ",")) {
                let encoded = Data(received[..<comma])
                received.removeSubrange(...comma)
                guard let decoded = Data(base64Encoded: encoded),
                    let object = try? JSONSerialization.jsonObject(with: decoded) as? [String: Any],
                    let payload = object["payload"] as? [String: Any]
                else {
                    throw Failure(description: "Pagefind (\(binary)) answered with a message that does not decode")
                }
                return payload
            }
            let data = output.availableData
            guard !data.isEmpty else {
                throw Failure(description: "Pagefind (\(binary)) stopped before it answered")
            }
            received += data
        }
    }

    /// A JSON string.
    static func json(_ text: String) -> String {
        var bytes: [UInt8] = []
        appendJSON(string: Array(text.utf8), to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `text` (UTF-8) as a JSON string: quotes, backslashes and control characters escaped.
    static func appendJSON(string text: [UInt8], to bytes: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        bytes.reserveCapacity(bytes.count + text.count + 2)
        bytes.append(UInt8(ascii: "\""))
        for byte in text {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(byte)
            case 0x0A: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20:
                bytes += Array("\\u00".utf8)
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
