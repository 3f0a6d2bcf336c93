import Foundation

/// When and how long to wait before trying a request again (the Currents API documentation, Transport: 429 and
/// 5xx "we recommend an exponential backoff"; Currents' own CLI retries 429/502/503/504).
///
/// Delay before retry n (1-based): `min(maxDelay, baseDelay × 2^(n−1))`, scaled by a jitter factor
/// in [0.5, 1) so that many CI machines do not retry in step; a `Retry-After` header replaces it,
/// capped at `maxRetryAfter`. Attempts stop at `maxAttempts` or when the next wait would pass
/// `maxTotal` since the first attempt.
package struct RetryPolicy: Sendable {
    package var maxAttempts: Int
    package var baseDelay: Duration
    package var maxDelay: Duration
    package var maxRetryAfter: Duration
    package var maxTotal: Duration
    /// A number in [0, 1); injected so tests can make the jitter predictable.
    package var random: @Sendable () -> Double

    package init(
        maxAttempts: Int = 5, baseDelay: Duration = .seconds(1), maxDelay: Duration = .seconds(30),
        maxRetryAfter: Duration = .seconds(60), maxTotal: Duration = .seconds(120),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
        self.maxTotal = maxTotal
        self.random = random
    }

    /// Statuses worth another try; everything else (400, 401, 403, 404, 422…) is final.
    package static func isRetryable(status: Int) -> Bool {
        [429, 500, 502, 503, 504].contains(status)
    }

    /// The wait before retry `retry` (1-based), honouring a `Retry-After` value when given.
    package func delay(beforeRetry retry: Int, retryAfter: String?, now: Date) -> Duration {
        if let retryAfter, let wait = Self.parseRetryAfter(retryAfter, now: now) {
            return min(wait, maxRetryAfter)
        }
        let exponent = min(max(retry - 1, 0), 30)
        let raw = baseDelay * Double(1 << exponent)
        let capped = min(raw, maxDelay)
        return capped * (0.5 + 0.5 * random())
    }

    /// `Retry-After`: delta-seconds or an HTTP date (RFC 9110 §10.2.3). A date in the past means 0.
    package static func parseRetryAfter(_ value: String, now: Date) -> Duration? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(text), seconds >= 0 { return .seconds(seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) {
                let seconds = max(0, date.timeIntervalSince(now))
                return .milliseconds(Int64((seconds * 1000).rounded()))
            }
        }
        return nil
    }
}
