import Foundation

/// Slots that `DispatchQueue.concurrentPerform` iterations fill, one each, without sharing a slot.
/// The lock makes the Swift 6 checker (and TSan) happy; it is taken once per slot, never on a hot path.
package final class ConcurrentResults<Value>: @unchecked Sendable {
    private var values: [Value?]
    private let lock = NSLock()

    package init(count: Int) { values = Array(repeating: nil, count: count) }

    package subscript(index: Int) -> Value? {
        get { lock.withLock { values[index] } }
        set { lock.withLock { values[index] = newValue } }
    }
}
