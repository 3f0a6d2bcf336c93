import ArgumentParser
import Foundation
import RunReport

/// The options every command that talks to the Currents API shares, resolved against the
/// environment once (`CURRENTS_API_KEY`, `CURRENTS_PROJECT_ID`, `CURRENTS_API_URL`).
struct APIOptions: ParsableArguments {
    @Option(name: .long, help: "The API key (default: $CURRENTS_API_KEY; prefer the variable: arguments are visible to other processes).")
    var apiKey: String?

    @Option(name: .long, help: "The API's base URL (default: $CURRENTS_API_URL, else \(CurrentsClient.defaultBaseURL)).")
    var apiUrl: String?

    @Option(name: .long, help: "Instances fetched at once.")
    var concurrency = 8

    @Option(name: .long, help: "Attempts per request, the first included, for transient failures (429, 5xx, timeouts, lost connections).")
    var maxAttempts = 5

    @Option(name: .long, help: "Give up retrying a request after this many seconds in all.")
    var maxRetryTime: Double = 120

    @Option(name: .long, help: "Seconds before the first retry; doubling, with jitter, up to 30 s. Retry-After is honoured up to 60 s.")
    var retryDelay: Double = 1

    @Option(name: .long, help: "Seconds to wait for one response.")
    var requestTimeout: Double = 30

    func validateRanges() throws {
        guard (1...64).contains(concurrency) else { throw ValidationError("--concurrency takes 1 to 64, not \(concurrency).") }
        guard (1...20).contains(maxAttempts) else { throw ValidationError("--max-attempts takes 1 to 20, not \(maxAttempts).") }
        for (name, value) in [("--max-retry-time", maxRetryTime), ("--retry-delay", retryDelay), ("--request-timeout", requestTimeout)] {
            guard value.isFinite, value >= 0, value <= 3600 else { throw ValidationError("\(name) takes 0 to 3600 seconds, not \(value).") }
        }
    }

    /// The artifact downloader these options make: the same retries, timeout and concurrency as
    /// API calls, its own transport, and no key at all.
    func artifactDownloader(maxMegabytes: Int) throws -> ArtifactDownloader {
        try validateRanges()
        func duration(_ seconds: Double) -> Duration { .milliseconds(Int64((seconds * 1000).rounded())) }
        return ArtifactDownloader(
            transport: CurlTransport(),
            retry: RetryPolicy(maxAttempts: maxAttempts, baseDelay: duration(retryDelay), maxTotal: duration(maxRetryTime)),
            timeout: duration(requestTimeout), concurrency: concurrency, maxBytes: maxMegabytes << 20)
    }

    /// A client for the key and URL given, or a usage error saying what is missing. The key itself
    /// never appears in any message.
    func client(environment: [String: String], onRetry: (@Sendable (String) -> Void)?) throws -> CurrentsClient {
        try validateRanges()
        guard let key = (apiKey ?? environment["CURRENTS_API_KEY"]).flatMap({ $0.isEmpty ? nil : $0 }) else {
            throw ValidationError("No API key: set CURRENTS_API_KEY (or pass --api-key).")
        }
        // From here on, nothing this process prints can show the key (`Terminal`).
        Secrets.register(key)
        let urlText = apiUrl ?? environment["CURRENTS_API_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? CurrentsClient.defaultBaseURL
        guard let url = CurrentsClient.validateBaseURL(urlText) else {
            throw ValidationError(
                "The API URL '\(Format.terminalSafe(urlText))' is not usable: it must be https (plain http only to localhost), with no user, query or fragment."
            )
        }
        func duration(_ seconds: Double) -> Duration { .milliseconds(Int64((seconds * 1000).rounded())) }
        return CurrentsClient(
            baseURL: url, apiKey: key, transport: CurlTransport(),
            retry: RetryPolicy(maxAttempts: maxAttempts, baseDelay: duration(retryDelay), maxTotal: duration(maxRetryTime)),
            timeout: duration(requestTimeout), onRetry: onRetry)
    }
}
