import Foundation
import GRDB
@testable import ResultStore
import Testing

/// A phase's output streamed through `OutputSpool` is stored as one row and, past its bound, compressed chunks:
/// read back, it is byte for byte the lines joined by `\n` (what the `output` column held whole before), with a time
/// for every line.
@Suite struct OutputSpoolTests {
    /// 40,000 lines with multi-byte characters: about 1.3 MB, more than one 1 MiB chunk past a 64-byte row.
    static let longLines = ["Step 1/3 : FROM debian:bookworm-slim AS compile-image", "", "é ü 漢字 \u{1F433}"]
        + (0..<40_000).map { "#5 0.\($0 % 1000) compiling ünïcode-\($0).c" }

    func spool(_ lines: [String], inlineBytes: Int, in directory: URL) -> OutputSpool {
        let spool = OutputSpool(directory: directory, inlineBytes: inlineBytes)
        for (index, line) in lines.enumerated() { spool.append(line, at: Double(index) * 0.001 + 0.0002) }
        return spool
    }

    @Test func shortOutputStaysInTheRow() throws {
        let tmp = try TempDatabase()
        let directory = URL(fileURLWithPath: tmp.directory).appendingPathComponent("spool")
        let spool = OutputSpool(directory: directory, inlineBytes: 64)
        spool.append("Step 1/2 : FROM x", at: 0.12345)
        spool.append("", at: 0.2)
        spool.append("Step 2/2 : RUN a", at: 1.0006)
        let output = try spool.finish()
        #expect(output == SpooledOutput(output: "Step 1/2 : FROM x\n\nStep 2/2 : RUN a", lineTimes: [0.123, 0.2, 1.001]))
        #expect(!FileManager.default.fileExists(atPath: directory.path), "nothing spilled, no file written")
    }

    @Test func longOutputComesBackByteForByteWithEveryLineTime() throws {
        let tmp = try TempDatabase()
        let store = try ResultStore(path: tmp.path)
        let run = try store.insertRun(sampleRun())
        let output = try spool(Self.longLines, inlineBytes: 64, in: URL(fileURLWithPath: tmp.directory)).finish()
        // The first line is longer than the bound: a row always holds at least one line.
        #expect(output.output == Self.longLines[0] + "\n")
        let spilled = try #require(output.spilled)
        #expect(spilled.lines == Self.longLines.count - 2)
        var new = sampleBuild(runId: run.id!)
        new.phases[1].phase.output = output.output
        new.phases[1].phase.lineTimes = output.lineTimes
        new.spilled = [(1, spilled)]
        let buildId = try store.insertBuild(new)
        let phase = try #require(try store.builds(runId: run.id!).first { $0.build.id == buildId }?.phases[1])
        #expect(try store.rawOutput(phaseId: phase.id!) == Data(Self.longLines.joined(separator: "\n").utf8))
        // Times to the millisecond, as the phase row has always kept them: line i came at i ms + 0.2 ms.
        let expected = Self.longLines.indices.map { Double($0) / 1000 }
        #expect(try store.lineTimes(phaseId: phase.id!) == expected)
        var chunks = 0
        try store.forEachOutputChunk(phaseId: phase.id!) { _ in chunks += 1 }
        #expect(chunks == 2, "1.3 MB past the row: two chunks of at most 1 MiB")
    }

    @Test func keptBuildKeepsItsSpilledOutputAndImportsWhole() throws {
        let tmp = try TempDatabase()
        let store = try ResultStore(path: tmp.path)
        let run = try store.insertRun(sampleRun())
        let output = try spool(Self.longLines, inlineBytes: 64, in: URL(fileURLWithPath: tmp.directory).appendingPathComponent("spool"))
            .finish()
        var new = sampleBuild(runId: run.id!)
        new.phases[1].phase.output = output.output
        new.phases[1].phase.lineTimes = output.lineTimes
        new.spilled = [(1, try #require(output.spilled))]
        try UnsavedBuildTests().refuseSteps(tmp.path)
        guard case .kept(let file, _) = try store.insertBuildOrKeep(new) else { Issue.record("stored despite the trigger"); return }
        // The run removes its spool files once the build is stored or kept: the kept build has its own copies.
        output.spilled?.remove()
        try DatabaseQueue(path: tmp.path).write { try $0.execute(sql: "DROP TRIGGER refuse_steps") }
        let (buildId, _) = try store.importUnsaved(URL(fileURLWithPath: file))
        let phase = try #require(try store.builds(runId: run.id!).first { $0.build.id == buildId }?.phases[1])
        #expect(try store.rawOutput(phaseId: phase.id!) == Data(Self.longLines.joined(separator: "\n").utf8))
        #expect(try store.lineTimes(phaseId: phase.id!).count == Self.longLines.count)
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.unsavedDirectory.path) == [],
                "the JSON and its spilled output are gone once imported")
    }

    @Test func spoolThatCannotWriteIsAOneLineError() throws {
        let tmp = try TempDatabase()
        // A regular file where the spool directory should go.
        let directory = URL(fileURLWithPath: tmp.directory).appendingPathComponent("spool")
        try Data("x".utf8).write(to: directory)
        let spool = spool(["first", "second"], inlineBytes: 4, in: directory)
        #expect {
            _ = try spool.finish()
        } throws: { error in
            guard case SpoolError.cannotWrite(let path, _) = error else { return false }
            return path == directory.path
                && error.localizedDescription.hasSuffix("Check that it is writable and has free space, then run again.")
                && !error.localizedDescription.contains("\n")
        }
    }
}
