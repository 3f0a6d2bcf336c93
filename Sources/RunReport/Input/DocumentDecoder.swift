import Foundation

/// Turns the bytes of one saved API response into the wire model: gzip or not, with or without the
/// `{status, data}` envelope (`currents-api.md`, Saved files), with errors that name the file and
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

/// One saved response: the payload, unwrapped from `{status, data}` when it has the envelope.
struct Document<Payload: Decodable>: Decodable {
    var payload: Payload

    init(from decoder: any Decoder) throws {
        guard let c = try? decoder.container(keyedBy: AnyKey.self) else {
            let found = (try? JSONKind(from: decoder))?.description ?? "an unreadable value"
            throw StrictDecodingFailure(path: "(top level)", message: "expected a JSON object, found \(found)")
        }
        let data = AnyKey(stringValue: "data")
        let errorKey = AnyKey(stringValue: "error")
        if c.contains(data) {
            guard (try? c.decodeNil(forKey: data)) != true,
                (try? c.nestedContainer(keyedBy: AnyKey.self, forKey: data)) != nil
            else {
                if let message = try? c.decode(String.self, forKey: errorKey) { throw EnvelopeFailure(message: message) }
                let found = (try? c.decode(JSONKind.self, forKey: data))?.description ?? "an unreadable value"
                throw StrictDecodingFailure(path: "data", message: "expected an object, found \(found)")
            }
            payload = try c.decode(Payload.self, forKey: data)
        } else if c.contains(errorKey), !c.contains(AnyKey(stringValue: "runId")) {
            let message = (try? c.decode(String.self, forKey: errorKey)) ?? "(no message)"
            throw EnvelopeFailure(message: message)
        } else {
            payload = try Payload(from: decoder)
        }
    }
}

/// UTF-8 validation with an ASCII fast path: JSON files are mostly ASCII, and a clear "not UTF-8 at
/// offset N" beats the decoder's generic complaint.
enum UTF8Validation {
    static func firstInvalidByte(in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { b -> Int? in
            guard let base = b.baseAddress else { return nil }
            let n = b.count
            var i = 0
            while i < n {
                // Skip ASCII eight bytes at a time.
                while i + 8 <= n {
                    let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                    if word & 0x8080_8080_8080_8080 != 0 { break }
                    i += 8
                }
                guard i < n else { return nil }
                let c = b[i]
                if c < 0x80 {
                    i += 1
                    continue
                }
                let length: Int
                var lower: UInt8 = 0x80
                var upper: UInt8 = 0xBF
                switch c {
                case 0xC2...0xDF: length = 2
                case 0xE0: length = 3; lower = 0xA0
                case 0xE1...0xEC, 0xEE...0xEF: length = 3
                case 0xED: length = 3; upper = 0x9F  // no UTF-16 surrogates
                case 0xF0: length = 4; lower = 0x90
                case 0xF1...0xF3: length = 4
                case 0xF4: length = 4; upper = 0x8F
                default: return i
                }
                guard i + length <= n else { return i }
                guard b[i + 1] >= lower, b[i + 1] <= upper else { return i }
                var k = 2
                while k < length {
                    guard b[i + k] >= 0x80, b[i + k] <= 0xBF else { return i }
                    k += 1
                }
                i += length
            }
            return nil
        }
    }
}

/// JSON `\uD800`–`\uDFFF` escapes that are not a high-low pair, rewritten in place to `\uFFFD`:
/// the same six bytes, so every offset and path stays as it was.
enum LoneSurrogates {
    /// Returns how many escapes were rewritten. A backslash occurs only inside strings in JSON, and
    /// an escaped backslash (`\\ud800`) is skipped whole, so text that merely looks like an
    /// escape is left alone.
    static func repair(_ bytes: inout [UInt8]) -> Int {
        var count = 0
        bytes.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let n = buffer.count
            var i = 0
            while i < n {
                guard let found = memchr(base + i, 0x5C, n - i) else { return }
                i = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                guard i + 1 < n else { return }
                guard buffer[i + 1] == 0x75, let unit = hex4(buffer, at: i + 2) else {
                    i += 2
                    continue
                }
                if (0xD800...0xDBFF).contains(unit) {
                    if i + 11 < n, buffer[i + 6] == 0x5C, buffer[i + 7] == 0x75, let low = hex4(buffer, at: i + 8),
                        (0xDC00...0xDFFF).contains(low)
                    {
                        i += 12
                        continue
                    }
                } else if !(0xDC00...0xDFFF).contains(unit) {
                    i += 6
                    continue
                }
                for (k, byte) in "fffd".utf8.enumerated() { buffer[i + 2 + k] = byte }
                count += 1
                i += 6
            }
        }
        return count
    }

    private static func hex4(_ buffer: UnsafeMutableBufferPointer<UInt8>, at i: Int) -> Int? {
        guard i + 4 <= buffer.count else { return nil }
        var value = 0
        for k in 0..<4 {
            let b = buffer[i + k]
            let digit: Int
            switch b {
            case 0x30...0x39: digit = Int(b - 0x30)
            case 0x41...0x46: digit = Int(b - 0x41 + 10)
            case 0x61...0x66: digit = Int(b - 0x61 + 10)
            default: return nil
            }
            value = value * 16 + digit
        }
        return value
    }
}
