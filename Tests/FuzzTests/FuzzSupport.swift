import Foundation
import PropertyBased

#if canImport(Glibc)
import Glibc
#endif

/// How many inputs each fuzz target gets: a smoke run by default, `CACHEBENCH_FUZZ_INPUTS` for the real one
/// (`scripts/fuzz.sh` sets it to a million).
enum FuzzConfig {
    static let inputs = ProcessInfo.processInfo.environment["CACHEBENCH_FUZZ_INPUTS"].flatMap(Int.init) ?? 500
    /// The scaling report (each token repeated to 32 and 128 KiB) runs with the long version only.
    static let long = ProcessInfo.processInfo.environment["CACHEBENCH_FUZZ_INPUTS"] != nil
    static let report = ProcessInfo.processInfo.environment["CACHEBENCH_FUZZ_REPORT"]
    /// A directory to write each target's slowest input (per byte) into.
    static let keepWorst = ProcessInfo.processInfo.environment["CACHEBENCH_FUZZ_KEEP"]
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
}

/// Seed files: real logs, Dockerfiles and configs from the repository, each split into lines.
struct Corpus: Sendable {
    let files: [[UInt8]]
    /// Where each line of each file starts.
    let lineStarts: [[Int]]
    /// Fragments that parsers treat specially, inserted at random places.
    let tokens: [[UInt8]]

    init(paths: [URL], tokens: [String]) {
        files = paths.compactMap { try? [UInt8](Data(contentsOf: $0)) }.filter { !$0.isEmpty }
        lineStarts = files.map { file in [0] + file.indices.filter { file[$0] == 0x0A }.map { $0 + 1 } }
        self.tokens = (tokens + Self.commonTokens).map { Array($0.utf8) } + [[0xFF], [0xC3], [0xE2, 0x82], [0x00], [0xF0, 0x9F, 0x98]]
    }

    static let commonTokens = [
        "\n", "\r\n", "\r", "\t", " ", "\u{1B}[31m", "\u{1B}[2K\u{1B}[1A", "\u{1B}]0;t\u{07}", "\u{1B}[", "\\", "\\\n", "\"",
        "'", "`", "$(id)", "${A:-b}", "{", "}", "[", "]", ":", "#", "99999999999999999999999", "-1", "0", "1e309",
        "é", "\u{202E}", "😀",
    ]

    static func files(under relative: String, matching suffixes: [String]) -> [URL] {
        let base = FuzzConfig.root.appendingPathComponent(relative)
        let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil)
        return (walker?.allObjects as? [URL] ?? []).filter { url in suffixes.contains { url.lastPathComponent.hasSuffix($0) } }
            .sorted { $0.path < $1.path }
    }

    /// Generated inputs: slices of real files, mutated; now and then a huge run of one token, or random bytes.
    var generator: Generator<[UInt8], Shrink.None<[UInt8]>> {
        let corpus = self
        return Generator { rng in corpus.make(&rng) }
    }

    func make(_ rng: inout any SeededRandomNumberGenerator) -> [UInt8] {
        switch Int.random(in: 0..<100, using: &rng) {
        case 0..<3: return repeatedToken(&rng)
        case 3..<6: return (0..<Int.random(in: 0...4096, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        default: break
        }
        var bytes = slice(&rng)
        for _ in 0..<Int.random(in: 0...8, using: &rng) { mutate(&bytes, &rng) }
        return bytes
    }

    /// Up to 200 KiB of one token (deep nesting, endless lines, backslash runs).
    private func repeatedToken(_ rng: inout any SeededRandomNumberGenerator) -> [UInt8] {
        Self.repeating(tokens.randomElement(using: &rng)!, count: Int.random(in: 1...(200 * 1024), using: &rng))
    }

    /// `token` repeated up to `count` bytes, by doubling (fast even in a debug build).
    static func repeating(_ token: [UInt8], count: Int) -> [UInt8] {
        var bytes = token
        bytes.reserveCapacity(2 * count)
        while bytes.count < count { bytes.append(contentsOf: bytes) }
        return Array(bytes[0..<max(token.count, count / token.count * token.count)])
    }

    /// A run of whole lines from one seed file (the whole file a quarter of the time).
    private func slice(_ rng: inout any SeededRandomNumberGenerator) -> [UInt8] {
        guard !files.isEmpty else { return [] }
        let pick = Int.random(in: 0..<files.count, using: &rng)
        let file = files[pick], starts = lineStarts[pick]
        if Bool.random(using: &rng) && Bool.random(using: &rng) { return file }
        let first = Int.random(in: 0..<starts.count, using: &rng)
        let last = min(starts.count - 1, first + Int.random(in: 1...60, using: &rng))
        let end = last == starts.count - 1 ? file.count : starts[last]
        return Array(file[min(starts[first], end)..<end])
    }

    private func mutate(_ bytes: inout [UInt8], _ rng: inout any SeededRandomNumberGenerator) {
        let at = Int.random(in: 0...bytes.count, using: &rng)
        switch Int.random(in: 0..<6, using: &rng) {
        case 0 where !bytes.isEmpty: bytes[min(at, bytes.count - 1)] = UInt8.random(in: 0...255, using: &rng)
        case 1: bytes.insert(contentsOf: tokens.randomElement(using: &rng)!, at: at)
        case 2: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...64, using: &rng)))
        case 3:
            let piece = Array(bytes[at..<min(bytes.count, at + Int.random(in: 1...80, using: &rng))])
            let copies = [[UInt8]](repeating: piece, count: Int.random(in: 1...50, using: &rng)).joined()
            bytes.insert(contentsOf: copies, at: at)
        case 4: bytes.removeSubrange(at...)
        default: bytes.insert(contentsOf: slice(&rng), at: at)
        }
    }
}

