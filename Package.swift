// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "cachebench",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "cachebench", targets: ["cachebench"]),
        .library(name: "DockerfileModel", targets: ["DockerfileModel"]),
        .library(name: "BuildLogParsing", targets: ["BuildLogParsing"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // Dockerfile parser, AST dump, stage graph, change impact. No dependencies.
        .target(name: "DockerfileModel"),
        // Streaming parsers for every log the engines print. No dependencies.
        .target(name: "BuildLogParsing"),
        // Subprocesses, capabilities, sandbox (dockerd, registry, buildah), base-image seeding.
        .target(
            name: "BuildEngine",
            dependencies: [.product(name: "Subprocess", package: "swift-subprocess")]
        ),
        // Test doubles (ReplayProcessRunner), for test targets only: never a dependency of the executable or a library.
        .target(name: "CacheBenchTestSupport", dependencies: ["BuildEngine"]),
        // SQLite schema, migrations, records, queries.
        .target(name: "ResultStore", dependencies: ["CZlib", .product(name: "GRDB", package: "GRDB.swift")]),
        // zlib, for the raw logs the store keeps compressed in chunks.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Strategies, scenarios, plan, runner, progress.
        .target(
            name: "BenchRunner",
            dependencies: [
                "DockerfileModel", "BuildLogParsing", "BuildEngine", "ResultStore", "BenchAnalysis",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // Statistics, step accounting, missed steps, bytes, effectiveness, regression, recommendation, history,
        // prediction error: everything reports show, worked out from stored runs.
        .target(name: "BenchAnalysis", dependencies: ["ResultStore", "DockerfileModel"]),
        // Renderers, one per document and format: text, Markdown, JSON, HTML, CSV. Reads stored runs only through
        // BenchAnalysis (BuildEngine for the shell-script words of printed scripts).
        .target(
            name: "BenchReports",
            dependencies: ["BenchAnalysis", "BuildEngine", .product(name: "Yams", package: "Yams")]
        ),
        .executableTarget(
            name: "cachebench",
            dependencies: [
                "DockerfileModel", "BuildLogParsing", "BuildEngine", "ResultStore",
                "BenchRunner", "BenchAnalysis", "BenchReports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "DockerfileModelTests", dependencies: ["DockerfileModel"], exclude: ["Fixtures"]),
        .testTarget(name: "BuildLogParsingTests", dependencies: ["BuildLogParsing"], exclude: ["Fixtures"]),
        .testTarget(name: "BuildEngineTests", dependencies: ["BuildEngine", "CacheBenchTestSupport"]),
        .testTarget(
            name: "ResultStoreTests",
            dependencies: ["ResultStore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "BenchRunnerTests",
            dependencies: ["BenchRunner", "BuildEngine", "ResultStore", "BuildLogParsing", "BenchAnalysis", "BenchReports",
                           "CacheBenchTestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "BenchAnalysisTests", dependencies: ["BenchAnalysis", "ResultStore"]),
        .testTarget(
            name: "BenchReportsTests",
            // BenchRunner: the reports read scripts its ScriptRenderer stored (or re-rendered for older runs).
            dependencies: ["BenchReports", "BenchAnalysis", "BenchRunner", "ResultStore", "BuildEngine",
                           .product(name: "Yams", package: "Yams")]
        ),
        // Generated hostile inputs for every parser of outside text; `scripts/fuzz.sh` runs the long version.
        .testTarget(
            name: "FuzzTests",
            dependencies: [
                "BuildLogParsing", "DockerfileModel", "BenchRunner",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["seed-config.yml"]
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "BenchRunner", "BuildEngine", "ResultStore", "BenchAnalysis", "BenchReports", "cachebench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
    ]
)

for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.swiftLanguageMode(.v6))
    target.swiftSettings = settings
}
