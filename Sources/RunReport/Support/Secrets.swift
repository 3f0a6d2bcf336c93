import Foundation

/// The secrets of this process (the API key), so that every line it prints can leave them out. A
/// server may echo a key back in a 200 body (an error envelope, a run id, a field of the wrong
/// type), and the message built from that body would print it: redacting at the point of output,
/// not in each message, is what makes "the key appears in no output" hold for messages not yet
/// written.
package enum Secrets {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var values: [String] = []

    /// Keeps `secret` out of everything ``redact(_:)`` passes on. Short strings are not taken: a
    /// one-letter "key" would blank every such letter.
    package static func register(_ secret: String) {
        guard secret.count >= 8 else { return }
        lock.withLock { if !values.contains(secret) { values.append(secret) } }
    }

    package static func redact(_ text: String) -> String {
        let secrets = lock.withLock { values }
        var text = text
        for secret in secrets where text.contains(secret) { text = text.replacingOccurrences(of: secret, with: "[key]") }
        return text
    }
}
