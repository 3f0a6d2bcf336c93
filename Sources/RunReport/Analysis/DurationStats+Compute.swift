extension DurationStats {
    /// `docs/metrics.md` §5: count, sum, mean (rounded half up), nearest-rank p50/p90/p95, max.
    init(_ values: [Int64]) {
        guard !values.isEmpty else {
            self.init(count: 0, sumMs: nil, meanMs: nil, p50Ms: nil, p90Ms: nil, p95Ms: nil, maxMs: nil)
            return
        }
        let sorted = values.sorted()
        let n = sorted.count
        let sum = sorted.reduce(0, +)
        // Nearest rank: v[ceil(X/100 × n)], 1-based.
        func percentile(_ x: Int) -> Int64 { sorted[(x * n + 99) / 100 - 1] }
        let mean = (2 * sum + Int64(n)) / (2 * Int64(n))
        self.init(
            count: n, sumMs: sum, meanMs: mean, p50Ms: percentile(50), p90Ms: percentile(90), p95Ms: percentile(95),
            maxMs: sorted[n - 1])
    }
}
