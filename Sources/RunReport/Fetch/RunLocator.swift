/// Which run to fetch: by id, or the latest completed run of a project matching a CI build id or a
/// branch (and tags), through `GET /runs/find`.
package enum RunLocator: Sendable, Equatable {
    case runId(String)
    case find(projectId: String, ciBuildId: String?, branch: String?, tags: [String])

    /// The run id, asking the API when needed.
    package func resolve(with client: CurrentsClient) async throws -> String {
        switch self {
        case .runId(let id): return id
        case .find(let projectId, let ciBuildId, let branch, let tags):
            let endpoint = Endpoint.findRun(projectId: projectId, ciBuildId: ciBuildId, branch: branch, tags: tags)
            let (run, _) = try DocumentDecoder.run(try await client.send(endpoint), file: endpoint.label)
            return run.runId
        }
    }
}
