import Foundation
import RunReport

/// Every line the tool prints goes through here: the API key is redacted whatever produced the
/// text, and error messages — which quote data and servers — are made terminal-safe as a whole
/// (no escape sequence, C1 or bidi control reaches the terminal from a message).
enum Terminal {
    /// Standard output as rendered (the console summary's own colours stay; it sanitises its data).
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(Secrets.redact(text).utf8))
    }

    /// One line on standard output.
    static func line(_ text: String) { out(text + "\n") }

    /// Standard error, e.g. progress or `--timings`, already built from safe parts.
    static func err(_ text: String) {
        FileHandle.standardError.write(Data(Secrets.redact(text).utf8))
    }

    /// `Error: …` on standard error (``Main/exit(with:)`` prints every error through here).
    static func error(_ message: String) {
        err("Error: " + Format.terminalSafe(Secrets.redact(message), keepingNewlines: true) + "\n")
    }
}
