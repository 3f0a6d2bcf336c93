import Foundation

/// One response's share of the in-flight limit: taken as its buffers grow, given back whole when
/// the lease goes away — which is when the body is no longer held (``CurrentsClient/Leased``).
package final class ByteLease: @unchecked Sendable {
    let budget: ByteBudget
    private var held = 0
    private let lock = NSLock()

    init(budget: ByteBudget) { self.budget = budget }

    func take(_ n: Int) -> Bool {
        guard n > 0 else { return true }
        guard budget.reserve(n) else { return false }
        lock.withLock { held += n }
        return true
    }

    func give(back n: Int) {
        let n = lock.withLock {
            let given = min(n, held)
            held -= given
            return given
        }
        budget.release(n)
    }

    deinit { budget.release(held) }
}
