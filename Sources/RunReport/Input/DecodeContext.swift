import Foundation

/// Collects the warnings of one file's decoding. Reached through `Decoder.userInfo`; used by one
/// decode at a time, on one thread, which is why the unchecked `Sendable` is sound.
final class DecodeContext: @unchecked Sendable {
    let file: String
    private(set) var warnings: [ReportWarning] = []

    init(file: String) { self.file = file }

    func warn(_ code: ReportWarning.Code, path: [any CodingKey], _ detail: String) {
        warnings.append(ReportWarning(code, "\(file): \(JSONPath.string(path)): \(detail)"))
    }

    /// A warning about the file as a whole (no JSON path).
    func warn(_ code: ReportWarning.Code, _ detail: String) {
        warnings.append(ReportWarning(code, "\(file): \(detail)"))
    }

    static func of(_ decoder: any Decoder) -> DecodeContext {
        // A decoder without a context (a test decoding a fragment by hand) still works; its warnings
        // are simply dropped.
        (decoder.userInfo[.decodeContext] as? DecodeContext) ?? DecodeContext(file: "input")
    }
}

extension CodingUserInfoKey {
    static let decodeContext: CodingUserInfoKey = {
        guard let key = CodingUserInfoKey(rawValue: "runreport.decodeContext") else {
            preconditionFailure("a non-empty raw value always makes a CodingUserInfoKey")
        }
        return key
    }()
}
