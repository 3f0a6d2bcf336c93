/// GitHub Actions workflow commands for a run: `::error` for failed tests, `::warning` for flaky
/// ones. (Stub: being written.)
package enum GitHubAnnotations {
    package static func workflowCommands(_ summary: Summary) -> String { "" }
}
