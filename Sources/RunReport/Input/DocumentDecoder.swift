import Foundation

/// Turns the bytes of one saved API response into the wire model: gzip or not, with or without the
/// `{status, data}` envelope (the Currents API documentation; saved files), with errors that name the file and
/// the JSON path.
package enum DocumentDecoder {
    /// Decodes a run file. Throws ``InputError``; returns the run and the warnings of its decoding.
    static func run(
        _ bytes: [UInt8], file: String, maxBytes: Int = InputLimits.standard.maxFileBytes
    ) throws(InputError) -> (Wire.Run, [ReportWarning]) {
        try decode(Wire.Run.self, bytes, file: file, maxBytes: maxBytes)
    }

    /// Decodes an instance file. Throws ``InputError``.
    static func instance(
        _ bytes: [UInt8], file: String, maxBytes: Int = InputLimits.standard.maxFileBytes
    ) throws(InputError) -> (Wire.Instance, [ReportWarning]) {
        try decode(Wire.Instance.self, bytes, file: file, maxBytes: maxBytes)
    }

    static func decode<T: Decodable>(
        _ type: T.Type, _ raw: [UInt8], file: String, maxBytes: Int = InputLimits.standard.maxFileBytes
    ) throws(InputError) -> (T, [ReportWarning]) {
        var bytes = raw
        if Gzip.isCompressed(bytes) {
            do {
                bytes = try Gzip.decompress(bytes, limit: maxBytes)
            } catch {
                switch error {
                case .tooLarge, .refused: throw .fileTooLarge(file: file, bytes: nil, limit: maxBytes)
                case .corrupt(let reason): throw .badGzip(file: file, reason: reason)
                }
            }
        }
        // A UTF-8 byte order mark is tolerated (some Windows tools write one); JSON forbids others.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw .empty(file: file)
        }
        if let offset = UTF8Validation.firstInvalidByte(in: bytes) {
            throw .invalidUTF8(file: file, offset: offset)
        }
        // A lone surrogate escape would make Foundation drop the whole string (a test title lost
        // its last element for one character): it becomes U+FFFD, the rest of the string stays.
        let repaired = LoneSurrogates.repair(&bytes)
        let context = DecodeContext(file: file)
        if repaired > 0 {
            context.warn(.invalidField, "\(repaired) lone UTF-16 surrogate escape(s) (\\ud800–\\udfff) read as U+FFFD.")
        }
        let decoder = JSONDecoder()
        decoder.userInfo[.decodeContext] = context
        do {
            // The bytes are lent to the decoder, not copied: a copy doubled the memory a large
            // file (or a fetched body) holds while it decodes.
            let document = try bytes.withUnsafeMutableBytes { raw -> Document<T> in
                guard let base = raw.baseAddress else { return try decoder.decode(Document<T>.self, from: Data()) }
                return try decoder.decode(Document<T>.self, from: Data(bytesNoCopy: base, count: raw.count, deallocator: .none))
            }
            return (document.payload, context.warnings)
        } catch let failure as StrictDecodingFailure {
            throw .invalidField(file: file, path: failure.path, message: failure.message)
        } catch let failure as EnvelopeFailure {
            throw .errorEnvelope(file: file, message: failure.message)
        } catch let error as DecodingError {
            throw translate(error, file: file, bytes: bytes)
        } catch {
            throw .malformedJSON(file: file, detail: String(describing: error))
        }
    }

    /// `DecodingError` → a path and a sentence (`style.md`: translate it, never show it raw).
    static func translate(_ error: DecodingError, file: String, bytes: [UInt8]) -> InputError {
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return .malformedJSON(file: file, detail: syntaxErrorDetail(bytes) ?? context.debugDescription)
        case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context),
            .keyNotFound(_, let context):
            return .invalidField(file: file, path: JSONPath.string(context.codingPath), message: context.debugDescription)
        @unknown default:
            return .malformedJSON(file: file, detail: String(describing: error))
        }
    }
}

extension DocumentDecoder {
    /// `JSONDecoder` on Linux says only "not valid JSON"; on that (rare) path the bytes are parsed
    /// again with `JSONSerialization`, which says where, and the offset becomes a line and column.
    static func syntaxErrorDetail(_ bytes: [UInt8]) -> String? {
        do {
            _ = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
            return nil
        } catch {
            guard var detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String else { return nil }
            if let range = detail.range(of: "character "),
                let offset = Int(detail[range.upperBound...].prefix { $0.isNumber }), offset <= bytes.count
            {
                let before = bytes[..<offset]
                let line = before.filter { $0 == 0x0A }.count + 1
                let column = offset - (before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0) + 1
                if detail.hasSuffix(".") { detail.removeLast() }
                detail += " (line \(line), column \(column))."
            }
            return detail.hasSuffix(".") ? detail : detail + "."
        }
    }
}

/// A saved `{"status":"FAILED","error":"…"}` body.
struct EnvelopeFailure: Error {
    var message: String
}
