/// The fast reader checked against the exact decoder on one file: what the differential test and
/// the fuzz target run. The file is decoded both as a run and as an instance, by the exact path and
/// by the automatic one (fast where it accepts, else exact); the two outcomes — the whole wire model
/// as `dump` prints it, compared byte for byte, and the warnings; or the error — must be identical.
package enum DecoderDifferential {
    package struct Outcome: Sendable {
        /// The fast reader accepted the file as a run or as an instance.
        package var fastAccepted: Bool
        /// Where the two disagreed, or `nil`.
        package var mismatch: String?
    }

    package static func compare(_ bytes: [UInt8], file: String) -> Outcome {
        var accepted = false
        var mismatches: [String] = []
        func check<T>(_ kind: String, _ decode: (DocumentDecoder.DecodePath) throws(InputError) -> (T, [ReportWarning])) {
            let exact = describe { () throws(InputError) in try decode(.exact) }
            let automatic = describe { () throws(InputError) in try decode(.automatic) }
            if Array(exact.utf8) != Array(automatic.utf8) {
                mismatches.append(
                    "as \(kind): exact decoder gave\n\(exact.prefix(4000))\nbut the automatic path gave\n\(automatic.prefix(4000))")
            }
        }
        check("a run") { (path) throws(InputError) in try DocumentDecoder.run(bytes, file: file, path: path) }
        check("an instance") { (path) throws(InputError) in try DocumentDecoder.instance(bytes, file: file, path: path) }
        let limit = InputLimits.standard.maxFileBytes
        if let (prepared, _) = try? DocumentDecoder.prepare(bytes, file: file, maxBytes: limit) {
            if case .success = DocumentDecoder.fastDecode(Wire.Run.self, prepared) { accepted = true }
            if case .success = DocumentDecoder.fastDecode(Wire.Instance.self, prepared) { accepted = true }
        }
        return Outcome(fastAccepted: accepted, mismatch: mismatches.isEmpty ? nil : mismatches.joined(separator: "\n"))
    }

    private static func describe<T>(_ decode: () throws(InputError) -> (T, [ReportWarning])) -> String {
        do {
            let (value, warnings) = try decode()
            var out = ""
            dump(value, to: &out)
            for warning in warnings { out += "warning \(warning.code.rawValue) \(warning.spec ?? "-") \(warning.message)\n" }
            return out
        } catch {
            return "error: \(error.description)"
        }
    }
}
