import Foundation
import RunReport

extension ProgressMeter {
    /// Progress on standard error: redrawn on a terminal, a line every 5 s in a log, nothing with
    /// `--quiet`.
    static func onStandardError(quiet: Bool) -> ProgressMeter {
        let mode: Mode = quiet ? .silent : isatty(STDERR_FILENO) == 1 ? .terminal : .lines(every: .seconds(5))
        return ProgressMeter(mode: mode) { text in Terminal.err(text) }
    }
}
