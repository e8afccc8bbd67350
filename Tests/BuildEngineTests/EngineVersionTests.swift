@testable import BuildEngine
import CacheBenchTestSupport
import Foundation
import Testing

/// Versions of a user's engine, read from what its binaries print (captured from Debian 13's packages).
struct EngineVersionTests {
    static func answer(_ replay: ReplayProcessRunner, program: String, arguments: [String], text: String, exitCode: Int32 = 0) {
        replay.on({ ($0.executable as NSString).lastPathComponent == program && $0.arguments == arguments },
                  lines: [OutputLine(stream: .stdout, at: 0.01, text: text)], exitCode: exitCode)
    }

    static func engineDirectory() throws -> ScratchDirectory {
        let dir = try ScratchDirectory()
        for name in ["dockerd", "containerd", "docker", "runc", "cli-plugins/docker-buildx"] {
            _ = try dir.write(name, "#!/bin/sh\nexit 1\n", executable: true)
        }
        return dir
    }

    @Test func pathEngineReportsWhatItsBinariesSay() async throws {
        let dir = try Self.engineDirectory()
        let replay = ReplayProcessRunner()
        Self.answer(replay, program: "dockerd", arguments: ["--version"], text: "Docker version 26.1.5+dfsg1, build 411e817")
        Self.answer(replay, program: "docker", arguments: ["--version"], text: "Docker version 26.1.5+dfsg1, build a72d7cd")
        Self.answer(replay, program: "containerd", arguments: ["--version"],
                    text: "containerd github.com/containerd/containerd 1.7.24~ds1 1.7.24~ds1-6+deb13u1")
        Self.answer(replay, program: "docker", arguments: ["buildx", "version"], text: "github.com/docker/buildx 0.13.1+ds1 0.13.1+ds1-3")
        let engine = try await EngineCatalog.prepare(.path(dir.path), cacheDirectory: dir.path, runner: replay) { _ in }
        #expect(engine.versions == ["dockerd": "26.1.5+dfsg1", "docker": "26.1.5+dfsg1", "containerd": "1.7.24~ds1", "buildx": "0.13.1+ds1"])
        let buildx = try #require(replay.commands.first { $0.arguments == ["buildx", "version"] })
        let config = try #require(buildx.environment["DOCKER_CONFIG"])
        #expect(!config.hasPrefix(dir.path), "buildx writes into DOCKER_CONFIG: never the user's directory")
    }

    @Test func aBinaryThatDoesNotRunIsNamed() async throws {
        let dir = try Self.engineDirectory()
        let replay = ReplayProcessRunner()
        // The dynamic loader's message (its format, written out here) for a binary built against a newer glibc.
        Self.answer(replay, program: "dockerd", arguments: ["--version"],
                    text: "dockerd: /lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.34' not found (required by dockerd)", exitCode: 1)
        await #expect(throws: EngineSetupError.binaryDoesNotRun(
            command: "\(dir.path)/dockerd --version",
            detail: "exit 1: dockerd: /lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.34' not found (required by dockerd)")) {
            try await EngineCatalog.prepare(.path(dir.path), cacheDirectory: dir.path, runner: replay) { _ in }
        }
    }
}
