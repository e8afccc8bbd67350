import BenchAnalysis
import Foundation
import ResultStore
import Testing

@Suite struct StepAccountingTests {
    func step(_ ordinal: Int, _ stage: String?, _ index: Int?, _ instruction: String, cached: Bool = false) -> StepRecord {
        StepRecord(ordinal: ordinal, stage: stage, stepIndex: index, stepOf: nil, instruction: instruction, cached: cached,
                   seconds: nil)
    }

    @Test func firstOccurrenceOfEachStageAndIndexWins() {
        let steps = [
            step(0, "compile-image", 1, "FROM debian AS compile-image"),
            step(1, "compile-image", 2, "RUN apt-get update", cached: true),
            step(2, "compile-image", 3, "COPY hello.c ."),
            // the final build re-runs the compile stage from its local cache
            step(3, "compile-image", 2, "RUN apt-get update", cached: true),
            step(4, "compile-image", 3, "COPY hello.c .", cached: true),
            step(5, "runtime-image", 1, "FROM debian AS runtime-image"),
            step(6, "runtime-image", 2, "COPY --from=compile-image /root/helloworld .", cached: true),
            step(7, "runtime-image", 3, "CMD [\"./helloworld\"]", cached: true),
        ]
        let effective = StepAccounting.effectiveSteps(steps)
        #expect(effective.map(\.ordinal) == [1, 2, 6])
        #expect(effective.map(\.cached) == [true, false, true])
    }

    @Test func onlyFilesystemInstructionsCount() {
        let steps = ["FROM x", "RUN a", "COPY a b", "ADD a b", "WORKDIR /w", "ENV A=1", "CMD x", "LABEL a=b", "EXPOSE 80",
                     "USER u", "ARG A", "ENTRYPOINT x", "run lower"]
            .enumerated().map { step($0.offset, "s", $0.offset + 1, $0.element) }
        #expect(StepAccounting.effectiveSteps(steps).map(\.instruction) == ["RUN a", "COPY a b", "ADD a b", "WORKDIR /w", "run lower"])
    }

    @Test func ordinalOrderNotArrayOrder() {
        let steps = [step(2, "s", 1, "RUN second"), step(1, "s", 1, "RUN first")]
        #expect(StepAccounting.effectiveSteps(steps).map(\.instruction) == ["RUN first"])
    }

    @Test func stepsWithoutIndexAreKeyedByInstruction() {
        let steps = [step(0, nil, nil, "RUN a"), step(1, nil, nil, "RUN a"), step(2, nil, nil, "RUN b")]
        #expect(StepAccounting.effectiveSteps(steps).map(\.ordinal) == [0, 2])
    }

    @Test func sameIndexInDifferentStagesAreDistinct() {
        let steps = [step(0, "a", 2, "RUN x"), step(1, "b", 2, "RUN x")]
        #expect(StepAccounting.effectiveSteps(steps).count == 2)
    }

    @Test func buildDetailCounts() {
        let build = BuildRecord(runId: 1, strategy: "s", scenario: "cold", iteration: 1, chainPosition: 0, status: .ok,
                                wallSeconds: 1)
        let detail = BuildDetail(build: build, phases: [], steps: [
            step(0, "s", 1, "FROM x", cached: true),
            step(1, "s", 2, "RUN a", cached: true),
            step(2, "s", 3, "RUN b"),
            step(3, "s", 2, "RUN a", cached: false),
            step(4, "s", 4, "ENV X=1", cached: true),
        ])
        #expect(detail.totalSteps == 2)
        #expect(detail.cachedSteps == 1)
        #expect(detail.effectiveSteps.map(\.ordinal) == [1, 2])
    }
}
