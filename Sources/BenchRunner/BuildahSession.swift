import BuildEngine
import Foundation

/// buildah's fresh engine: new `--root`/`--runroot` storage and a `registries.conf` that sends Docker Hub
/// names to the sandbox mirror and trusts the loopback registry. Removed (with any mounts) after the build.
struct BuildahSession: Sendable {
    let directory: String
    let cleanupToken: UUID
    let supervisor: ProcessSupervisor

    /// - Parameter parent: the run's temp dir (removed with a killed run); nil: the system's temp dir.
    /// - Parameter insecure: further plain-http registries the build names (other registries' pull-through caches).
    static func make(registry: String, pullThrough: [String] = [], insecure: [String] = [], storage: EngineStorage = .disk,
                     in parent: String? = nil, supervisor: ProcessSupervisor) throws -> BuildahSession {
        let directory = try TempDirectory.make(prefix: "cb-bh-", in: parent)
        do { try storage.prepare(directory) } catch {
            TempDirectory.remove(directory)
            throw error
        }
        try configuration(registry: registry, pullThrough: pullThrough, insecure: insecure)
            .write(toFile: "\(directory)/registries.conf", atomically: true, encoding: .utf8)
        let token = supervisor.registerCleanup { TempDirectory.remove(directory) }
        return BuildahSession(directory: directory, cleanupToken: token, supervisor: supervisor)
    }

    /// Mirrors in order: the sandbox registry, then the pull-through cache; then the other plain-http registries.
    static func configuration(registry: String, pullThrough: [String], insecure: [String] = []) -> String {
        let extra = pullThrough.map { "\n\n[[registry.mirror]]\nlocation = \"\($0)\"\ninsecure = true" }.joined()
        let others = insecure.filter { $0 != registry }
            .map { "\n\n[[registry]]\nlocation = \"\($0)\"\ninsecure = true" }.joined()
        return """
            unqualified-search-registries = ["docker.io"]

            [[registry]]
            prefix = "docker.io"
            location = "registry-1.docker.io"

            [[registry.mirror]]
            location = "\(registry)"
            insecure = true\(extra)

            [[registry]]
            location = "\(registry)"
            insecure = true\(others)
            """
    }

    /// Global options that go before buildah's subcommand.
    var globalArguments: [String] {
        ["--root", "\(directory)/root", "--runroot", "\(directory)/runroot", "--registries-conf", "\(directory)/registries.conf"]
    }

    func remove() {
        TempDirectory.remove(directory)
        supervisor.deregisterCleanup(cleanupToken)
    }
}
