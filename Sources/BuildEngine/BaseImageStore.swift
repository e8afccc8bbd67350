import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The `debian:bookworm-slim` base, built once with debootstrap and kept in the cache directory:
/// a rootfs tarball, plus registry storage that already holds `library/debian:bookworm-slim`,
/// copied into every run's registry so the mirror serves an unmodified `FROM debian:bookworm-slim`.
public struct BaseImageStore: Sendable {
    public static let repository = "library/debian"
    public static let tag = "bookworm-slim"
    public static let suite = "bookworm"

    public let directory: String
    public let mirror: String

    public var rootfsTarball: String { "\(directory)/bookworm-minbase.tar" }
    public var seedStorage: String { "\(directory)/registry" }
    var seedMarker: String { "\(directory)/registry.ready" }

    public init(cacheDirectory: String, mirror: String? = nil) {
        self.directory = "\(cacheDirectory)/base"
        self.mirror = mirror ?? Self.aptMirror()
    }

    public var isSeeded: Bool {
        FileManager.default.fileExists(atPath: seedMarker) && FileManager.default.fileExists(atPath: rootfsTarball)
    }

    /// Default cache directory: `$CACHEBENCH_CACHE_DIR`, else `$XDG_CACHE_HOME/cachebench`, else `~/.cache/cachebench`.
    public static func defaultCacheDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let dir = environment["CACHEBENCH_CACHE_DIR"], !dir.isEmpty { return dir }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty { return "\(xdg)/cachebench" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return "\(home)/.cache/cachebench"
    }

