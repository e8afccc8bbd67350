import BuildLogParsing
import Testing

/// dockerd 26 + buildx 0.13 print a vertex's header again when work on it resumes (the base layer's download after
/// the resolve, the cached layers' lazy pull): one step, whose time is the last `DONE`.
@Suite struct RepeatedVertexTests {
    @Test func repeatedFromHeaderIsOneStepTimedByItsLastDone() throws {
        let log = try Fixtures.parse("buildx26-inline-source-change.log")
        let from = log.steps.filter { $0.instruction.hasPrefix("FROM ") }
        // `#5 [compile-image 1/6] FROM ...` twice, `#5 DONE 0.0s` then `#5 DONE 11.4s` (lines 18-34 of the fixture).
        #expect(from.count == 1)
        #expect(from.first?.seconds == 11.4)
    }

    @Test func lazilyPulledCachedStepIsOneCachedStep() throws {
        let log = try Fixtures.parse("buildx26-registry-max-source-change.log")
        let workdir = log.steps.filter { $0.instruction == "WORKDIR /root" }
        // `#9 ... WORKDIR /root`, `#9 CACHED`, the header again, layer progress, `#9 DONE 31.5s` (lines 37-91).
        #expect(workdir.count == 1)
        #expect(workdir.first?.cached == true)
        #expect(workdir.first?.seconds == 31.5)
    }
}
