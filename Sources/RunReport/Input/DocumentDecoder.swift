import Foundation

/// Turns the bytes of one saved API response into the wire model: gzip or not, with or without the
/// `{status, data}` envelope (the Currents API documentation; saved files), with errors that name the file and
/// the JSON path.
package enum DocumentDecoder {
    /// Decodes a run file. Throws ``InputError``; returns the run and the warnings of its decoding.
    static func run(
        _ bytes: [UInt8], file: String, maxBytes: Int = InputLimits.standard.maxFileBytes, path: DecodePath = .automatic
    ) throws(InputError) -> (Wire.Run, [ReportWarning]) {
        try decode(Wire.Run.self, bytes, file: file, maxBytes: maxBytes, path: path)
    }

    /// Decodes an instance file. Throws ``InputError``.
    static func instance(
        _ bytes: [UInt8], file: String, maxBytes: Int = InputLimits.standard.maxFileBytes, path: DecodePath = .automatic
    ) throws(InputError) -> (Wire.Instance, [ReportWarning]) {
        try decode(Wire.Instance.self, bytes, file: file, maxBytes: maxBytes, path: path)
    }

    /// Which decoder reads the bytes.
    enum DecodePath: Sendable {
        /// ``FastWireDecoder`` where it accepts the file, else the exact decoder.
        case automatic
        /// `JSONDecoder` through the `Decodable` initialisers and their lenient rules: the reference
        /// the fast reader is checked against.
        case exact
    }

    static func decode<T: Decodable & FastReadable>(
        _ type: T.Type, _ raw: [UInt8], file: String, maxBytes: Int = InputLimits.standard.maxFileBytes,
        path: DecodePath = .automatic
    ) throws(InputError) -> (T, [ReportWarning]) {
        let (bytes, context) = try prepare(raw, file: file, maxBytes: maxBytes)
        if path == .automatic, case .success(let value) = fastDecode(T.self, bytes) {
            return (value, context.warnings)
        }
        return try exactDecode(T.self, bytes, context: context)
    }

    /// The fast reader's result for the prepared bytes, or why it declined them.
    static func fastDecode<T: FastReadable>(_ type: T.Type, _ bytes: [UInt8]) -> Result<T, FastReadDeclined> {
        Result { () throws(FastReadDeclined) in try FastWireDecoder.decode(T.self, bytes) }
    }

    /// Everything before the JSON itself: gzip, a byte order mark, emptiness, UTF-8, lone
    /// surrogates. Both decoders read what this returns, so these rules are one code path.
    static func prepare(_ raw: [UInt8], file: String, maxBytes: Int) throws(InputError) -> ([UInt8], DecodeContext) {
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
        return (bytes, context)
    }

    /// The exact decoder: `JSONDecoder` through the `Decodable` initialisers of the wire model.
    static func exactDecode<T: Decodable>(
        _ type: T.Type, _ prepared: [UInt8], context: DecodeContext
    ) throws(InputError) -> (T, [ReportWarning]) {
        let bytes = prepared
        let file = context.file
        let decoder = JSONDecoder()
        decoder.userInfo[.decodeContext] = context
        do {
            // The bytes are lent to the decoder, not copied: a copy doubled the memory a large
            // file (or a fetched body) holds while it decodes.
            // (`Data(bytesNoCopy:)` asks for a mutable pointer; the decoder only reads through it.)
            let document = try bytes.withUnsafeBytes { raw -> Document<T> in
                guard let base = raw.baseAddress else { return try decoder.decode(Document<T>.self, from: Data()) }
                let data = Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: raw.count, deallocator: .none)
                return try decoder.decode(Document<T>.self, from: data)
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
