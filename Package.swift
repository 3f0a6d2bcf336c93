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
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        // zlib, for reading `.json.gz` runs (Foundation on Linux has no decompression API).
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib"),
        // All behaviour: decode → analyse → render → write.
        .target(
            name: "RunReport",
            dependencies: ["CZlib"]
        ),
        // The thin command-line front end.
        .executableTarget(
            name: "runreport",
            dependencies: [
                "RunReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "RunReportTests",
            // The executable is a dependency so that `swift test` builds it for the CLI tests.
            dependencies: ["RunReport", "runreport"],
            exclude: ["Fixtures", "Golden"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
