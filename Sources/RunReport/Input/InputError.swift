/// Input that cannot be reported on. Each message reads well after `Error: ` and names the file and,
/// where there is one, the JSON path (`style.md`, Errors).
package enum InputError: Error, Equatable, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    case empty(file: String)
    case invalidUTF8(file: String, offset: Int)
    case malformedJSON(file: String, detail: String)
    case invalidField(file: String, path: String, message: String)
    case errorEnvelope(file: String, message: String)
    case notARun(file: String, reason: String)
    case badGzip(file: String, reason: String)
    /// `bytes` is `nil` when reading stopped at the limit (standard input, gzip).
    case fileTooLarge(file: String, bytes: Int?, limit: Int)
    case inputTooLarge(file: String, bytes: Int, limit: Int)

    package var description: String {
        switch self {
        case .unreadable(let file, let reason):
            return "\(file): cannot be read: \(reason)."
        case .empty(let file):
            return "\(file): the file is empty; expected the JSON of a Currents run."
        case .invalidUTF8(let file, let offset):
            return "\(file): not valid UTF-8 (first bad byte at offset \(offset)); JSON must be UTF-8."
        case .malformedJSON(let file, let detail):
            return "\(file): not valid JSON: \(detail)"
        case .invalidField(let file, let path, let message):
            return "\(file): \(path): \(message)."
        case .errorEnvelope(let file, let message):
            return "\(file): holds an API error response, not a run: \"\(message)\". Fetch the run again."
        case .notARun(let file, let reason):
            return "\(file): \(reason)."
        case .badGzip(let file, let reason):
            return "\(file): looks gzip-compressed but cannot be decompressed: \(reason)."
        case .fileTooLarge(let file, let bytes, let limit):
            let size = bytes.map(InputLimits.describe) ?? "more than \(InputLimits.describe(limit))"
            return
                "\(file): too large (\(size)); runreport reads at most \(InputLimits.describe(limit)) a file, after decompression, as it holds the run in memory."
        case .inputTooLarge(let file, let bytes, let limit):
            return
                "\(file): the run's files total \(InputLimits.describe(bytes)), over the limit of \(InputLimits.describe(limit)) a run; runreport holds the run in memory."
        }
    }
}
