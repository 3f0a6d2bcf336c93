/// JUnit XML failed its profile's XSD, or is not XML at all.
package struct JUnitValidationError: Error, CustomStringConvertible {
    /// The file (or `junit.xml` when rendering) the XML came from.
    package var source: String
    package var profile: JUnitProfile
    /// libxml2's first errors, one per line (`line N: text`).
    package var details: String
    package var wellFormed: Bool

    package var description: String {
        let what = wellFormed ? "is not valid against \(profile.schemaName) (profile \(profile.rawValue))" : "is not well-formed XML"
        return "\(source) \(what):\n\(details)"
    }
}