/// Throughput, the worst time per input byte, and memory of one fuzz target; printed, and appended to
/// `CACHEBENCH_FUZZ_REPORT` when set. Measured, never asserted: unit tests make no timing claims.
final class Meter: @unchecked Sendable {
    let name: String
    private var inputs = 0
    private var bytes = 0
    private var nanoseconds: UInt64 = 0
    private var worstPerByte = 0.0
    private var worstSize = 0
    private var worstInput: [UInt8] = []
    private var largeBytes = 0
    private var largeNanoseconds: UInt64 = 0
    private let startRSS = Meter.currentRSS()

    init(_ name: String) { self.name = name }

    /// Times `body` on one input.
    func measure<T>(_ input: [UInt8], _ body: () throws -> T) throws -> T {
        let size = input.count
        var start = DispatchTime.now().uptimeNanoseconds
        let result = Result { try body() }
        var elapsed = DispatchTime.now().uptimeNanoseconds - start
        inputs += 1
        bytes += size
        // Below 1 KiB the fixed cost of a call dominates; above it, ns/byte shows any super-linear input.
        if size >= 1024, Double(elapsed) / Double(size) > worstPerByte {
            // A slow outlier is timed twice more and the fastest counts: the machine, not the input, may be slow.
            for _ in 0..<2 {
                start = DispatchTime.now().uptimeNanoseconds
                _ = try? body()
                elapsed = min(elapsed, DispatchTime.now().uptimeNanoseconds - start)
            }
            if Double(elapsed) / Double(size) > worstPerByte {
                worstPerByte = Double(elapsed) / Double(size)
                worstSize = size
                worstInput = input
            }
        }
        nanoseconds += elapsed
        if size >= 64 * 1024 {
            largeBytes += size
            largeNanoseconds += elapsed
        }
        return try result.get()
    }

    func finish() {
        let seconds = Double(nanoseconds) / 1e9
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let large = largeBytes > 0 ? String(format: "%.1f", Double(largeNanoseconds) / Double(largeBytes)) : "-"
        let line = String(
            format: "fuzz %@: %d inputs, %.1f MB, %.0f inputs/s in the parser, mean %.1f ns/byte, inputs >= 64 KiB %@ ns/byte, worst %.1f ns/byte (%d bytes), RSS %.1f -> %.1f MB, peak RSS %.1f MB",
            name, inputs, Double(bytes) / 1e6, Double(inputs) / max(seconds, 1e-9), Double(nanoseconds) / Double(max(bytes, 1)),
            large, worstPerByte, worstSize, startRSS, Self.currentRSS(), Double(usage.ru_maxrss) / 1024)
        print(line)
        Self.append(line)
        if let directory = FuzzConfig.keepWorst {
            let name = self.name.map { $0.isLetter || $0.isNumber ? $0 : "-" }
            FileManager.default.createFile(atPath: "\(directory)/worst-\(String(name)).bin", contents: Data(worstInput))
        }
    }

    /// Appends a line to `CACHEBENCH_FUZZ_REPORT`, when set.
    static func append(_ line: String) {
        guard let report = FuzzConfig.report else { return }
        if !FileManager.default.fileExists(atPath: report) { FileManager.default.createFile(atPath: report, contents: nil) }
        guard let handle = FileHandle(forWritingAtPath: report) else { return }
        handle.seekToEndOfFile()
        handle.write(Data((line + "\n").utf8))
        handle.closeFile()
    }

    /// Resident set size now, in MB, from /proc/self/statm.
    static func currentRSS() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
              let pages = text.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) else { return 0 }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1e6
    }
}

/// Growth of a parser's time with input size: each token repeated to 128 KiB and to 512 KiB. A linear parser
/// takes about 4 times as long on the larger input; a quadratic one about 16 times. Printed, never asserted.
enum Scaling {
    static func report(_ name: String, tokens: [[UInt8]], _ body: ([UInt8]) -> Void) {
        guard FuzzConfig.long else { return }
        var worst: (ratio: Double, token: [UInt8], small: Double, large: Double) = (0, [], 0, 0)
        for token in tokens {
            let small = time(repeating: token, to: 128 * 1024, body)
            let large = time(repeating: token, to: 512 * 1024, body)
            let ratio = large / max(small, 1)
            if ratio > worst.ratio { worst = (ratio, token, small, large) }
        }
        let shown = String(decoding: worst.token, as: UTF8.self).debugDescription
        let line = String(format: "fuzz %@ scaling: worst token %@: 128 KiB %.2f ms, 512 KiB %.2f ms (x%.1f; linear is x4)",
                          name, shown, worst.small / 1e6, worst.large / 1e6, worst.ratio)
        print(line)
        Meter.append(line)
    }

    /// Fastest of five runs, in nanoseconds.
    private static func time(repeating token: [UInt8], to size: Int, _ body: ([UInt8]) -> Void) -> Double {
        let input = Corpus.repeating(token, count: size)
        return (0..<5).map { _ in
            let start = DispatchTime.now().uptimeNanoseconds
            body(input)
            return Double(DispatchTime.now().uptimeNanoseconds - start)
        }.min()!
    }
}
