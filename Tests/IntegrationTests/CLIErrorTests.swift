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
