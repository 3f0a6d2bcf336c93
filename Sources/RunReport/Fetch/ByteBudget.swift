import Foundation

/// Bytes held by all responses in flight, against one limit.
final class ByteBudget: @unchecked Sendable {
    let limit: Int
    private var used = 0
    private let lock = NSLock()

    init(limit: Int) { self.limit = limit }

    func reserve(_ n: Int) -> Bool {
        lock.withLock {
            guard used + n <= limit else { return false }
            used += n
            return true
        }
    }

    func release(_ n: Int) {
        lock.withLock { used -= n }
    }
}
