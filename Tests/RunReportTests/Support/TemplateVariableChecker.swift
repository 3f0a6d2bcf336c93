import Foundation
import Testing

@testable import RunReport

/// Records an issue for every name that `template` uses and `model` does not have, so that renaming
/// a view-model property (or misspelling a variable in a template) fails a test instead of
/// silently blanking a section: swift-mustache renders a name it cannot find as nothing.
///
/// `model` is a real view-model value, reflected with `Mirror` as swift-mustache does. Every list
/// section the template enters must have at least one item in it and every Optional section over a
/// struct must be set, or the check fails naming the section: pick or build a `Summary` that
/// exercises them all.
///
/// To check another view model, e.g. the HTML report's once it is typed:
///
///     @Test func htmlReportUsesOnlyTheViewModelsNames() throws {
///         let model = HTMLViewModel(try TemplateVariablesTests.everySection(), …)
///         checkVariables(template: "html/report.html", model: model)
///     }
///
/// Its partials (`{{> html/specs}}`) are followed, and a name they lack is reported against the
/// partial's own name. A `[String: Any]` context works too (its keys are its names), so the check
/// can come before the conversion.
func checkVariables(
    template: String, model: Any, sources: [String: String] = TemplateVariableChecker.builtInSources,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    for problem in TemplateVariableChecker(sources: sources).problems(template: template, model: model) {
        Issue.record(Comment(rawValue: problem), sourceLocation: sourceLocation)
    }
}

/// Parses Mustache templates into their tags and resolves every name against a view-model value the
/// way swift-mustache 2.x does: the first component of a name in the innermost section's value
/// first, then the enclosing ones up to the root (a leading `.` looks in the innermost only), the
/// rest of a dotted name in what the first found; stored properties by `Mirror` (its `children`,
/// as swift-mustache reads them), keys of a `[String: Any]`; Optionals unwrapped.
///
/// Supported: `{{x}}`, `{{{x}}}`, `{{&x}}`, `{{#x}}`/`{{^x}}` … `{{/x}}`, dotted names, `{{.}}`,
/// `{{! comments }}`, `{{% pragmas}}`, `{{=<% %>=}}`, partials `{{> name}}` (followed, recursion
/// cut), parents `{{< name}}` with blocks `{{$x}}` (the blocks checked where they stand, the parent
/// followed), transforms `{{f(g(x))}}` (the `x` checked; `{{first()}}` and the like are not names).
/// A section over an `Array` or a `Set` descends into its items (every one, so an item's nil
/// Optional is fine where another item has it set), over an Optional into its value, over a `Bool`
/// stays where it is; an inverted section stays where it is.
///
/// Not supported: lambdas and `MustacheParent`/`MustacheCustomRepresentation` types other than
/// dictionaries (seen as plain values by `Mirror`), dynamic partials `{{>*x}}` (the `x` is checked
/// but the partial it names is not followed), and the look-up going on outward when the name is
/// found but nil (the checker stops where it finds the name, which is what a template means).
struct TemplateVariableChecker {
    /// The built-in templates by name (`markdown/summary.md`, `html/specs`).
    static var builtInSources: [String: String] {
        Dictionary(TemplateSet.builtInSources.map { ($0.name, $0.text) }, uniquingKeysWith: { a, _ in a })
    }

    let sources: [String: String]

    init(sources: [String: String] = Self.builtInSources) {
        self.sources = sources
    }

    /// One line per problem, in template order, each once.
    func problems(template: String, model: Any) -> [String] {
        var run = Run(sources: sources, modules: Self.modules(of: model))
        run.check(template: template, stack: [Context(values: [model], type: run.typeName(model))], sections: [], expanding: [])
        var seen: Set<String> = []
        return run.problems.filter { seen.insert($0).inserted }
    }

    /// The module of the model's type, `Swift` and `Foundation`: left out of type names in messages.
    private static func modules(of model: Any) -> [String] {
        let name = String(reflecting: type(of: model))
        let module = name.prefix { $0 != "." }
        return Array(Set([String(module), "Swift", "Foundation"]))
    }

