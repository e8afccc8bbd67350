import Foundation
import ResultStore
import Testing

/// Bad input through the real CLI: a one-line error that says what to do, exit 1, nothing written.
struct CLIErrorTests {
    @Test func noSuchDirectory() async throws {
        let result = try await Integration.cli(["run", "/nonexistent/cachebench-project"])
        #expect(result.code == 1)
        #expect(result.err == "error: no such directory: /nonexistent/cachebench-project. Pass the directory that holds your Dockerfile.")
    }

    @Test func noDockerfile() async throws {
        let dir = try Integration.temporaryDirectory(prefix: "cb-test-nodf-")
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await Integration.cli(["run", dir.path])
        #expect(result.code == 1)
        #expect(result.err.hasPrefix("error: no Dockerfile at \(dir.path)/Dockerfile"))
        #expect(result.err.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent(".cachebench").path), "nothing half-written")
    }

    @Test func unknownStrategy() async throws {
        let project = try Integration.copySample("hello-c")
        defer { try? FileManager.default.removeItem(at: project) }
        let result = try await Integration.cli(["run", project.path, "--strategies", "naive,turbo"])
        #expect(result.code == 1)
        #expect(result.err.hasPrefix("error: unknown strategy \"turbo\": choose from none, naive"))
    }

    @Test func reportWithoutRuns() async throws {
        let dir = try Integration.temporaryDirectory(prefix: "cb-test-norun-")
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await Integration.cli(["report", "--db", dir.appendingPathComponent("none.sqlite").path])
        #expect(result.code == 1)
        #expect(result.err.contains("no runs in"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("none.sqlite").path))
    }

    @Test func sourceChangeWithoutAnyFileToEdit() async throws {
        let dir = try Integration.temporaryDirectory(prefix: "cb-test-nosrc-")
        defer { try? FileManager.default.removeItem(at: dir) }
        try "FROM debian:bookworm-slim\nRUN true\n".write(to: dir.appendingPathComponent("Dockerfile"), atomically: true, encoding: .utf8)
        let result = try await Integration.cli(["run", dir.path, "--scenarios", "cold,source-change"])
        #expect(result.code == 1)
        #expect(result.err.hasPrefix("error: scenario source-change needs a file to edit"))
    }
}

/// Not root: the run is refused before anything is written.
struct NotRootTests {
    // Only root can drop to an unprivileged user; setpriv missing where root is a failure (util-linux is required).
    @Test(.enabled(if: getuid() == 0, "needs root to run cachebench as an unprivileged user"))
    func notRootIsRefusedWithNothingWritten() async throws {
        guard let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            Issue.record("needs setpriv (util-linux) to run cachebench as an unprivileged user")
            return
        }
        let dir = try Integration.temporaryDirectory(prefix: "cb-test-nonroot-")
        defer { try? FileManager.default.removeItem(at: dir) }
        chmod(dir.path, 0o777)
        try "FROM debian:bookworm-slim\nRUN true\n".write(to: dir.appendingPathComponent("Dockerfile"), atomically: true, encoding: .utf8)
        chmod(dir.appendingPathComponent("Dockerfile").path, 0o644)
        let db = dir.appendingPathComponent("r.sqlite").path
        let result = try await Integration.run(setpriv, ["--reuid=65534", "--regid=65534", "--clear-groups",
                                                         Integration.executable.path, "run", dir.path, "--scenarios", "cold",
                                                         "--db", db],
                                               environment: ["HOME": dir.path])
        #expect(result.code == 1, "stderr: \(result.err)")
        #expect(result.err.split(separator: "\n").last == "error: cachebench starts its own dockerd, which needs root: run it as root (sudo cachebench ...).")
        #expect(!FileManager.default.fileExists(atPath: db))
    }
}

