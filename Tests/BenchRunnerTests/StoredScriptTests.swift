@testable import BenchRunner
import BuildEngine
import Foundation
import ResultStore
import Testing

/// A run stores each build's script, rendered by the same renderer as the commands it ran.
@Suite struct StoredScriptTests {
    @Test func aRunStoresTheScriptItRan() async throws {
        let result = try await BenchmarkRunnerTests.perStageRun()
        try #require(result.builds.count == 2)
        let cold = result.builds[0]
        let stored = try BuildScript.decode(try #require(cold.build.script), row: cold.build.id)
        #expect(stored.phaseCommands.count == cold.phases.count)
        #expect(stored.phaseCommands[0] == #"docker pull "$IMAGE:compile-image""#)
        #expect(stored.phaseCommands[2] == #"docker build --target compile-image --cache-from "$IMAGE:compile-image" "#
            + #"--cache-from "$IMAGE:latest" -t "$IMAGE:compile-image" -f Dockerfile ."#)
        #expect(stored.script.comments.first == "strategy per-stage, as cachebench ran it (run \(result.outcome.runId))")
        // With IMAGE set to the sandbox repository, each pasted line is the argv the phase ran, but for the paths
        // of the private context copy (the script's `.` and `Dockerfile`).
        let image = "127.0.0.1:5000/r\(result.outcome.runId)-i1/per-stage/hello-c"
        for (line, phase) in zip(stored.script.lines, cold.phases) {
            let pasted = line.words.map { $0.value(["IMAGE": image]) }
            let ran = ["docker"] + phase.argv.dropFirst()
            #expect(pasted.count == ran.count)
            #expect(zip(pasted, ran).filter { $0 != $1 }.allSatisfy { $0.0 == "." || $0.0 == "Dockerfile" }, "\(pasted) \(ran)")
        }
        // Loading the run again keeps what was stored: nothing is re-rendered.
        let run = try result.store.run(id: result.outcome.runId)
        #expect(try StoredScripts.builds(of: run, in: result.store).map(\.build.script) == result.builds.map(\.build.script))
    }
}
