import Mustache

/// A Mustache template of the small subset the JUnit templates use, rendered without
/// swift-mustache's per-variable overhead (stack search, a dozen dynamic casts, `String(describing:)`),
/// which at 200,000 test cases costs seconds.
///
/// The subset: text, `{{name}}`, `{{{name}}}`/`{{& name}}`, `{{#name}}…{{/name}}` and
/// `{{^name}}…{{/name}}` over a `Bool` or an optional `String`, comments, and a leading
/// `{{% CONTENT_TYPE: XML}}` pragma; standalone tag lines are removed as the Mustache spec
/// says. A template outside the subset does not compile (`init` returns `nil`) and the caller renders
/// with swift-mustache. `BoundTemplate` renders it for one `CompiledContext` type, reading values
/// through the readers its names resolve to. Tests check that both engines give the same bytes for every fixture.
struct CompiledTemplate: Sendable {
    indirect enum Node: Sendable {
        case text([UInt8])
        case variable(String, escaped: Bool)
        case section(String, inverted: Bool, [Node])
    }

    let nodes: [Node]

    private enum Token {
        case text(Substring)
        case variable(String, escaped: Bool)
        case open(String, inverted: Bool)
        case close(String)
        /// A comment or the pragma: renders nothing.
        case silent
    }

    init?(source: String) {
        // The pragma must come first: before it, swift-mustache would use its own HTML escaper.
        // Carriage returns are left to swift-mustache (a "\r\n" is one Character in Swift).
        guard source.hasPrefix("{{%"), !source.unicodeScalars.contains("\r"), var tokens = Self.tokenize(source) else { return nil }
        Self.removeStandaloneLines(&tokens)
        var stack: [(name: String, inverted: Bool, nodes: [Node])] = [("", false, [])]
        for token in tokens {
            switch token {
            case .text(let text):
                if !text.isEmpty { stack[stack.count - 1].nodes.append(.text(Array(text.utf8))) }
            case .variable(let name, let escaped):
                stack[stack.count - 1].nodes.append(.variable(name, escaped: escaped))
            case .open(let name, let inverted):
                stack.append((name, inverted, []))
            case .close(let name):
                guard stack.count > 1, let open = stack.popLast(), open.name == name else { return nil }
                stack[stack.count - 1].nodes.append(.section(open.name, inverted: open.inverted, open.nodes))
            case .silent:
                break
            }
        }
        guard stack.count == 1 else { return nil }
        nodes = stack[0].nodes
    }

