import Foundation

/// What a JSON value turned out to be, for messages such as `expected a string, found 42`.
struct JSONKind: Decodable, CustomStringConvertible {
    var description: String

    init(from decoder: any Decoder) throws {
        if let c = try? decoder.singleValueContainer() {
            if c.decodeNil() {
                description = "null"
                return
            }
            if let b = try? c.decode(Bool.self) {
                description = b ? "true" : "false"
                return
            }
            if let i = try? c.decode(Int.self) {
                description = String(i)
                return
            }
            if let d = try? c.decode(Double.self) {
                description = String(d)
                return
            }
            if let s = try? c.decode(String.self) {
                description = JSONKind.quote(s)
                return
            }
        }
        if (try? decoder.unkeyedContainer()) != nil {
            description = "an array"
        } else if (try? decoder.container(keyedBy: AnyKey.self)) != nil {
            description = "an object"
        } else {
            // JSONDecoder fails alike on a number it cannot represent and on a string it cannot
            // decode (a lone surrogate escape, a raw control character).
            description = "a number out of range or an unreadable string"
        }
    }

    /// A short, printable quotation of a string found in the data.
    static func quote(_ s: String, limit: Int = 40) -> String {
        var shown = String(s.unicodeScalars.prefix(limit).map { $0.value < 0x20 || $0.value == 0x7F ? "\u{FFFD}" : Character($0) })
        if s.unicodeScalars.count > limit { shown += "…" }
        return "\"\(shown)\""
    }

    /// An identifier (group, instance, run) quoted for a message: whole unless absurdly long.
    static func name(_ s: String) -> String { quote(s, limit: 200) }
}
