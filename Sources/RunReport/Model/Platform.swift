/// A group's operating system and browser, as the run names them.
package struct Platform: Sendable, Equatable {
    package var osName, osVersion, browserName, browserVersion: String?

    /// `chrome 120.0`: the browser's name and version, whichever exist; `nil` when that is empty.
    package var browser: String? { Self.join([browserName, browserVersion], " ") }
    /// `Linux 6.1`: the same for the operating system.
    package var os: String? { Self.join([osName, osVersion], " ") }
    /// `Linux 6.1 · chrome 120.0`, as a group's row shows it.
    package var label: String? { Self.join([os, browser], " · ") }
    /// `Linux · chrome 120.0`: shorter, for a timeline's lane heading.
    package var shortLabel: String? { Self.join([osName, browser], " · ") }

    private static func join(_ parts: [String?], _ separator: String) -> String? {
        let joined = parts.compactMap { $0 }.joined(separator: separator)
        return joined.isEmpty ? nil : joined
    }
}
