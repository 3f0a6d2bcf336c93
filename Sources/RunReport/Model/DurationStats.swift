/// `count, sumMs, meanMs, p50Ms, p90Ms, p95Ms, maxMs` (`docs/metrics.md` §5).
package struct DurationStats: Sendable, Equatable {
    package var count: Int
    package var sumMs, meanMs, p50Ms, p90Ms, p95Ms, maxMs: Int64?
}
