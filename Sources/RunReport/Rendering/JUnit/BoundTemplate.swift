/// A compiled template with its names resolved to the readers of one view model type.
struct BoundTemplate<Context: CompiledContext>: Sendable {
    typealias Reader = @Sendable (Context) -> CompiledValue

    indirect enum Node: Sendable {
        case text([UInt8])
        /// `nil`: a name the type does not have (renders as absent).
        case variable(Reader?, escaped: Bool)
        case section(Reader?, inverted: Bool, [Node])
    }

    let nodes: [Node]

    init(_ template: CompiledTemplate) {
        let readers = Dictionary(Context.variables.map { ($0.name, $0.read) }, uniquingKeysWith: { first, _ in first })
        func bind(_ nodes: [CompiledTemplate.Node]) -> [Node] {
            nodes.map { node in
                switch node {
                case .text(let text): .text(text)
                case .variable(let name, let escaped): .variable(readers[name], escaped: escaped)
                case .section(let name, let inverted, let inner): .section(readers[name], inverted: inverted, bind(inner))
                }
            }
        }
        nodes = bind(template.nodes)
    }

    func append(_ object: Context, to out: inout [UInt8]) {
        Self.render(nodes, object, into: &out)
    }

    func render(_ object: Context) -> String {
        var out: [UInt8] = []
        append(object, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static func render(_ nodes: [Node], _ object: Context, into out: inout [UInt8]) {
        for node in nodes {
            switch node {
            case .text(let text):
                out += text
            case .variable(let read, let escaped):
                guard let read else { continue }
                switch read(object) {
                case .text(var value):
                    if escaped { CompiledTemplate.appendEscaped(&value, to: &out) } else { out += value.utf8 }
                case .flag(let value): out += (value ? "true" : "false").utf8
                case .absent: break
                }
            case .section(let read, let inverted, let inner):
                let show: Bool
                switch read?(object) ?? .absent {
                case .absent: show = inverted
                case .flag(let flag): show = flag != inverted
                case .text: show = !inverted
                }
                if show { render(inner, object, into: &out) }
            }
        }
    }
}
