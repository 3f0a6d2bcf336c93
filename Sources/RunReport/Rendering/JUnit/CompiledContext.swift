import Mustache

/// A view model that compiled templates read without `Any` or name comparisons. Its variables are
/// listed once, each name with how to read it; swift-mustache reads the very same values through
/// `child(named:)`, derived from that list.
package protocol CompiledContext: MustacheParent {
    static var variables: [CompiledVariable<Self>] { get }
}

/// One template variable of a view model: its name and how to read it.
package struct CompiledVariable<Context>: Sendable {
    package let name: String
    package let read: @Sendable (Context) -> CompiledValue

    package static func text(_ name: String, _ read: @escaping @Sendable (Context) -> String) -> Self {
        Self(name: name) { .text(read($0)) }
    }

    /// Absent when `nil`.
    package static func text(_ name: String, _ read: @escaping @Sendable (Context) -> String?) -> Self {
        Self(name: name) { context in
            if let value = read(context) { .text(value) } else { .absent }
        }
    }

    package static func flag(_ name: String, _ read: @escaping @Sendable (Context) -> Bool) -> Self {
        Self(name: name) { .flag(read($0)) }
    }
}

/// A template variable's value: text, a flag (for sections), or nothing.
package enum CompiledValue {
    case text(String)
    case flag(Bool)
    case absent
}

extension CompiledContext {
    /// Each view model is rendered as the whole context, so an absent value (`nil`) finds nothing
    /// further up the stack: an empty variable, a hidden section, a shown inverted section.
    package func child(named name: String) -> Any? {
        guard let variable = Self.variables.first(where: { $0.name == name }) else { return nil }
        switch variable.read(self) {
        case .text(let text): return text
        case .flag(let flag): return flag
        case .absent: return nil
        }
    }
}
