/// The JSON Schemas of the files the tool writes for machines (`summary.json`), carried in the
/// binary from `Schemas/*.schema.json` so that `runreport schema NAME` prints that very file, the
/// one the schema tests validate against.
package enum OutputSchemas {
    /// Name (`summary` for `Schemas/summary.schema.json`) → the file's text, sorted by name.
    package static let all: [(name: String, text: String)] = EmbeddedResources.jsonSchemas.map { (name(ofFile: $0.name), $0.text) }

    /// The names `runreport schema` lists.
    package static var names: [String] { all.map(\.name) }

    /// The text of the schema called `name`, exactly as the file holds it.
    package static func text(named name: String) -> String? {
        all.first { $0.name == name }?.text
    }

    /// `summary.schema.json` → `summary`; a JSON file named otherwise loses `.json` only.
    static func name(ofFile file: String) -> String {
        var name = file.hasSuffix(".json") ? String(file.dropLast(5)) : file
        if name.hasSuffix(".schema") { name.removeLast(7) }
        return name
    }
}
