import DossierCore
import DossierLink
import DossierStore
import DossierValidate
import Foundation

/// The open pages, each listening on `/__dossier/events` (server-sent events):
/// after a build that changed the site they reload; after a failed one they show
/// its errors over the page, which is the last good site. A page that has no
/// last good site, the build error page, reloads once a build succeeds.
public actor LiveReload {
    private var clients: [Int: AsyncStream<String>.Continuation] = [:]
    private var nextID = 0
    /// The last build's errors, shown at once to pages opened since.
    public private(set) var failure: [String]?
    /// The base URL of the last good build, which `serve` turns back into its own root.
    public private(set) var baseURL: String?
    private var finished = false

    /// The events for one page, starting with the state it should show now.
    public init() {}

    public func subscribe() -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream<String>.makeStream()
        if finished {
            continuation.finish()
            return stream
        }
        let id = nextID
        nextID += 1
        clients[id] = continuation
        continuation.onTermination = { _ in Task { await self.remove(id) } }
        continuation.yield("retry: 1000\n\n")
        // The state now: a page served while the build was failing reloads on
        // "ready", in case the good build finished before it connected.
        continuation.yield(failure.map { Self.event("build-error", $0) } ?? Self.event("ready", ["ok"]))
        return stream
    }

    private func remove(_ id: Int) { clients[id] = nil }

    public func reload(build: Int, baseURL: String) {
        failure = nil
        self.baseURL = baseURL
        broadcast(Self.event("reload", [String(build)]))
    }

    public func failed(_ lines: [String]) {
        failure = lines
        broadcast(Self.event("build-error", lines))
    }

    /// Ends every stream, so that the server can stop.
    public func finish() {
        finished = true
        for client in clients.values { client.finish() }
        clients = [:]
    }

    private func broadcast(_ event: String) {
        for client in clients.values { client.yield(event) }
    }

    /// One event; a line break inside a line would end its `data:` field, so each part gets its own.
    public static func event(_ name: String, _ lines: [String]) -> String {
        let parts = lines.flatMap { $0.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) }
        return "event: \(name)\n" + parts.map { "data: \($0)\n" }.joined() + "\n"
    }

    /// Served as `/__dossier/live.js` and injected into HTML pages by `serve` only.
    public static let script = """
        (() => {
          const source = new EventSource("/__dossier/events");
          // Only on the page served in place of a site while the build fails.
          const errors = document.getElementById("dossier-build-errors");
          let overlay = null;
          source.addEventListener("reload", () => location.reload());
          source.addEventListener("ready", () => { if (errors) location.reload(); });
          source.addEventListener("build-error", (event) => {
            if (errors) {
              errors.textContent = event.data;
              return;
            }
            if (!overlay) {
              overlay = document.createElement("div");
              overlay.setAttribute("role", "alert");
              overlay.style.cssText = "position:fixed;inset:auto 1rem 1rem 1rem;max-height:60vh;overflow:auto;z-index:2147483647;"
                + "background:#fff5f5;color:#3b0a0a;border:2px solid #c53030;border-radius:8px;padding:1rem 1.25rem;"
                + "font:14px/1.5 ui-monospace,monospace;box-shadow:0 8px 30px rgba(0,0,0,.25);white-space:pre-wrap";
              document.body.appendChild(overlay);
            }
            overlay.textContent = "Dossier: the last build failed; this page is the last good site.\\n\\n" + event.data;
          });
        })();
        """
}
