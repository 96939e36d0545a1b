import DossierCore
import DossierLink
import DossierStore
import DossierTemplate
import DossierValidate
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `check --external`: every external link of the site fetched, a few at a time.
public enum ExternalLinks {
    /// Fetches each link, `concurrency` at a time; a failure or an error status is a problem at the link.
    public static func fetch(_ links: [(url: String, location: SourceLocation)], timeout: Double, concurrency: Int = 8)
        async
        -> [Diagnostic]
    {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout * 2
        let session = URLSession(configuration: configuration)
        return await withTaskGroup(of: Diagnostic?.self) { group in
            var results: [Diagnostic] = []
            var pending = links[...]
            func start() {
                guard let link = pending.popFirst() else { return }
                group.addTask { await Self.fetch(link.url, at: link.location, session: session, timeout: timeout) }
            }
            for _ in 0..<concurrency { start() }
            while let result = await group.next() {
                if let result { results.append(result) }
                start()
            }
            return results
        }
    }

    /// HEAD, then GET where HEAD is refused (some servers answer HEAD with 405);
    /// redirects are followed. A link that does not answer in time is not asked twice.
    private static func fetch(_ url: String, at location: SourceLocation, session: URLSession, timeout: Double) async
        -> Diagnostic?
    {
        func problem(_ text: String) -> Diagnostic { .error("external link '\(url)' \(text)", at: location) }
        guard let target = URL(string: url) else { return problem("is not a valid URL") }
        var answer = ""
        for method in ["HEAD", "GET"] {
            var request = URLRequest(url: target)
            request.httpMethod = method
            do {
                let (_, response) = try await session.data(for: request)
                let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                if (200..<400).contains(status) { return nil }
                let final = response.url?.absoluteString ?? url
                answer =
                    final == url ? "answered HTTP \(status)" : "redirects to '\(final)', which answered HTTP \(status)"
            } catch let error as URLError where error.code == .timedOut {
                let seconds = timeout == timeout.rounded() ? String(Int(timeout)) : String(timeout)
                return problem("did not answer within \(seconds) s")
            } catch let error as URLError where error.code == .httpTooManyRedirects {
                return problem("redirects too many times")
            } catch {
                answer = "failed: \(error.localizedDescription)"
            }
        }
        return problem(answer)
    }
}