    /// The Debian mirror the machine's own apt sources name (deb822 or one-line format).
    public static func aptMirror(sourcesDirectory: String = "/etc/apt") -> String {
        let fm = FileManager.default
        var files = ["\(sourcesDirectory)/sources.list"]
        if let extra = try? fm.contentsOfDirectory(atPath: "\(sourcesDirectory)/sources.list.d") {
            files += extra.sorted().filter { $0.hasSuffix(".sources") || $0.hasSuffix(".list") }
                .map { "\(sourcesDirectory)/sources.list.d/\($0)" }
        }
        for file in files {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8),
                  let mirror = mirror(inSources: text) else { continue }
            return mirror
        }
        return "http://deb.debian.org/debian"
    }

    /// First http(s) URI of a source offering the `bookworm` suite with a `/debian` path.
    static func mirror(inSources text: String) -> String? {
        var uris: [String] = []
        var suiteMatches = false
        func flush() -> String? {
            defer { uris = []; suiteMatches = false }
            return suiteMatches ? uris.first(where: { $0.hasSuffix("/debian") || $0.hasSuffix("/debian/") }) : nil
        }
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#") { continue }
            if line.isEmpty { if let found = flush() { return found }; continue }
            if line.hasPrefix("deb ") {
                // Drop the options block, `[arch=amd64]` or `[ arch=amd64 signed-by=... ]`.
                var rest = line.dropFirst(4)
                if let open = rest.firstIndex(of: "["), let close = rest.firstIndex(of: "]"), open < close {
                    rest = rest[rest.index(after: close)...]
                }
                let words = ["deb"] + rest.split(separator: " ").map(String.init)
                if words.count >= 3, words[2] == suite, words[1].hasSuffix("/debian") || words[1].hasSuffix("/debian/") {
                    return words[1]
                }
            } else if line.lowercased().hasPrefix("uris:") {
                uris = line.dropFirst(5).split(separator: " ").map(String.init)
            } else if line.lowercased().hasPrefix("suites:") {
                suiteMatches = line.dropFirst(7).split(separator: " ").contains { $0 == Substring(suite) }
            }
        }
        return flush()
    }

    /// Runs debootstrap into a temp dir and tars the result, unless the tarball exists.
    public func ensureRootfs(debootstrap: String, runner: any ProcessRunner, progress: @Sendable (String) -> Void) async throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: rootfsTarball) { return }
        try CacheDirectory.preparePrivate((directory as NSString).deletingLastPathComponent)
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // Concurrent runs: one builds, the others wait and then find the tarball.
        let lock = try await FileLock.acquire("\(directory)/.lock") {
            progress("waiting for another cachebench run to build the base image...")
        }
        defer { withExtendedLifetime(lock) {} }
        if fm.fileExists(atPath: rootfsTarball) { return }
        try await buildRootfs(debootstrap: debootstrap, runner: runner, progress: progress)
    }

    func buildRootfs(debootstrap: String, runner: any ProcessRunner, progress: @Sendable (String) -> Void) async throws {
        let fm = FileManager.default
        let work = try TempDirectory.make(prefix: "cb-base-")
        let token = ChildProcesses.shared.registerCleanup { TempDirectory.remove(work) }
        defer { TempDirectory.remove(work); ChildProcesses.shared.deregisterCleanup(token) }
        progress("building the base image with debootstrap from \(mirror) (once, about 40 s)...")
        let result = try await runner.run(Command(debootstrap, ["--variant=minbase", Self.suite, "\(work)/root", mirror]))
        guard result.succeeded else {
            throw EngineError.debootstrapFailed(mirror: mirror, tail: result.tail(2))
        }
        let partial = "\(rootfsTarball).partial"
        try await runner.runChecked(Command("tar", ["-C", "\(work)/root", "-cf", partial, "."]),
                                    what: "packing the base rootfs", hint: "Check free disk space in \(directory).")
        try fm.moveItem(atPath: partial, toPath: rootfsTarball)
    }

    /// Imports the rootfs into a throwaway engine and pushes it into the seed registry storage, once.
    /// Concurrent runs take turns (a lock); the storage is built aside and renamed into place.
    public func ensureSeed(capabilities: EngineCapabilities, namespace: NetworkNamespace, tempRoot: String? = nil,
                           runner: any ProcessRunner, progress: @Sendable (String) -> Void) async throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: seedMarker) { return }
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let lock = try await FileLock.acquire("\(directory)/.lock") {
            progress("waiting for another cachebench run to seed the base image...")
        }
        defer { withExtendedLifetime(lock) {} }
        if fm.fileExists(atPath: seedMarker) { return }
        try await seed(capabilities: capabilities, namespace: namespace, tempRoot: tempRoot, runner: runner, progress: progress)
    }

    func seed(capabilities: EngineCapabilities, namespace: NetworkNamespace, tempRoot: String?, runner: any ProcessRunner,
              progress: @Sendable (String) -> Void) async throws {
        let fm = FileManager.default
        guard let client = capabilities.legacyClient?.path else { throw EngineError.missingProgram(name: "docker", package: "docker.io") }
        guard let dockerd = capabilities.dockerd else { throw EngineError.missingProgram(name: "dockerd", package: "docker.io") }
        guard let registryPath = capabilities.registry else {
            throw EngineError.missingProgram(name: "docker-registry", package: "docker-registry")
        }
        let partial = "\(seedStorage).partial"
        try? fm.removeItem(atPath: partial)
        let state = try TempDirectory.make(prefix: "cb-seed-", in: tempRoot)
        defer { TempDirectory.remove(state) }
        progress("pushing debian:bookworm-slim into the seed registry (once)...")
        let registry = try await RegistryServer.start(stateDirectory: state, storageDirectory: partial, executable: registryPath,
                                                      namespace: namespace)
        do {
            let engine = try await DockerEngine.start(registry: registry.address, client: client, dockerd: dockerd,
                                                      namespace: namespace, parent: tempRoot, runner: runner)
            do {
                let ref = "\(registry.address)/\(Self.repository):\(Self.tag)"
                let host = ["-H", engine.host]
                try await runner.runChecked(Command(client, host + ["import", rootfsTarball, ref]),
                                            what: "importing the base rootfs", hint: "Delete \(rootfsTarball) and retry.")
                try await runner.runChecked(Command(client, host + ["push", ref]),
                                            what: "pushing the base image", hint: "See the registry log in \(state).")
                await engine.stop()
            } catch {
                await engine.stop()
                throw error
            }
            await registry.stop()
        } catch {
            await registry.stop()
            try? fm.removeItem(atPath: partial)
            throw error
        }
        try? fm.removeItem(atPath: seedStorage)
        try fm.moveItem(atPath: partial, toPath: seedStorage)
        _ = fm.createFile(atPath: seedMarker, contents: Data("\(Self.repository):\(Self.tag)\n".utf8))
    }

    /// Copies the seeded registry storage into a run's registry storage.
    public func install(into storage: String, runner: any ProcessRunner) async throws {
        try FileManager.default.createDirectory(atPath: storage, withIntermediateDirectories: true)
        try await runner.runChecked(Command("cp", ["-a", "\(seedStorage)/.", storage]),
                                    what: "copying the base image into the run's registry",
                                    hint: "Check free disk space, or run `cachebench engine seed-base` again.")
    }
}
