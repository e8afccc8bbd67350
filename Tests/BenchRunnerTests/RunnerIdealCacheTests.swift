import BenchAnalysis
@testable import BenchRunner
import Foundation
import ResultStore
import Testing

/// The runner stores the model's verdict with every step, and resolves copied content across builds.
@Suite struct RunnerIdealCacheTests {
    @Test func perStageSourceChangeHasNoModelErrorAndKnowsTheBinaryIsUnchanged() async throws {
        let result = try await BenchmarkRunnerTests.perStageRun()
        try #require(result.builds.count == 2)
        #expect(try result.store.modelErrors(runId: result.outcome.runId).isEmpty)
        #expect(result.builds[0].steps.allSatisfy { $0.idealState == nil })  // cold: no ideal
        let source = result.builds[1].effectiveSteps
        // hello-c: COPY hello.c is line 5, RUN gcc line 6, COPY --from line 9 (Fixtures/hello-c/Dockerfile).
        #expect(source.map(\.dockerfileLine) == [2, 3, 4, 5, 6, 9])
        #expect(source.map(\.idealState) == [.cached, .cached, .cached, .rebuild, .rebuild, .contentUnchanged])
        // legacy-perstage-src-runtime.log: "Step 8/9 : COPY --from=compile-image ... ---> Using cache".
        #expect(source.last?.cached == true && source.last?.contentRoots == "9")
        #expect(result.builds[1].missedSteps.isEmpty)
    }
}