/// `compare` and `history` through the real CLI on a stored database: exit 2 on a regression.
struct CompareCLITests {
    @Test func regressionExitsTwoAndHistoryListsBothRuns() async throws {
        let dir = try Integration.temporaryDirectory(prefix: "cb-test-compare-")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("r.sqlite").path
        let store = try ResultStore(path: db)
        for (index, walls) in [[10.0, 10.1, 9.9], [15.0, 15.2, 14.8]].enumerated() {
            let run = try store.insertRun(RunRecord(project: "/p", dockerfile: "FROM x", engineVersions: [:], options: [:]))
            for (i, wall) in walls.enumerated() {
                try store.insertBuild(NewBuild(build: BuildRecord(runId: run.id!, strategy: "inline", scenario: "no-change",
                                                                  iteration: i + 1, chainPosition: 1, status: .ok,
                                                                  wallSeconds: wall), phases: []))
            }
            try store.finishRun(id: run.id!, status: .completed)
            #expect(run.id == Int64(index + 1))
        }
        let regressed = try await Integration.cli(["compare", "--db", db, "--baseline", "1", "--current", "2"])
        #expect(regressed.code == 2, "stderr: \(regressed.err)")
        #expect(regressed.out.contains("1 regression(s): inline · no-change +50.0%"))
        let same = try await Integration.cli(["compare", "--db", db, "--baseline", "2", "--current", "latest"])
        #expect(same.code == 0)
        #expect(same.out.hasSuffix("no regression"))
        let history = try await Integration.cli(["history", "--db", db, "--format", "json"])
        #expect(history.code == 0)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(history.out.utf8)) as? [[String: Any]])
        #expect(rows.map { $0["run"] as? Int } == [1, 2])
        let missing = try await Integration.cli(["compare", "--db", db, "--baseline", "9"])
        #expect(missing.code == 1)
        #expect(missing.err.hasPrefix("error: no run 9 in"))
    }
}

/// `ingest` through the real CLI: a real BuildKit log becomes a one-build run; a push log is refused.
struct IngestCLITests {
    static let fixtures = Integration.repositoryRoot.appendingPathComponent("Tests/BuildLogParsingTests/Fixtures")

    @Test func buildLogIsStoredAndOtherLogsAreRefused() async throws {
        let dir = try Integration.temporaryDirectory(prefix: "cb-test-ingest-")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("r.sqlite").path
        let refused = try await Integration.cli(["ingest", Self.fixtures.appendingPathComponent("push-latest.log").path,
                                                 "--wall-seconds", "1", "--db", db])
        #expect(refused.code == 1)
        #expect(refused.err.contains("looks like a push log, not a build"))
        #expect(!FileManager.default.fileExists(atPath: db), "nothing written for a refused log")

        let log = Self.fixtures.appendingPathComponent("buildkit-inline-source-change-fresh-daemon.log").path
        let stored = try await Integration.cli(["ingest", log, "--wall-seconds", "15.9", "--strategy", "inline", "--db", db])
        #expect(stored.code == 0, "stderr: \(stored.err)")
        #expect(stored.out == "ingested run 1: ok, 1/6 steps cached, 15.9 s")
        let store = try ResultStore(path: db)
        let build = try #require(try store.builds(runId: 1).first)
        #expect(build.build.strategy == "inline")
        #expect(build.build.wallSeconds == 15.9)
        #expect(build.steps.first { $0.instruction == "RUN apt-get update" }?.seconds == 2.3)
        #expect(try store.run(id: 1).status == .ingested)
    }
}

/// `doctor` on this machine, where the test command installed everything: every required check passes.
/// The one real-engine test that fails, not skips, when a prerequisite is missing: the others skip (`.realEngine`),
/// so without this one a machine that should run them and cannot would pass.
@Suite(.enabled(if: !Integration.skipRequested, "CACHEBENCH_SKIP_INTEGRATION=1: real-engine tests skipped"))
struct DoctorCLITests {
    @Test func everyRequiredPrerequisiteIsFound() async throws {
        if let missing = await Integration.missingPrerequisite() {
            Issue.record("integration prerequisites missing: \(missing) (the real-engine tests were skipped; set CACHEBENCH_SKIP_INTEGRATION=1 to skip knowingly)")
        }
        let result = try await Integration.cli(["doctor"])
        #expect(result.code == 0, "stderr: \(result.err)")
        for name in ["root", "dockerd", "docker client", "docker-registry", "debootstrap", "ip (network namespaces)", "nsenter",
                     "slirp4netns (the namespace's uplink)", "network namespaces and /dev/net/tun"] {
            #expect(result.out.contains("ok   \(name):"), "\(name) not ok in:\n\(result.out)")
        }
        #expect(result.out.contains("ready: `cachebench run DIR` can start its own registry and engines here."))
    }
}
