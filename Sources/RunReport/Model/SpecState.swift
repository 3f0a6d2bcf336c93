/// A spec's state (`docs/metrics.md` §4); raw values are those of `summary.json`.
package enum SpecState: String, Sendable, CaseIterable {
    case pending, running, timedOut, cancelled, failed, passed, completed
}
