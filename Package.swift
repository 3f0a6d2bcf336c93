// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "runreport",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "runreport", targets: ["runreport"])
    ],
    dependencies: [
        // The CLI's commands, options, help and exit codes.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Logic-less templates for every human- and machine-facing report.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // zlib, for reading `.json.gz` runs (Foundation on Linux has no decompression API).
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib"),
        // libxml2, for validating JUnit XML against its XSD. Only CXMLValidation includes it.
        .systemLibrary(name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0"),
        // The libxml2 calls, in C: Swift importing libxml2 next to Foundation fails in debug builds.
        .target(name: "CXMLValidation", dependencies: ["CLibXML2"]),
        // libcurl, for the Currents API. Only CHTTP includes it (curl_easy_setopt is variadic).
        .systemLibrary(name: "CLibCurl", path: "Sources/CLibCurl", pkgConfig: "libcurl"),
        // The libcurl calls, in C: no redirects, no automatic inflating, proxies only for https.
        .target(name: "CHTTP", dependencies: ["CLibCurl"]),
        // libsqlite3, for the history database (`docs/history-db.md`): the system library through a
        // small wrapper (Sources/RunReport/History/SQLite.swift) rather than GRDB, because the store
        // needs a dozen prepared statements, not a query builder, and a system library adds nothing
        // to compile to every CI build.
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3"),
        // Build tool: turns Templates/ and Schemas/ into Swift source (see the plugin).
        .executableTarget(name: "resource-embedder"),
        .plugin(name: "EmbedResources", capability: .buildTool(), dependencies: ["resource-embedder"]),
        // All behaviour: decode → analyse → render → write.
        .target(
            name: "RunReport",
            dependencies: [
                "CZlib", "CXMLValidation", "CHTTP", "CSQLite",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            plugins: ["EmbedResources"]
        ),
        // The thin command-line front end.
        .executableTarget(
            name: "runreport",
            dependencies: [
                "RunReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The libFuzzer target over decode → analyse → render. scripts/fuzz.sh builds it with
        // `-DFUZZING -sanitize=fuzzer,address`; a plain build makes it a replayer of fuzz inputs.
        .executableTarget(name: "runreport-fuzz", dependencies: ["RunReport"]),
        .testTarget(
            name: "RunReportTests",
            // The executable is a dependency so that `swift test` builds it for the CLI tests.
            dependencies: ["RunReport", "runreport"],
            exclude: ["Fixtures", "Golden", "FakeCurrents", "Hostile"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
