import BenchAnalysis
import BenchRunner
import BuildEngine
import Foundation
import ResultStore
import Testing

/// The ideal cache against the engine, the ground truth: Dockerfiles with ARG, ENV, LABEL and USER before the
/// changed COPY, `FROM <stage>`, `FROM scratch`, `COPY --from` of a byte-identical file, a single stage, and
/// `RUN --mount=from`, built for real under the legacy builder, BuildKit and buildah through a source change.
/// No step that the engine served from cache may be one the model said must rebuild, and every step the
/// engine printed must map to a Dockerfile line.
extension EndToEndTests {
    static let multiStage = """
        FROM debian:bookworm-slim AS base
        ARG GREETING=hello
        ENV APP_HOME=/app
        LABEL org.example.sample=ideal
        USER root
        WORKDIR /app
        RUN echo "$GREETING" > /greeting
        COPY src.txt /app/src.txt
        RUN wc -c /app/src.txt > /app/size

        FROM base AS derived
        RUN cat /app/size > /app/derived

        FROM scratch
        COPY --from=derived /app/derived /derived
        COPY --from=base /greeting /greeting

        """

    static let mountFrom = """
        FROM debian:bookworm-slim AS tools
        RUN echo tool > /tool
        COPY src.txt /src.txt

        FROM debian:bookworm-slim
        RUN --mount=type=bind,from=tools,source=/tool,target=/mnt/tool cp /mnt/tool /copied
        COPY src.txt /final.txt

        """

    static let singleStage = """
        FROM debian:bookworm-slim
        ENV MODE=single
        RUN echo "$MODE" > /mode
        COPY src.txt /src.txt
        RUN wc -c /src.txt > /size

        """

    @Test(.realEngine, arguments: [("multi-stage", multiStage, ["per-stage", "inline", "buildah-layers"]),
                      ("mount-from", mountFrom, ["inline", "buildah-layers"]),
                      ("single-stage", singleStage, ["single-tag", "inline", "buildah-layers"])])
    func noRealBuildBeatsTheIdealCache(_ name: String, _ dockerfile: String, _ strategies: [String]) async throws {
        let project = try Integration.temporaryDirectory(prefix: "cb-test-ideal-\(name)-")
        defer { try? FileManager.default.removeItem(at: project) }
        try dockerfile.write(to: project.appendingPathComponent("Dockerfile"), atomically: true, encoding: .utf8)
        try "source\n".write(to: project.appendingPathComponent("src.txt"), atomically: true, encoding: .utf8)
        let request = RunRequest(directory: project.path, strategies: strategies, scenarios: ["cold", "source-change"],
                                 sourceFile: "src.txt", database: project.appendingPathComponent("r.sqlite").path)
        let (outcome, store) = try await RunSession.execute(request, prepared: try RunSession.prepare(request), runner: SubprocessRunner()) { _ in }
        let failures = try store.builds(runId: outcome.runId).filter { $0.build.status == .failed }
            .map { "\($0.build.strategy) \($0.build.scenario): \($0.build.error ?? "no error stored")" }
        #expect(outcome.failedBuilds == 0, "\(name): every build works; failed: \(failures)")
        let modelErrors = try store.modelErrors(runId: outcome.runId)
        #expect(modelErrors.isEmpty, "\(name): steps the engine served from cache beat the model: \(modelErrors)")
        for detail in try store.builds(runId: outcome.runId) where detail.build.scenario == "source-change" {
            let unmapped = detail.effectiveSteps.filter { $0.ideallyCached == nil && $0.idealState == nil }
            #expect(unmapped.isEmpty, "\(name) \(detail.build.strategy): steps without an ideal: \(unmapped.map(\.instruction))")
            // The changed COPY and everything after it in its stage must rebuild, under every builder.
            let changed = detail.effectiveSteps.filter { $0.instruction.contains("COPY src.txt") }
            #expect(!changed.isEmpty && changed.allSatisfy { !$0.cached && $0.ideallyCached == false },
                    "\(name) \(detail.build.strategy): the changed COPY rebuilt and the model says so")
        }
    }
}
