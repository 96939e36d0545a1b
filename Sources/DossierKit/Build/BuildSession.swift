import DossierCore
import DossierStore
import Foundation

/// What a process that builds one site again and again (`serve`) keeps between
/// its builds: the build store, open, with its rows in memory and each build's
/// changes applied to them, so that a build after one change reads nothing back
/// from the file; and the articles' linkings as decoded from those rows (reused
/// only for the same bytes, `DecodeMemo`). The store stays the one place that
/// remembers; a session only saves reopening and rereading it. The store is opened
/// anew when another process has written it since, or replaced its file
/// (`BuildStore.isCurrent`), and when a build found it damaged. One build at a
/// time uses a session.
public final class BuildSession: @unchecked Sendable {
    private let lock = NSLock()
    private var store: BuildStore?
    /// Articles' linkings decoded from the store's rows by earlier builds. (Records are not kept
    /// decoded: copying an article out of the memo cost as much as decoding it.)
    let linkings = DecodeMemo()

    public init() {}

    /// The store at `path`, kept from the last build when it is still current, else opened (and kept).
    func store(at path: String, fresh: Bool) -> BuildStore? {
        lock.lock()
        defer { lock.unlock() }
        if !fresh, let store, store.path == path, store.isCurrent { return store }
        store = BuildStore.open(at: path, fresh: fresh)
        store?.keepRemembering()
        return store
    }

    /// Work a build leaves for after its report (recording what the output folder was built from).
    private let background = DispatchQueue(label: "dossier.build-session")

    /// Runs `work` after the build that gives it has returned, before the session's next build.
    func afterward(_ work: @escaping @Sendable () -> Void) { background.async(execute: work) }

    /// Waits for the work the last build left.
    func waitForWorkLeft() { background.sync {} }

    /// Forgets the store (a build found it damaged, and starts again with a new one).
    func drop() {
        lock.lock()
        defer { lock.unlock() }
        store = nil
    }
}
