import Foundation

/// The API's answer to `PUT /runs/:runId/cancel`.
package struct Cancellation: Sendable {
    package var runId: String
    package var actor: String?
    package var canceledAt: String?
    package var reason: String?

    package static func cancel(_ runId: String, client: CurrentsClient) async throws -> Cancellation {
        let body = try await client.send(.cancelRun(runId))
        let data = (try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])?["data"] as? [String: Any]
        return Cancellation(
            runId: data?["runId"] as? String ?? runId, actor: data?["actor"] as? String,
            canceledAt: (data?["canceledAt"] ?? data?["cancelledAt"]) as? String, reason: data?["reason"] as? String)
    }
}
