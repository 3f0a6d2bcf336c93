import ArgumentParser
import RunReport

/// `--run-id ID`, or `--project P` with `--ci-build-id X` or `--branch B [--tag T…]`.
struct RunSelection: ParsableArguments {
    @Option(name: .long, help: "The run's id.")
    var runId: String?

    @Option(
        name: .long, help: "The project (default: $CURRENTS_PROJECT_ID), to find the latest completed run by --ci-build-id or --branch.")
    var project: String?

    @Option(name: .long, help: "Find the run of this CI build id.")
    var ciBuildId: String?

    @Option(name: .long, help: "Find the latest run of this branch.")
    var branch: String?

    @Option(name: .long, help: "With --branch: the run must carry this tag (repeatable).")
    var tag: [String] = []

    var isGiven: Bool { runId != nil || ciBuildId != nil || branch != nil }

    func locator(environment: [String: String]) throws -> RunLocator {
        if let runId {
            guard ciBuildId == nil, branch == nil, tag.isEmpty else {
                throw ValidationError("Give either --run-id or --ci-build-id/--branch, not both.")
            }
            guard !runId.isEmpty else { throw ValidationError("--run-id is empty.") }
            return .runId(runId)
        }
        guard ciBuildId != nil || branch != nil else {
            throw ValidationError("Say which run: --run-id ID, or --project P with --ci-build-id X or --branch B.")
        }
        guard ciBuildId == nil || branch == nil else { throw ValidationError("Give --ci-build-id or --branch, not both.") }
        guard let projectId = (project ?? environment["CURRENTS_PROJECT_ID"]).flatMap({ $0.isEmpty ? nil : $0 }) else {
            throw ValidationError("Finding a run needs the project: --project P or CURRENTS_PROJECT_ID.")
        }
        return .find(projectId: projectId, ciBuildId: ciBuildId, branch: branch, tags: tag)
    }
}
