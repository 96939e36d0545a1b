import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// How long `dossier serve` takes from an edit being saved to the open pages
/// being told to reload: it is started on the corpus, an event stream is opened
/// as a page would, the article is edited, and the `reload` event is timed. Each
/// edit is saved a second after `serve` is ready or the last reload, as an author
/// saves (a save within milliseconds of the last reload would find the last
/// build's work after its report, and its memory being freed, still running).
enum ServeLatency {
    static func measure(dossier: String, site: String, article: String, times: Int = 3) throws -> [Double] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: dossier)
        process.arguments = ["serve", "--port", "0", "--no-search"]
        process.currentDirectoryURL = URL(fileURLWithPath: site)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            process.interrupt()
            process.waitUntilExit()
        }
        // "Serving http://127.0.0.1:PORT/ (Ctrl-C stops)"
        var printed = ""
        var port: UInt16?
        while port == nil {
            let data = pipe.fileHandleForReading.availableData
            guard !data.isEmpty else { throw BenchError("dossier serve stopped before serving:\n\(printed)") }
            printed += String(decoding: data, as: UTF8.self)
            if let range = printed.range(of: "Serving http://127.0.0.1:") {
                port = UInt16(printed[range.upperBound...].prefix { $0.isNumber })
            }
        }
        let original = try String(contentsOfFile: article, encoding: .utf8)
        defer { try? Data(original.utf8).write(to: URL(fileURLWithPath: article)) }
        var results: [Double] = []
        for round in 0..<times {
            let stream = try EventStream(port: port!)
            try stream.read(until: "retry:")
            Thread.sleep(forTimeInterval: 1)
            try Data((original + "\n第\(round + 1)次修改，测量刷新延迟。\n").utf8).write(to: URL(fileURLWithPath: article))
            let start = DispatchTime.now().uptimeNanoseconds
            try stream.read(until: "event: reload")
            results.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return results
    }

    /// `/__dossier/events` read over a plain socket, with a generous timeout.
    final class EventStream {
        let descriptor: Int32
        var received = ""

        init(port: UInt16) throws {
            descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
            var timeout = timeval(tv_sec: 300, tv_usec: 0)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard connected == 0 else { throw BenchError("cannot connect to dossier serve on port \(port)") }
            let request = Array(
                "GET /__dossier/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n".utf8)
            _ = request.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
        }

        deinit { close(descriptor) }

        func read(until marker: String) throws {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while !received.contains(marker) {
                let count = recv(descriptor, &buffer, buffer.count, 0)
                guard count > 0 else { throw BenchError("the event stream ended before '\(marker)'") }
                received += String(decoding: buffer.prefix(count), as: UTF8.self)
            }
            received = String(received[received.range(of: marker)!.upperBound...])
        }
    }
}
