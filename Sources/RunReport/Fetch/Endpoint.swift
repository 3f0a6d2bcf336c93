import Foundation

/// One call of the Currents API: its method, path and query, together with
/// what an error from it means. A message names the call by ``label`` and takes its advice from
/// here, so nothing has to be read back out of a request's text.
package struct Endpoint: Sendable {
    package var method: String
    /// The path's segments as given, before percent-encoding.
    package var segments: [String]
    package var query: [(String, String)]
    /// The end of a 404's message: what to check, or what it means for this call.
    package var notFoundHint: String
    /// What a 403 says the key may not do (`the API key … (403: …)`).
    package var forbiddenReason = "lacks permission for this"
    /// What a 403 says to do, when the call knows which key it needs.
    package var forbiddenHint: String?

    /// `/runs/abc`: each segment percent-encoded.
    package var path: String { "/" + segments.map(Self.pathSegment).joined(separator: "/") }

    /// `GET /runs/abc`: how messages name the call. Never the query, never the key.
    package var label: String { "\(method) \(path)" }

    /// The full URL under the API's base URL, query included; nil when none can be formed.
    func url(under baseURL: URL) -> URL? {
        var text = baseURL.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        text += path
        if !query.isEmpty {
            text += "?" + query.map { "\(Self.queryEncode($0.0))=\(Self.queryEncode($0.1))" }.joined(separator: "&")
        }
        return URL(string: text)
    }

    // MARK: The API's calls

    /// `GET /runs/:runId`.
    package static func run(_ runId: String) -> Endpoint {
        Endpoint(method: "GET", segments: ["runs", runId], query: [], notFoundHint: runNotFound)
    }

    /// `GET /instances/:instanceId`.
    package static func instance(_ instanceId: String) -> Endpoint {
        Endpoint(
            method: "GET", segments: ["instances", instanceId], query: [],
            notFoundHint: "the run lists an instance the API does not have; fetch again later or report on the run alone.")
    }

    /// `GET /runs/find`: the latest completed run of a project by CI build id or branch (and tags).
    package static func findRun(projectId: String, ciBuildId: String?, branch: String?, tags: [String]) -> Endpoint {
        var query: [(String, String)] = [("projectId", projectId)]
        if let ciBuildId { query.append(("ciBuildId", ciBuildId)) }
        if let branch { query.append(("branch", branch)) }
        for tag in tags { query.append(("tags[]", tag)) }
        return Endpoint(method: "GET", segments: ["runs", "find"], query: query, notFoundHint: "no completed run matches in this project.")
    }

    /// `GET /projects/:projectId/runs`, one page of it.
    package static func projectRuns(_ projectId: String, query: [(String, String)]) -> Endpoint {
        Endpoint(
            method: "GET", segments: ["projects", projectId, "runs"], query: query,
            notFoundHint: "check the project id (--project or CURRENTS_PROJECT_ID).")
    }

    /// `GET /tests/:projectId`, one page of the Tests Explorer.
    package static func testsExplorer(_ projectId: String, query: [(String, String)]) -> Endpoint {
        Endpoint(
            method: "GET", segments: ["tests", projectId], query: query,
            notFoundHint: "the API has no Tests Explorer for this project (or the endpoint).")
    }

    /// `GET /spec-files/:projectId`, one page.
    package static func specFiles(_ projectId: String, query: [(String, String)]) -> Endpoint {
        Endpoint(
            method: "GET", segments: ["spec-files", projectId], query: query,
            notFoundHint: "the API has no spec files list for this project (or the endpoint).")
    }

    /// `PUT /runs/:runId/cancel`.
    package static func cancelRun(_ runId: String) -> Endpoint {
        Endpoint(
            method: "PUT", segments: ["runs", runId, "cancel"], query: [], notFoundHint: runNotFound,
            forbiddenReason: "may not cancel runs", forbiddenHint: "cancelling needs a Read & Write key, not a Read Only one")
    }

    private static let runNotFound = "check the run id; the key's organisation must own the run."

    // MARK: Encoding

    /// A path segment, percent-encoded; `.` and `..` are encoded whole, or they would be read as
    /// dot segments (`/instances/..` is `/`).
    static func pathSegment(_ text: String) -> String {
        if !text.isEmpty, text.allSatisfy({ $0 == "." }) { return String(repeating: "%2E", count: text.count) }
        return PercentEncoding.encode(text)
    }

    /// Everything outside RFC 3986's unreserved set is encoded, `[]` of `tags[]` too: a literal `[`
    /// makes `URL(string:)` re-encode the whole query, `%2F` into `%252F` (seen here).
    private static func queryEncode(_ text: String) -> String {
        PercentEncoding.encode(text)
    }
}
