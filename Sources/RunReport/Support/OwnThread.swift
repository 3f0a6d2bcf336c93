import Foundation

/// Blocking work (a libcurl transfer, creating a file) awaited from async code: it runs on a thread
/// of its own, so that it never holds one of the cooperative pool's threads (two on a 2-core CI
/// machine), which would stall every other task meanwhile.
enum OwnThread {
    static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            // 1 MB of stack is plenty for what runs here (glibc would reserve 8 MB per thread).
            thread.stackSize = 1 << 20
            thread.start()
        }
    }
}