    // MARK: - Tags

    indirect enum Node: Equatable {
        /// `{{x}}`, `{{{x}}}`, `{{&x}}`.
        case name(String)
        case section(String, inverted: Bool, body: [Node])
        case partial(String)
        /// `{{>*x}}`: the partial named by `x`.
        case dynamicPartial(String)
        /// `{{<x}}` … `{{/x}}`: the partial `x` with blocks in place of its own.
        case parent(String, body: [Node])
        /// `{{$x}}` … `{{/x}}`.
        case block(String, body: [Node])
    }

    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    /// The tags of `text`, sections nested.
    static func parse(_ text: String) throws(ParseError) -> [Node] {
        var open = "{{", close = "}}"
        // The open sections, innermost last: what opened it, its name and the tags so far.
        var stack: [(sigil: Character, name: String, nodes: [Node])] = [("\0", "", [])]
        var rest = text[...]
        func line(_ at: Substring.Index) -> Int { text[..<at].count(where: { $0 == "\n" }) + 1 }
        while let start = rest.range(of: open) {
            var body = rest[start.upperBound...]
            var end = close
            if open == "{{", body.first == "{" { end = "}" + close }  // {{{x}}}
            guard let stop = body.range(of: end) else {
                throw ParseError(description: "line \(line(start.lowerBound)): `\(open)` is not closed")
            }
            let tag = body[..<stop.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
            body = body[stop.upperBound...]
            rest = body
            let sigil = tag.first ?? " "
            let name = String(tag.dropFirst()).trimmingCharacters(in: .whitespaces)
            switch sigil {
            case "!", "%": break
            case "=":
                let parts = tag.dropFirst().dropLast().split(whereSeparator: \.isWhitespace)
                guard tag.hasSuffix("="), parts.count == 2 else {
                    throw ParseError(description: "line \(line(start.lowerBound)): bad set-delimiter tag `\(tag)`")
                }
                open = String(parts[0])
                close = String(parts[1])
            case "#", "^", "<", "$": stack.append((sigil, name, []))
            case "/":
                guard stack.count > 1, let top = stack.last, top.name == name else {
                    throw ParseError(
                        description: "line \(line(start.lowerBound)): `/\(name)` closes "
                            + (stack.count > 1 ? "`\(stack[stack.count - 1].sigil)\(stack[stack.count - 1].name)`" : "nothing"))
                }
                stack.removeLast()
                let node: Node =
                    switch top.sigil {
                    case "#", "^": .section(name, inverted: top.sigil == "^", body: top.nodes)
                    case "<": .parent(name, body: top.nodes)
                    default: .block(name, body: top.nodes)
                    }
                stack[stack.count - 1].nodes.append(node)
            case ">":
                let node: Node = name.hasPrefix("*") ? .dynamicPartial(String(name.dropFirst())) : .partial(name)
                stack[stack.count - 1].nodes.append(node)
            case "{", "&":
                let inner = sigil == "{" && tag.hasSuffix("}") ? String(name.dropLast()) : name
                stack[stack.count - 1].nodes.append(.name(inner.trimmingCharacters(in: .whitespaces)))
            default: stack[stack.count - 1].nodes.append(.name(tag))
            }
        }
        guard stack.count == 1 else {
            throw ParseError(description: "`\(stack[stack.count - 1].sigil)\(stack[stack.count - 1].name)` is not closed")
        }
        return stack[0].nodes
    }

    /// The name a tag looks up: `x` of `f(g(x))`; empty for a transform of the list position, `first()`.
    static func baseName(_ tag: String) -> String {
        guard let open = tag.firstIndex(of: "("), let close = tag.lastIndex(of: ")"), open < close else { return tag }
        return baseName(String(tag[tag.index(after: open)..<close]).trimmingCharacters(in: .whitespaces))
    }

    // MARK: - Resolution

    /// What a section pushed: samples of its value (every item of a list), and what to call its type.
    /// No values: a nil Optional of a type without names (`String?`), so only the enclosing ones answer.
    struct Context {
        var values: [Any]
        var type: String
    }

    /// A found value: set, or a nil Optional of this type.
    enum Found {
        case value(Any)
        case none(Any.Type)
    }

    private struct Run {
        let sources: [String: String]
        let modules: [String]
        var problems: [String] = []
        var parsed: [String: [Node]] = [:]

        mutating func check(template: String, stack: [Context], sections: [String], expanding: [String]) {
            guard !expanding.contains(template) else { return }
            guard let text = sources[template] else {
                problems.append("template \(template) does not exist")
                return
            }
            let nodes: [Node]
            if let cached = parsed[template] {
                nodes = cached
            } else {
                do {
                    nodes = try TemplateVariableChecker.parse(text)
                } catch {
                    problems.append("template \(template) does not parse: \(error)")
                    return
                }
                parsed[template] = nodes
            }
            check(nodes, template: template, stack: stack, sections: sections, expanding: expanding + [template])
        }

        mutating func check(_ nodes: [Node], template: String, stack: [Context], sections: [String], expanding: [String]) {
            for node in nodes {
                switch node {
                case .name(let tag), .dynamicPartial(let tag):
                    _ = resolve(tag, template: template, stack: stack, sections: sections)
                case .partial(let name):
                    guard sources[name] != nil else {
                        problems.append("template \(template) uses the partial `\(name)`, which does not exist")
                        continue
                    }
                    check(template: name, stack: stack, sections: sections, expanding: expanding)
                case .parent(let name, let body):
                    check(body, template: template, stack: stack, sections: sections, expanding: expanding)
                    guard sources[name] != nil else {
                        problems.append("template \(template) uses the partial `\(name)`, which does not exist")
                        continue
                    }
                    check(template: name, stack: stack, sections: sections, expanding: expanding)
                case .block(_, let body):
                    check(body, template: template, stack: stack, sections: sections, expanding: expanding)
                case .section(let tag, inverted: true, let body):
                    _ = resolve(tag, template: template, stack: stack, sections: sections)
                    check(body, template: template, stack: stack, sections: sections + ["^" + tag], expanding: expanding)
                case .section(let tag, inverted: false, let body):
                    guard let found = resolve(tag, template: template, stack: stack, sections: sections) else { continue }
                    let inner: [Context]
                    switch enter(tag, found: found, template: template, sections: sections) {
                    case .push(let context): inner = stack + [context]
                    case .stay: inner = stack
                    case .skip: continue
                    }
                    check(body, template: template, stack: inner, sections: sections + ["#" + tag], expanding: expanding)
                }
            }
        }

        enum Entry {
            case push(Context)
            /// A `Bool`: the section's contents look up names where it stands.
            case stay
            /// Nothing in the model lets the checker see inside (a problem, recorded).
            case skip
        }

        /// What the section `#tag` pushes.
        mutating func enter(_ tag: String, found: [Found], template: String, sections: [String]) -> Entry {
            let section = "`#\(tag)`" + (sections.last.map { " inside `\($0)`" } ?? "")
            var values: [Any] = []
            var listTypes: [String] = [], nilTypes: [Any.Type] = []
            var onlyBools = true
            for f in found {
                switch f {
                case .none(let type): nilTypes.append(type)
                case .value(let v) where v is Bool: break
                case .value(let v):
                    onlyBools = false
                    if let array = v as? [Any] {
                        values += array
                        listTypes.append(typeName(v))
                    } else if Mirror(reflecting: v).displayStyle == .set {
                        values += Mirror(reflecting: v).children.map(\.value)
                        listTypes.append(typeName(v))
                    } else if Mirror(reflecting: v).displayStyle == .collection {
                        problems.append(
                            "template \(template) uses `\(tag)` as a section over \(typeName(v)), which swift-mustache does not iterate; make it an Array"
                        )
                        return .skip
                    } else {
                        values.append(v)
                    }
                }
            }
            if !values.isEmpty { return .push(Context(values: values, type: typeName(values[0]))) }
            if !listTypes.isEmpty {
                problems.append(
                    "template \(template)'s section \(section) is an empty \(listTypes[0]) in the model, so what is inside it is not checked; give it an item"
                )
                return .skip
            }
            if onlyBools, nilTypes.allSatisfy({ $0 == Bool.self }) { return .stay }
            if let type = nilTypes.first, nilTypes.allSatisfy(Self.hasNoNames) {
                return .push(Context(values: [], type: typeName(type)))
            }
            problems.append(
                "template \(template)'s section \(section) is nil in the model, so what is inside it is not checked; set it")
            return .skip
        }

        /// What `tag` finds, or nil (a problem, recorded) when the model does not have it.
        mutating func resolve(_ tag: String, template: String, stack: [Context], sections: [String]) -> [Found]? {
            let name = TemplateVariableChecker.baseName(tag)
            if name == "." || name.isEmpty { return stack.last.map { $0.values.map(Found.value) } ?? [] }
            let parts = name.split(separator: ".").map(String.init)
            let inside = sections.last.map { " inside `\($0)`" } ?? ""
            func missing(_ type: String) -> [Found]? {
                problems.append("template \(template) uses `\(name)`\(inside), which \(type) does not have")
                return nil
            }
            guard let first = parts.first else { return missing(stack.last?.type ?? "the model") }
            let searched = name.hasPrefix(".") ? Array(stack.suffix(1)) : Array(stack.reversed())
            guard
                let found = searched.lazy.map({ context in context.values.compactMap { Self.child(first, of: $0) } }).first(where: {
                    !$0.isEmpty
                })
            else { return missing(stack.last?.type ?? "the model") }
            var current = found.map(Self.unwrap)
            for (i, part) in parts.enumerated().dropFirst() {
                let set = current.compactMap { if case .value(let v) = $0 { v } else { nil } }
                guard !set.isEmpty else {
                    problems.append(
                        "template \(template) uses `\(name)`\(inside), but `\(parts[..<i].joined(separator: "."))` is nil in the model, so it is not checked; set it"
                    )
                    return nil
                }
                let children = set.compactMap { Self.child(part, of: $0) }
                guard !children.isEmpty else { return missing(typeName(set[0])) }
                current = children.map(Self.unwrap)
            }
            return current
        }

        /// The property or key `name` of `value`, as swift-mustache reads it; Optionals not unwrapped.
        static func child(_ name: String, of value: Any) -> Any? {
            if let dictionary = value as? [String: Any] { return dictionary[name] }
            return Mirror(reflecting: value).children.first { $0.label == name }?.value
        }

        static func unwrap(_ value: Any) -> Found {
            let mirror = Mirror(reflecting: value)
            guard mirror.displayStyle == .optional else { return .value(value) }
            if let wrapped = mirror.children.first { return unwrap(wrapped.value) }
            var type: Any.Type = Swift.type(of: value)
            while let optional = type as? any OptionalType.Type { type = optional.wrappedType }
            return .none(type)
        }

        /// Types whose values have no names for a template to look up, so a nil Optional of one can be
        /// entered all the same.
        static func hasNoNames(_ type: Any.Type) -> Bool {
            type is any StringProtocol.Type || type is any Numeric.Type || type == Bool.self || type == Character.self
        }

        func typeName(_ value: Any) -> String { typeName(Swift.type(of: value)) }

        func typeName(_ type: Any.Type) -> String {
            var name = String(reflecting: type)
            for module in modules { name = name.replacingOccurrences(of: module + ".", with: "") }
            return name
        }
    }
}

private protocol OptionalType {
    static var wrappedType: Any.Type { get }
}

extension Optional: OptionalType {
    fileprivate static var wrappedType: Any.Type { Wrapped.self }
}
