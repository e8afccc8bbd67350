import Foundation
import Testing

/// Bad `--upstream` values through the real CLI: one line that says what to pass, exit 1, nothing written.
struct UpstreamCLITests {
    @Test(arguments: [
        (["run"], "ghcr=http://10.0.2.2:5000",
         "error: --upstream ghcr=http://10.0.2.2:5000 does not start with a registry host: name it as FROM does (ghcr.io, quay.io, HOST:PORT), e.g. ghcr.io=http://HOST:PORT."),
        (["predict"], "ghcr.io=ghcr.io",
         "error: --upstream ghcr.io=ghcr.io is not a registry URL: pass one like https://registry-1.docker.io or http://HOST:PORT (no path), or REGISTRY=URL such as ghcr.io=http://HOST:PORT."),
    ])
    func badUpstreamIsOneLine(command: [String], value: String, expected: String) async throws {
        let project = try Integration.copySample("hello-c")
        defer { try? FileManager.default.removeItem(at: project) }
        let result = try await Integration.cli(command + [project.path, "--upstream", value])
        #expect(result.code == 1)
        #expect(result.err == expected)
        #expect(!FileManager.default.fileExists(atPath: project.appendingPathComponent(".cachebench").path), "nothing half-written")
    }

    @Test func twoStandInsForOneRegistry() async throws {
        let result = try await Integration.cli(["engine", "up", "--upstream", "ghcr.io=http://a.example", "--upstream", "ghcr.io=http://b.example"])
        #expect(result.code == 1)
        #expect(result.err == "error: --upstream names two stand-ins for ghcr.io: pass one URL per registry (a bare URL is Docker Hub's).")
    }
}
