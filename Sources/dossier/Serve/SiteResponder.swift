import DossierKit
import Foundation
import Hummingbird

/// Answers every request from the built site through `StaticSite`: files with
/// their content types, `index.html` for folders, the site's 404 page with status
/// 404 (its links to `base_url` turned into links to this server), ETag and
/// Last-Modified with conditional requests, HEAD; and, for `serve` only, the
/// live-reload script and its event stream, and while the build fails, the
/// build's errors for a page the last good site does not have.
struct SiteResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let site: StaticSite
    let live: LiveReload

    static let scriptTag = "<script src=\"/__dossier/live.js\"></script>"

    func respond(to request: Request, context: Context) async throws -> Response {
        guard request.method == .get || request.method == .head else {
            return Response(status: .methodNotAllowed, headers: [.allow: "GET, HEAD"])
        }
        let head = request.method == .head
        let path = request.uri.path
        switch path {
        case "/__dossier/live.js":
            return Self.text(LiveReload.script, type: "text/javascript; charset=utf-8", head: head)
        case "/__dossier/events":
            return events(head: head)
        default:
            break
        }
        switch site.resolve(path) {
        case .badRequest:
            return Self.text(
                "400 Bad Request: malformed path\n", type: "text/plain; charset=utf-8", status: .badRequest, head: head)
        case .redirect(let location):
            let query = request.uri.query.map { "?" + $0 } ?? ""
            return Response(status: .movedPermanently, headers: [.location: location + query, .contentLength: "0"])
        case .notFound:
            return await notFound(request)
        case .file(let path):
            if let response = await file(path, request: request, status: .ok, conditional: true) { return response }
            return await notFound(request)
        }
    }

    private func notFound(_ request: Request) async -> Response {
        let head = request.method == .head
        if let errors = await live.failure {
            return Self.text(
                BuildErrorPage.html(errors), type: "text/html; charset=utf-8", status: .serviceUnavailable, head: head)
        }
        if let page = site.notFoundPage,
            let response = await file(page, request: request, status: .notFound, conditional: false)
        {
            return response
        }
        return Self.text("404 Not Found\n", type: "text/plain; charset=utf-8", status: .notFound, head: head)
    }

    private func file(_ path: String, request: Request, status: HTTPResponse.Status, conditional: Bool) async
        -> Response?
    {
        var info = stat()
        guard stat(path, &info) == 0, var data = FileManager.default.contents(atPath: path) else { return nil }
        // The 404 page's links are absolute, to base_url (it is shown at any depth): here they lead back to this server.
        if path == site.notFoundPage, let base = await live.baseURL {
            data = Data(Self.localLinks(String(decoding: data, as: UTF8.self), baseURL: base).utf8)
        }
        let type = StaticSite.contentType(of: path)
        let html = type.hasPrefix("text/html")
        let modified = Date(timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec))
        let tag =
            "\"\(String(info.st_size, radix: 16))-\(String(info.st_mtim.tv_sec, radix: 16))\(String(info.st_mtim.tv_nsec, radix: 16))\(html ? "-live" : "")\""
        var headers: HTTPFields = [
            .contentType: type, .eTag: tag, .lastModified: HTTPDate.format(modified), .cacheControl: "no-cache",
        ]
        if conditional && status == .ok && Self.notModified(request, tag: tag, modified: modified) {
            return Response(status: .notModified, headers: headers)
        }
        var bytes = [UInt8](data)
        if html { bytes = Self.inject(bytes) }
        headers[.contentLength] = String(bytes.count)
        if request.method == .head { return Response(status: status, headers: headers) }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// If-None-Match wins over If-Modified-Since, as RFC 9110 has it.
    static func notModified(_ request: Request, tag: String, modified: Date) -> Bool {
        if let match = request.headers[.ifNoneMatch] {
            return match == "*"
                || match.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == tag }
        }
        if let since = request.headers[.ifModifiedSince], let date = HTTPDate.parse(since) {
            return modified.timeIntervalSince1970.rounded(.down) <= date.timeIntervalSince1970
        }
        return false
    }

    /// Every attribute value that starts with the base URL (as written, or
    /// HTML-escaped) made to start at this server's root instead.
    static func localLinks(_ html: String, baseURL: String) -> String {
        var base = baseURL
        if !base.hasSuffix("/") { base += "/" }
        guard base.contains("://") else { return html }
        var result = html
        for form in Set([base, HTML.escape(base)]) {
            for quote in ["\"", "'"] {
                result = result.replacingOccurrences(of: "=" + quote + form, with: "=" + quote + "/")
            }
        }
        return result
    }

    /// The live-reload script, before the last `</body>` (or at the end).
    static func inject(_ bytes: [UInt8]) -> [UInt8] {
        let tag = Array(scriptTag.utf8)
        let close = Array("</body>".utf8)
        var index = bytes.count - close.count
        while index >= 0 {
            if bytes[index] == UInt8(ascii: "<") && Array(bytes[index..<index + close.count]) == close {
                return Array(bytes[..<index]) + tag + Array(bytes[index...])
            }
            index -= 1
        }
        return bytes + tag
    }

    private func events(head: Bool) -> Response {
        let headers: HTTPFields = [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache"]
        if head { return Response(status: .ok, headers: headers) }
        let live = self.live
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                for await event in await live.subscribe() {
                    try await writer.write(ByteBuffer(string: event))
                }
                try await writer.finish(nil)
            })
    }

    static func text(_ text: String, type: String, status: HTTPResponse.Status = .ok, head: Bool) -> Response {
        let headers: HTTPFields = [
            .contentType: type, .contentLength: String(text.utf8.count), .cacheControl: "no-cache",
        ]
        if head { return Response(status: status, headers: headers) }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}

/// HTTP dates (RFC 9110's IMF-fixdate).
enum HTTPDate {
    private static func formatter() -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter
    }

    static func format(_ date: Date) -> String { formatter().string(from: date) }
    static func parse(_ text: String) -> Date? { formatter().date(from: text) }
}
