import Mustache
import Synchronization

/// A view model that swift-mustache reads one property at a time. Left to itself, swift-mustache
/// finds a variable by `Mirror(reflecting:).children.filter { $0.label == name }.first`: it boxes
/// every property of the context to compare one label. A name that a row does not hold (an absent
/// optional, a section flag of the page) is then looked for down the context stack, down to the
/// page's root view model and its 55 properties, which hold the report's large parts — on the
/// 2,000-spec benchmark run that boxing was most of the HTML's template time. A conforming type is
/// reflected the same way, but only the property asked for is read, by its position in a table of
/// labels built once per type: the same values, found by the same names.
package protocol ReflectedContext: MustacheParent {}

extension ReflectedContext {
    package func child(named name: String) -> Any? {
        let mirror = Mirror(reflecting: self)
        guard let offset = ReflectedLabels.offset(of: name, in: Self.self, mirror: mirror) else { return nil }
        let children = mirror.children
        let value = children[children.index(children.startIndex, offsetBy: offset)].value
        // As swift-mustache does: an optional's value, or nothing (the lookup goes on down the stack).
        if let optional = value as? any OptionalValue { return optional.wrappedValue }
        return value
    }
}

/// Each reflected type's property names with their positions, built on first use.
private enum ReflectedLabels {
    private static let tables = Mutex<[ObjectIdentifier: [String: Int]]>([:])

    static func offset(of name: String, in type: Any.Type, mirror: Mirror) -> Int? {
        let key = ObjectIdentifier(type)
        if let table = tables.withLock({ $0[key] }) { return table[name] }
        var table: [String: Int] = [:]
        for (offset, child) in mirror.children.enumerated() {
            if let label = child.label, table[label] == nil { table[label] = offset }
        }
        tables.withLock { $0[key] = table }
        return table[name]
    }
}

private protocol OptionalValue {
    var wrappedValue: Any? { get }
}

extension Optional: OptionalValue {
    fileprivate var wrappedValue: Any? { self.map { $0 } }
}
