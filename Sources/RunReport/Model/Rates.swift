/// The four rates of `docs/metrics.md` §2, as fractions.
package struct Rates: Sendable, Equatable {
    package var passRate, failureRate, flakyRate, specFailureRate: Double?
}
