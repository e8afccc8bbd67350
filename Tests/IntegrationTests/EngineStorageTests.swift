import BuildEngine
import Foundation
import ResultStore
import Testing

/// `--engine-storage memory` against real engines: each fresh engine's directory is a tmpfs of its own while it
/// runs, builds work on it (dockerd's overlay layers, buildah's storage), and no tmpfs outlives the engine.
extension EndToEndTests {
    @Test(.realEngine) func anEngineInMemoryBuildsOnItsOwnTmpfsAndLeavesNoMount() async throws {
        let project = try Integration.tinyProject("RUN echo built > /built")
        let scratch = try Integration.temporaryDirectory(prefix: "cb-test-memory-")
        defer {
            try? FileManager.default.removeItem(at: project)
            try? FileManager.default.removeItem(at: scratch)
        }
        var options = SandboxOptions(stateDirectory: scratch.appendingPathComponent("state").path, packageCache: .off)
        options.engineStorage = .memory
        let sandbox = try await Sandbox.start(options: options, runner: SubprocessRunner()) { _ in }
        let root = sandbox.tempRoot
        do {
            let client = try #require(sandbox.capabilities.legacyClient?.path)
            try await sandbox.withFreshEngine { engine in
                let directory = String(engine.host.dropFirst("unix://".count).dropLast("/sock".count))
                #expect(Self.filesystem(at: directory) == "tmpfs", "the engine's directory is a tmpfs: \(directory)")
                let build = Command(client, ["-H", engine.host, "build", "-q", project.path], environment: ["DOCKER_BUILDKIT": "0"])
                let result = try await sandbox.runner.run(build)
                #expect(result.succeeded, "\(result.tail(5))")
            }
        } catch {
            await sandbox.stop()
            throw error
        }
        await sandbox.stop()
        #expect(TempDirectory.mounts(under: root).isEmpty, "no mount is left under the run's temp dir")
        #expect(!FileManager.default.fileExists(atPath: root))
    }

    /// The CLI end to end, with a BuildKit and a buildah strategy: builds succeed, the run records the
    /// setting, the report says so, and no tmpfs is left anywhere under the system's temp dir.
    @Test(.realEngine) func runWithEngineStorageMemoryRecordsItAndReportsIt() async throws {
        let project = try Integration.tinyProject("RUN echo built > /built")
        defer { try? FileManager.default.removeItem(at: project) }
        let db = project.appendingPathComponent("r.sqlite").path
        let result = try await Integration.cli(["run", project.path, "--strategies", "inline,buildah-layers", "--scenarios", "cold",
                                                "--engine-storage", "memory", "--package-cache", "off", "--db", db])
        #expect(result.code == 0, "stderr: \(result.err)")
        let store = try ResultStore(path: db)
        let run = try store.latestRun()
        #expect(run.options["engineStorage"] == "memory")
        let builds = try store.builds(runId: run.id!)
        #expect(builds.count == 2 && builds.allSatisfy { $0.build.status == .ok }, "\(builds.map { $0.build.error ?? "ok" })")
        #expect(result.out.contains("engine storage: memory"), "the report names the storage: \(result.out)")
        let tmpfsLeft = Self.tmpfsMounts().filter { $0.hasPrefix(NSTemporaryDirectory()) || $0.hasPrefix("/tmp/") }
        #expect(tmpfsLeft.isEmpty, "tmpfs mounts left: \(tmpfsLeft)")
        #expect(Integration.leftoverDaemons().isEmpty)
    }

    @Test func anUnknownEngineStorageIsAUsageError() async throws {
        let result = try await Integration.cli(["run", "/nonexistent", "--engine-storage", "ram"])
        #expect(result.code == 64, "stderr: \(result.err)")
        #expect(result.err.contains("engine-storage"))
    }

    /// The filesystem type of the mount that `path` is the mount point of; nil when it is none.
    static func filesystem(at path: String) -> String? {
        let table = TempDirectory.mountTable()
        for line in table.split(separator: "\n") {
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count > 4, fields[4] == path, let dash = fields.firstIndex(of: "-"), dash + 1 < fields.count else { continue }
            return fields[dash + 1]
        }
        return nil
    }

    static func tmpfsMounts() -> [String] {
        let table = TempDirectory.mountTable()
        return table.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count > 4, let dash = fields.firstIndex(of: "-"), dash + 1 < fields.count, fields[dash + 1] == "tmpfs" else { return nil }
            return fields[4]
        }
    }
}
