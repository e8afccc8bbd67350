// swift-tools-version: 6.1
// Parser benchmarks (package-benchmark), kept out of the main package so that its dependency
// never reaches users of cachebench. Run: `swift package --scratch-path .build-bench benchmark`.
import PackageDescription

let package = Package(
    name: "cachebench-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "cachebench", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "ParserThroughput",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "BuildLogParsing", package: "cachebench"),
            ],
            path: "Benchmarks/ParserThroughput",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
