import Foundation

/// A fatal problem at a JSON path; the reader adds the file name (`InputError.invalidField`).
struct StrictDecodingFailure: Error {
    var path: String
    var message: String
}

/// Decodes and drops any value: skips an unreadable element of an array.
private struct Skip: Decodable {
    init(from decoder: any Decoder) throws {}
}

/// Lenient field access (`docs/metrics.md` §9): a missing or null field is `nil`; a field of the wrong
/// type is `nil` plus a warning naming its path.
struct LenientFields<Key: CodingKey> {
    let container: KeyedDecodingContainer<Key>
    let context: DecodeContext

    init(_ decoder: any Decoder, _ keys: Key.Type) throws {
        container = try decoder.container(keyedBy: Key.self)
        context = DecodeContext.of(decoder)
    }

    private func present(_ key: Key) -> Bool {
        guard container.contains(key) else { return false }
        return (try? container.decodeNil(forKey: key)) != true
    }

    private func found(_ key: Key) -> String {
        (try? container.decode(JSONKind.self, forKey: key))?.description ?? "an unreadable value"
    }

    func value<T: Decodable>(_ type: T.Type, _ key: Key, expected: String) -> T? {
        guard present(key) else { return nil }
        do {
            return try container.decode(T.self, forKey: key)
        } catch {
            context.warn(.invalidField, path: container.codingPath + [key], "expected \(expected), found \(found(key)); treated as missing")
            return nil
        }
    }

    func string(_ key: Key) -> String? { value(String.self, key, expected: "a string") }
    func bool(_ key: Key) -> Bool? { value(Bool.self, key, expected: "true or false") }
    /// An integer (counter, milliseconds); fractions and out-of-range numbers are not integers.
    /// Beyond ±2^40 (a trillion tests, 35 years in milliseconds) a number is treated as missing
    /// too: sums of millions of such values then stay far inside `Int`, so no arithmetic on input
    /// can overflow.
    func int(_ key: Key) -> Int? {
        guard let n = value(Int.self, key, expected: "an integer") else { return nil }
        guard n.magnitude <= Self.intLimit.magnitude else {
            context.warn(
                .invalidField, path: container.codingPath + [key],
                "\(n) is out of range (more than 2^40 in magnitude); treated as missing")
            return nil
        }
        return n
    }

    static var intLimit: Int { 1 << 40 }

    func timestamp(_ key: Key) -> Timestamp? {
        guard let text = string(key) else { return nil }
        if let t = Timestamp.parse(text) { return t }
        context.warn(
            .invalidTimestamp, path: container.codingPath + [key],
            "not a timestamp with a zone: \(JSONKind.quote(text)); treated as missing")
        return nil
    }

    func object<T: Decodable>(_ type: T.Type, _ key: Key) -> T? { value(T.self, key, expected: "an object") }

    /// An array whose unreadable elements are dropped, each with a warning.
    func array<T: Decodable>(_ type: T.Type, _ key: Key, element expected: String) -> [T]? {
        guard present(key) else { return nil }
        guard var items = try? container.nestedUnkeyedContainer(forKey: key) else {
            context.warn(.invalidField, path: container.codingPath + [key], "expected an array, found \(found(key)); treated as missing")
            return nil
        }
        var out: [T] = []
        if let count = items.count { out.reserveCapacity(count) }
        while !items.isAtEnd {
            let index = items.currentIndex
            do {
                out.append(try items.decode(T.self))
            } catch {
                context.warn(.invalidField, path: items.codingPath + [AnyKey(intValue: index)], "expected \(expected); element skipped")
                if (try? items.decode(Skip.self)) == nil { break }
            }
        }
        return out
    }

    func strings(_ key: Key) -> [String]? { array(String.self, key, element: "a string") }
}
