import Benchmark
import BuildLogParsing
import Foundation

/// The real BuildKit plain fixtures, concatenated (about 100 kB). Repeating them makes a log of any size
/// without ever holding it: the parser sees one stream of 64 KiB chunks, as it would from a pipe.
let fixtureDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Tests/BuildLogParsingTests/Fixtures")

let buildKitSample: [UInt8] = {
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: fixtureDirectory.path)) ?? [])
        .filter { $0.hasPrefix("buildkit-") && $0.hasSuffix(".log") }.sorted()
    precondition(!names.isEmpty, "no fixtures under \(fixtureDirectory.path)")
    return names.flatMap { Array((try? Data(contentsOf: fixtureDirectory.appendingPathComponent($0))) ?? Data()) }
}()

let megabyte = 1_000_000
let chunkSize = 1 << 16

/// Feeds `total` bytes of repeated fixtures in chunks; returns the parsed log.
func parseRepeated(total: Int) -> ParsedLog {
    var parser = StreamingLogParser(format: nil)
    var sent = 0
    var offset = 0
    buildKitSample.withUnsafeBufferPointer { sample in
        while sent < total {
            let n = min(chunkSize, sample.count - offset, total - sent)
            parser.consume(bytes: UnsafeBufferPointer(rebasing: sample[offset..<(offset + n)]), at: nil)
            sent += n
            offset += n
            if offset == sample.count { offset = 0 }
        }
    }
    return parser.finish(at: nil)
}

let benchmarks: @Sendable () -> Void = {
    let metrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .throughput, .peakMemoryResident, .mallocCountTotal]

    for size in [10, 100, 1000] {
        Benchmark(
            "BuildKit plain, \(size) MB streamed",
            configuration: .init(metrics: metrics, scalingFactor: .one, maxDuration: .seconds(20), maxIterations: size >= 1000 ? 2 : 5)
        ) { benchmark in
            let log = parseRepeated(total: size * megabyte)
            blackHole(log)
            precondition(log.format == .buildkitPlain && !log.steps.isEmpty)
        }
    }

    // The same through ParsedLog.parse(contentsOf:): file reads included (from the page cache).
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("cachebench-bench-100MB.log")
    Benchmark(
        "BuildKit plain, 100 MB file",
        configuration: .init(
            metrics: metrics, scalingFactor: .one, maxDuration: .seconds(20), maxIterations: 5,
            setup: {
                guard !FileManager.default.fileExists(atPath: file.path) else { return }
                _ = FileManager.default.createFile(atPath: file.path, contents: nil)
                let handle = try FileHandle(forWritingTo: file)
                var written = 0
                let data = Data(buildKitSample)
                while written < 100 * megabyte {
                    try handle.write(contentsOf: data)
                    written += data.count
                }
                try handle.close()
            }
        )
    ) { benchmark in
        let log = try ParsedLog.parse(contentsOf: file)
        blackHole(log)
    }
}
