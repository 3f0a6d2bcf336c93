import Foundation
import PackagePlugin

/// Turns `Templates/` and `Schemas/` into Swift source, so that the binary carries its templates and
/// XSDs and renders when copied alone anywhere (`Bundle.module` would trap away from its build
/// folder). The files stay the single copy; the generated source is never committed.
@main
struct EmbedResources: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        let folders = ["Templates", "Schemas"].map { root.appending(path: $0) }
        var inputs: [URL] = []
        for folder in folders {
            guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else {
                continue
            }
            for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                inputs.append(url)
            }
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedResources.swift")
        return [
            .buildCommand(
                displayName: "Embedding Templates/ and Schemas/",
                executable: try context.tool(named: "resource-embedder").url,
                arguments: [output.path] + folders.map(\.path),
                inputFiles: inputs,
                outputFiles: [output])
        ]
    }
}
