import BenchAnalysis
import BenchRunner
import BuildEngine
import Foundation
import ResultStore
import Testing

/// The legacy builder's CLI sends a Dockerfile from outside the context under a random name and appends that name to
/// the context's `.dockerignore` (docker/cli `AddDockerfileToBuildContext`); the daemon keeps `.dockerignore` in the
/// context unless it excludes itself. A per-stage build from a Dockerfile beside the context copy would so change
/// `.dockerignore` on every build and miss the cache on `COPY . .`, which a CI build of the user's own Dockerfile does
/// not. Seen on docker-20.10 before the fix: no-change had 1/3 steps cached, `COPY . /src` and the RUN after it rebuilt.
/// In EndToEndTests, whose tests run one after another: each checks that it left no daemon behind, which a test
/// running beside it would break.
extension EndToEndTests {
    @Test(.realEngine) func perStageServesCopyOfTheWholeContextFromCacheWhenNothingChanged() async throws {
        let project = try Integration.temporaryDirectory(prefix: "cb-test-dockerignore-")
        defer { try? FileManager.default.removeItem(at: project) }
        // The second stage is unnamed, so the per-stage Dockerfile differs from the user's; .dockerignore does not list itself.
        try "FROM debian:bookworm-slim AS build\nCOPY . /src\nRUN ls -a /src > /list\n\nFROM debian:bookworm-slim\nCOPY --from=build /list /list\n"
            .write(to: project.appendingPathComponent("Dockerfile"), atomically: true, encoding: .utf8)
        try "*.tmp\n".write(to: project.appendingPathComponent(".dockerignore"), atomically: true, encoding: .utf8)
        try "int main(void) { return 0; }\n".write(to: project.appendingPathComponent("main.c"), atomically: true, encoding: .utf8)
        try "left out\n".write(to: project.appendingPathComponent("scratch.tmp"), atomically: true, encoding: .utf8)

        let request = RunRequest(directory: project.path, engines: [.docker2010], strategies: ["per-stage"],
                                 scenarios: ["cold", "no-change"], database: project.appendingPathComponent("r.sqlite").path)
        let (outcome, store) = try await RunSession.execute(request, prepared: try RunSession.prepare(request), runner: SubprocessRunner()) { _ in }
        #expect(outcome.failedBuilds == 0)
        let builds = try store.builds(runId: outcome.runId)
        #expect(try store.modelErrors(runId: outcome.runId).isEmpty)
        let noChange = try #require(builds.first { $0.build.scenario == "no-change" })
        #expect(noChange.build.builder == .legacy)

        // The builds read the Dockerfile at the user's path inside the context, not from beside it.
        let dockerfiles = noChange.phases.filter { $0.kind == .build }.compactMap { phase in
            phase.argv.firstIndex(of: "-f").map { phase.argv[$0 + 1] }
        }
        #expect(dockerfiles.count == 2)
        #expect(dockerfiles.allSatisfy { $0.hasSuffix("/context/Dockerfile") }, "\(dockerfiles)")

        let copy = try #require(noChange.effectiveSteps.first { $0.instruction == "COPY . /src" })
        #expect(copy.cached, "COPY . /src rebuilt on no-change: the context the engine saw changed between builds")
        #expect(noChange.effectiveSteps.allSatisfy { $0.cached }, "rebuilt: \(noChange.effectiveSteps.filter { !$0.cached }.map(\.instruction))")
        #expect(noChange.missedSteps.isEmpty)
        #expect(Integration.leftoverDaemons().isEmpty)
    }
}
