import Dispatch

extension Array where Element: Sendable {
    /// `map` over all cores; the results keep the input's order.
    func parallelMap<T: Sendable>(_ transform: @Sendable (Element) -> T) -> [T] {
        if count < 2 { return map(transform) }
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        // The slots are released before the buffer: without this every result's
        // references (strings, arrays) stayed retained for the rest of the process.
        defer {
            results.deinitialize()
            results.deallocate()
        }
        let shared = UnsafeSendable(results)
        self.withUnsafeBufferPointer { input in
            let items = UnsafeSendable(input)
            DispatchQueue.concurrentPerform(iterations: count) { index in
                shared.value[index] = transform(items.value[index])
            }
        }
        return results.map { $0! }
    }
}

/// Hands a buffer to concurrent workers that each touch only their own index.
private struct UnsafeSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
