/// `<property name value>`.
package struct JUnitProperty: CompiledContext, Sendable {
    package var name: String
    package var value: String

    package static let variables: [CompiledVariable<Self>] = [
        .text("name") { $0.name },
        .text("value") { $0.value },
    ]
}
