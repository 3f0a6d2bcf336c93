import ArgumentParser
import Foundation

/// A comma-separated list of values, as `--format html,junit` and `--fail-on failed,flaky` take:
/// spaces around a word are ignored, empty words skipped, a repeated value kept once, in the order
/// given. Its values are the element type's, so `--help` lists them and a word that is none of them
/// gets argument-parser's own message naming them.
struct CommaSeparated<Element>: ExpressibleByArgument
where Element: ExpressibleByArgument & CaseIterable & RawRepresentable<String> & Equatable {
    var elements: [Element]

    init(_ elements: [Element]) { self.elements = elements }

    init?(argument: String) {
        elements = []
        for word in argument.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !word.isEmpty {
            guard let element = Element(argument: word) else { return nil }
            if !elements.contains(element) { elements.append(element) }
        }
    }

    var defaultValueDescription: String { elements.map(\.rawValue).joined(separator: ",") }

    static var allValueStrings: [String] { Element.allValueStrings }
}
