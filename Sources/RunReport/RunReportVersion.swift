/// The version written into every report and printed by `--version`.
package enum RunReportVersion {
    package static let current = "0.1.0"
}
