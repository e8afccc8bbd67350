import Foundation
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
    @Test func notRootIsRefusedWithNothingWritten() async throws {
        guard getuid() == 0, let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            Issue.record("needs root and setpriv (util-linux) to run cachebench as an unprivileged user")
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
