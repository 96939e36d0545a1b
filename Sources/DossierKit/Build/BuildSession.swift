import DossierCore
import DossierStore
import Foundation

/// What a process that builds one site again and again (`serve`) keeps between
/// its builds: the build store, open, with its rows in memory and each build's
/// changes applied to them, so that a build after one change reads nothing back
/// from the file. The store stays the one place that remembers; a session only
/// saves reopening and rereading it. It is given up, and the store opened anew,
/// when another process has written the store since (`BuildStore.isCurrent`), or
/// when a build found it damaged. One build at a time uses a session.
public final class BuildSession: @unchecked Sendable {
    private let lock = NSLock()
    private var store: BuildStore?
    /// Records and linkings decoded from the store's rows by earlier builds.
    let records = DecodeMemo()
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

    /// Forgets the store (a build found it damaged, and starts again with a new one).
    func drop() {
        lock.lock()
        defer { lock.unlock() }
        store = nil
    }
}
