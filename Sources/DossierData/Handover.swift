import Foundation

/// Values made on one core and taken, in order, on another: the maker waits while
/// `capacity` values are waiting, so no more than that many are held at once. The maker
/// finishes (or fails, and the taker throws its error once it has taken what came before);
/// either side may cancel, after which `put` returns false and `take` nil.
final class Handover<T>: @unchecked Sendable {
    private let condition = NSCondition()
    private var waiting: [T] = []
    private var finished = false
    private var cancelled = false
    private var failure: Error?
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// False once cancelled: the maker should stop.
    func put(_ value: T) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while waiting.count >= capacity, !cancelled { condition.wait() }
        guard !cancelled else { return false }
        waiting.append(value)
        condition.broadcast()
        return true
    }

    /// No more values; with an error, the taker throws it once it has taken those made before.
    func finish(throwing error: Error? = nil) {
        condition.lock()
        defer { condition.unlock() }
        finished = true
        failure = error
        condition.broadcast()
    }

    /// The next value; nil once the maker has finished, or either side cancelled.
    func take() throws -> T? {
        condition.lock()
        defer { condition.unlock() }
        while waiting.isEmpty, !finished, !cancelled { condition.wait() }
        if cancelled { return nil }
        guard waiting.isEmpty else {
            condition.broadcast()
            return waiting.removeFirst()
        }
        if let failure { throw failure }
        return nil
    }

    func cancel() {
        condition.lock()
        defer { condition.unlock() }
        cancelled = true
        waiting.removeAll()
        condition.broadcast()
    }
}

/// A value handed to the other core: what it holds is used there alone (`Failure`), or is
/// safe to use from several threads (the output folder's `place`, which locks).
final class Unchecked<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}

/// What the other core's work threw, read once it is done.
struct Failure {
    var error: Error?
}
