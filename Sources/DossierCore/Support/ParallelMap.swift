import Dispatch
import Foundation

extension Array where Element: Sendable {
    /// `map` over all cores; the results keep the input's order.
    package func parallelMap<T: Sendable>(_ transform: @Sendable (Element) -> T) -> [T] {
        if count < 2 { return map(transform) }
        return mapIntoSlots { items, results in
            DispatchQueue.concurrentPerform(iterations: items.value.count) { index in
                results.value[index] = transform(items.value[index])
            }
        }
    }

    /// `map` on `width` threads, however many cores there are: for work that mostly
    /// waits (writing files), where more workers than cores keep the disk busy.
    package func concurrentMap<T: Sendable>(width: Int, _ transform: @escaping @Sendable (Element) -> T) -> [T] {
        if count < 2 || width < 2 { return map(transform) }
        let workers = Swift.min(width, count)
        return mapIntoSlots { items, results in
            let done = DispatchGroup()
            for worker in 0..<workers {
                done.enter()
                // Each thread touches only its own stripe, and nothing after it leaves the group.
                Thread {
                    for index in stride(from: worker, to: items.value.count, by: workers) {
                        results.value[index] = transform(items.value[index])
                    }
                    done.leave()
                }.start()
            }
            done.wait()
        }
    }

    /// One slot per element, filled by `fill` from concurrent workers (each writing only
    /// its own indices) before it returns; the results in the input's order.
    private func mapIntoSlots<T: Sendable>(
        _ fill: (UnsafeSendable<UnsafeBufferPointer<Element>>, UnsafeSendable<UnsafeMutableBufferPointer<T?>>) -> Void
    ) -> [T] {
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        // The slots are released before the buffer: without this every result's
        // references (strings, arrays) stayed retained for the rest of the process.
        defer {
            results.deinitialize()
            results.deallocate()
        }
        withUnsafeBufferPointer { input in fill(UnsafeSendable(input), UnsafeSendable(results)) }
        return results.map { $0! }
    }
}

/// Hands a buffer to concurrent workers that each touch only their own index.
private struct UnsafeSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