    /// Byte for byte what `MarkupEscaper.escapeXML` writes (`& < "` as entities, and `>` after `]]`; the
    /// characters XML 1.0 forbids dropped: C0 controls but tab, LF, CR, and U+FFFE/U+FFFF; a Swift
    /// string holds no lone surrogate; bidi controls dropped too), without building a String per value.
    static func appendEscaped(_ value: inout String, to out: inout [UInt8]) {
        let valueStart = out.count
        value.withUTF8 { bytes in
            var start = 0
            var i = 0
            let n = bytes.count
            while i < n {
                let b = bytes[i]
                let entity: StaticString?
                var skip = 1
                switch b {
                case 0x26: entity = "&amp;"
                case 0x3C: entity = "&lt;"
                case 0x3E:
                    // `>` closes `]]>` only after two `]` as written (a dropped character between them
                    // does not part them): look at this value's output so far.
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                    start = i
                    let written = out.count - valueStart
                    guard written >= 2, out[out.count - 1] == 0x5D, out[out.count - 2] == 0x5D else {
                        i += 1
                        continue
                    }
                    entity = "&gt;"
                case 0x22: entity = "&quot;"
                case 0x09, 0x0A, 0x0D:
                    i += 1
                    continue
                case 0..<0x20: entity = ""
                case 0xEF where i + 2 < n && bytes[i + 1] == 0xBF && (bytes[i + 2] == 0xBE || bytes[i + 2] == 0xBF):
                    entity = ""
                    skip = 3
                case 0xE2, 0xD8:
                    let length = TextSanitizer.bidiControlLength(bytes, at: i)
                    guard length > 0 else {
                        i += 1
                        continue
                    }
                    entity = ""
                    skip = length
                default:
                    i += 1
                    continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                if let entity { out.append(contentsOf: UnsafeBufferPointer(start: entity.utf8Start, count: entity.utf8CodeUnitCount)) }
                i += skip
                start = i
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<n]))
        }
    }

    // MARK: Parsing

    private static func tokenize(_ source: String) -> [Token]? {
        var tokens: [Token] = []
        var rest = source[...]
        while let open = rest.range(of: "{{") {
            tokens.append(.text(rest[..<open.lowerBound]))
            rest = rest[open.upperBound...]
            if rest.first == "{" {
                guard let close = rest.range(of: "}}}") else { return nil }
                guard let name = simpleName(rest[rest.index(after: rest.startIndex)..<close.lowerBound]) else { return nil }
                tokens.append(.variable(name, escaped: false))
                rest = rest[close.upperBound...]
                continue
            }
            guard let close = rest.range(of: "}}") else { return nil }
            let body = rest[..<close.lowerBound]
            rest = rest[close.upperBound...]
            guard let sigil = body.first else { return nil }
            switch sigil {
            case "!":
                tokens.append(.silent)
            case "%":
                let pragma = body.dropFirst().split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }
                // XML only: an HTML template escapes more (`MarkupEscaper`), so it renders with swift-mustache.
                guard pragma.count == 2, pragma[0] == "CONTENT_TYPE", pragma[1] == "XML" else { return nil }
                tokens.append(.silent)
            case "#", "^", "/", "&":
                guard let name = simpleName(body.dropFirst()) else { return nil }
                switch sigil {
                case "#": tokens.append(.open(name, inverted: false))
                case "^": tokens.append(.open(name, inverted: true))
                case "/": tokens.append(.close(name))
                default: tokens.append(.variable(name, escaped: false))
                }
            default:
                // Partials, blocks, delimiter changes, `.`, dotted names, transforms: not in the subset.
                guard let name = simpleName(body) else { return nil }
                tokens.append(.variable(name, escaped: true))
            }
        }
        tokens.append(.text(rest))
        return tokens
    }

    /// A plain identifier (letters, digits, `_`, `-`), trimmed; `nil` otherwise.
    private static func simpleName(_ text: Substring) -> String? {
        let name = text.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty,
            name.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" })
        else { return nil }
        return name
    }

    /// A section, inverted-section, closing, comment or pragma tag alone on its line (only spaces or
    /// tabs beside it) takes the whole line with it, newline included (Mustache spec, "Standalone").
    private static func removeStandaloneLines(_ tokens: inout [Token]) {
        func isBlank(_ s: Substring) -> Bool { s.allSatisfy { $0 == " " || $0 == "\t" } }
        var standalone: [Int] = []
        for i in tokens.indices {
            switch tokens[i] {
            case .open, .close, .silent: break
            default: continue
            }
            // Before: start of the template or of a line, then blanks only.
            guard i > 0, case .text(let before) = tokens[i - 1] else { continue }
            let lineStart = before.lastIndex(of: "\n").map { before.index(after: $0) } ?? before.startIndex
            guard isBlank(before[lineStart...]), before.contains("\n") || i == 1 else { continue }
            // After: blanks, then the end of a line or of the template.
            guard i + 1 < tokens.count, case .text(let after) = tokens[i + 1] else { continue }
            let lineEnd = after.firstIndex(of: "\n") ?? after.endIndex
            guard isBlank(after[..<lineEnd]) else { continue }
            guard lineEnd != after.endIndex || i + 1 == tokens.count - 1 else { continue }
            standalone.append(i)
        }
        for i in standalone {
            if case .text(let before) = tokens[i - 1] {
                let lineStart = before.lastIndex(of: "\n").map { before.index(after: $0) } ?? before.startIndex
                tokens[i - 1] = .text(before[..<lineStart])
            }
            if case .text(let after) = tokens[i + 1] {
                let lineEnd = after.firstIndex(of: "\n").map { after.index(after: $0) } ?? after.endIndex
                tokens[i + 1] = .text(after[lineEnd...])
            }
        }
    }
}
