import CXMLValidation

/// Checks JUnit XML against the XSD its profile targets, with libxml2 and the schema the binary
/// carries; no network, no disk.
package enum JUnitValidator {
    /// libxml2 and its schema types must be set up once before concurrent use: parallel first use
    /// deadlocked in tests, and raced on the built-in types in CI (see validate.c).
    private static let initialized: Bool = {
        rr_xml_init()
        return true
    }()

    package static func validate(_ xml: [UInt8], profile: JUnitProfile, source: String = "junit.xml") throws(JUnitValidationError) {
        _ = initialized
        guard let schema = EmbeddedResources.schemas[profile.schemaName] else {
            throw JUnitValidationError(
                source: source, profile: profile, details: "the binary carries no \(profile.schemaName)", wellFormed: true)
        }
        var message = [CChar](repeating: 0, count: 4096)
        let xsdBytes = Array(schema.utf8)
        let result = xsdBytes.withUnsafeBufferPointer { xsd in
            xml.withUnsafeBufferPointer { doc in
                xsd.withMemoryRebound(to: CChar.self) { xsdChars in
                    doc.withMemoryRebound(to: CChar.self) { docChars in
                        rr_xml_validate(xsdChars.baseAddress, xsd.count, docChars.baseAddress, doc.count, &message, message.count)
                    }
                }
            }
        }
        guard result != 0 else { return }
        let details = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        switch result {
        case 2: throw JUnitValidationError(source: source, profile: profile, details: details, wellFormed: false)
        case 3:
            throw JUnitValidationError(source: source, profile: profile, details: "the schema does not load: \(details)", wellFormed: true)
        default: throw JUnitValidationError(source: source, profile: profile, details: details, wellFormed: true)
        }
    }
}
