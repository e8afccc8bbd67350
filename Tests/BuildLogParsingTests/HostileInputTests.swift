import BuildLogParsing
import Foundation
import Testing

@Suite("Hostile input never crashes")
struct HostileInputTests {
    @Test func emptyInput() {
        let log = ParsedLog.parse(text: "")
        #expect(log.steps.isEmpty && log.layers.isEmpty && log.unmatchedLines == 0 && log.error == nil)
        var parser = StreamingLogParser()
        parser.consume(bytes: [UInt8](), at: 0)
        #expect(parser.finish(at: nil).steps.isEmpty)
        var legacy = StreamingLogParser(format: .legacy)
        #expect(legacy.finish(at: 3).format == .legacy)
    }

    @Test(arguments: expectations)
    func truncatedAnywhere(_ e: Expectation) throws {
        let data = Array(Fixtures.data(e.file))
        let full = try Fixtures.parse(e.file)
        for cut in stride(from: 0, to: data.count, by: max(1, data.count / 23)) {
            var parser = StreamingLogParser()
            parser.consume(bytes: data[0..<cut], at: nil)
            let log = parser.finish(at: nil)
            #expect(log.steps.count <= full.steps.count + 1)
        }
    }

    @Test(arguments: expectations)
    func crlfParsesTheSame(_ e: Expectation) throws {
        let crlf = Fixtures.text(e.file).replacingOccurrences(of: "\n", with: "\r\n")
        #expect(ParsedLog.parse(text: crlf) == (try Fixtures.parse(e.file)))
    }

    @Test(arguments: expectations)
    func ansiColourAndCursorSequencesAreStripped(_ e: Expectation) throws {
        let decorated = Fixtures.lines(e.file).map { line in
            "\u{1B}[2K\u{1B}[1A\r\u{1B}[1;32m" + line + "\u{1B}[0m\u{1B}]0;title\u{07}"
        }.joined(separator: "\n")
        #expect(ParsedLog.parse(text: decorated) == (try Fixtures.parse(e.file)))
    }

    @Test func invalidUTF8() {
        var bytes = Array("#5 [build 2/2] RUN echo \u{00E9}\n".utf8)
        bytes += [0x23, 0x35, 0x20, 0x30, 0x2E, 0x31, 0x20, 0xFF, 0xFE, 0xC3, 0x0A]  // "#5 0.1 " + garbage
        bytes += [0xC3]  // a split multi-byte character at the very end
        var parser = StreamingLogParser()
        for b in bytes { parser.consume(bytes: [b], at: nil) }
        let log = parser.finish(at: nil)
        #expect(log.steps.count == 1)
        var legacy = StreamingLogParser(format: .legacy)
        legacy.consume(bytes: [0x53, 0x74, 0x65, 0x70, 0x20, 0x31, 0x20, 0x3A, 0x20, 0xFF, 0x0A], at: 0)
        #expect(legacy.finish(at: 1).steps.first?.instruction == "\u{FFFD}")
    }

    @Test func oneMegabyteLines() {
        let big = String(repeating: "x", count: 1 << 20)
        let text = "#5 [a 1/1] RUN x\n#5 0.1 \(big)\n\(big)\n#5 DONE 1.0s\n"
        let log = ParsedLog.parse(text: text)
        #expect(log.steps.count == 1 && log.steps[0].seconds == 1.0)
        #expect(log.unmatchedLines == 1)
        // A 3 MB line without newline: truncated to the cap, memory bounded, no crash.
        var parser = StreamingLogParser(format: .legacy)
        for _ in 0..<48 { parser.consume(bytes: [UInt8](repeating: 0x41, count: 65_536), at: nil) }
        #expect(parser.finish(at: nil).unmatchedLines == 1)
        var byLine = StreamingLogParser()
        byLine.consume(Substring(big), at: 0)
        #expect(byLine.finish(at: 1).unmatchedLines == 1)
    }

    @Test func randomBytes() {
        var rng = SplitMix(seed: 42)
        for format in [nil] + LogFormat.allCases.map(Optional.some) {
            var parser = StreamingLogParser(format: format)
            for _ in 0..<64 {
                let chunk = (0..<Int(rng.next() % 4096)).map { _ -> UInt8 in
                    let r = rng.next()
                    // bias towards the bytes our shapes care about
                    switch r % 8 {
                    case 0: return 0x0A
                    case 1: return 0x23
                    case 2: return 0x1B
                    case 3: return 0x0D
                    default: return UInt8(truncatingIfNeeded: r >> 8)
                    }
                }
                parser.consume(bytes: chunk, at: Double(rng.next() % 100))
            }
            _ = parser.finish(at: nil)
        }
    }

    @Test func fixtureLinesShuffledAndMixed() {
        var rng = SplitMix(seed: 7)
        var all = Fixtures.allNames.flatMap { Fixtures.lines($0) }
        for i in stride(from: all.count - 1, to: 0, by: -1) { all.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        for format in [nil] + LogFormat.allCases.map(Optional.some) {
            var parser = StreamingLogParser(format: format)
            for line in all { parser.consume(line, at: nil) }
            _ = parser.finish(at: nil)
        }
    }
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
