import Foundation
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

extension Array where Element: Sendable {
    /// `map` on `width` threads, however many cores there are: for work that mostly
    /// waits (writing files), where more workers than cores keep the disk busy.
    func concurrentMap<T: Sendable>(width: Int, _ transform: @escaping @Sendable (Element) -> T) -> [T] {
        if count < 2 || width < 2 { return map(transform) }
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer {
            results.deinitialize()
            results.deallocate()
        }
        let shared = UnsafeSendable(results)
        let workers = Swift.min(width, count)
        withUnsafeBufferPointer { input in
            let items = UnsafeSendable(input)
            let done = DispatchGroup()
            for worker in 0..<workers {
                done.enter()
                // Each thread touches only its own stripe, and nothing after it leaves the group.
                Thread {
                    for index in stride(from: worker, to: items.value.count, by: workers) {
                        shared.value[index] = transform(items.value[index])
                    }
                    done.leave()
                }.start()
            }
            done.wait()
        }
        return results.map { $0! }
    }
}

/// Hands a buffer to concurrent workers that each touch only their own index.
private struct UnsafeSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
