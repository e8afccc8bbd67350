import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The Debian bases, each built once with debootstrap and kept in the cache directory: per suite a
/// rootfs tarball, plus registry storage that already holds `library/debian` under every tag of that
/// suite (`bookworm-slim`, `12-slim`, `bookworm`, `12`; one image, so the tags share their blobs).
/// Images loaded from `docker save` archives are kept beside them. A run copies the storages it needs
/// into its own registry, so the mirror serves an unmodified `FROM debian:12-slim`.
///
/// Layout under `CACHE/base`: `SUITE-minbase.tar`, `seeds/SUITE/registry` (+ `ready`, written last),
/// `archives/ID/registry` (+ `ready`, the references it holds), and one `.lock` for all of them.
package struct BaseImageStore: Sendable {
    package static let repository = "library/debian"
    /// The suite a run seeds when it does not know which bases it needs (`engine up`).
    package static let defaultSuite = DebianSuite.bookworm

    package let directory: String
    package let mirror: String

    /// The bookworm rootfs (kept for callers that import it by hand).
    package var rootfsTarball: String { rootfsTarball(Self.defaultSuite) }
    package func rootfsTarball(_ suite: DebianSuite) -> String { "\(directory)/\(suite.rawValue)-minbase.tar" }
    package func seedStorage(_ suite: DebianSuite) -> String { "\(directory)/seeds/\(suite.rawValue)/registry" }
    func seedMarker(_ suite: DebianSuite) -> String { "\(directory)/seeds/\(suite.rawValue)/ready" }
    var archivesDirectory: String { "\(directory)/archives" }
    var lockPath: String { "\(directory)/.lock" }

    package init(cacheDirectory: String, mirror: String? = nil) {
        self.directory = "\(cacheDirectory)/base"
        self.mirror = mirror ?? Self.aptMirror()
    }

    /// True when at least one base is ready to serve.
    package var isSeeded: Bool { !seededSuites.isEmpty || !loadedArchives.isEmpty }

    package func isSeeded(_ suite: DebianSuite) -> Bool {
        FileManager.default.fileExists(atPath: seedMarker(suite)) && FileManager.default.fileExists(atPath: rootfsTarball(suite))
    }

    var seededSuites: [DebianSuite] { DebianSuite.allCases.filter(isSeeded) }

    /// Archives loaded with `seed-base --from-archive`: their directory and the references they serve.
    var loadedArchives: [(storage: String, references: [String])] {
        let fm = FileManager.default
        guard let ids = try? fm.contentsOfDirectory(atPath: archivesDirectory) else { return [] }
        return ids.sorted().filter { !$0.hasPrefix(".") }.compactMap { id in
            let dir = "\(archivesDirectory)/\(id)"
            guard let text = try? String(contentsOfFile: "\(dir)/ready", encoding: .utf8) else { return nil }
            return ("\(dir)/registry", text.split(separator: "\n").map(String.init))
        }
    }

    /// Every base reference the store serves now, for `engine status` and `doctor`.
    package var servedReferences: [String] {
        seededSuites.flatMap { suite in suite.tags.map { "debian:\($0)" } } + loadedArchives.flatMap(\.references)
    }

    /// The suites a set of `FROM` references needs (in `DebianSuite` order).
    package static func suites(for images: [String]) -> [DebianSuite] {
        let needed = Set(images.compactMap { DebianSuite.serving(reference: $0) })
        return DebianSuite.allCases.filter(needed.contains)
    }

    /// Default cache directory: `$CACHEBENCH_CACHE_DIR`, else `$XDG_CACHE_HOME/cachebench`, else `~/.cache/cachebench`.
    package static func defaultCacheDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let dir = environment["CACHEBENCH_CACHE_DIR"], !dir.isEmpty { return dir }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty { return "\(xdg)/cachebench" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return "\(home)/.cache/cachebench"
    }

    /// The Debian mirror the machine's own apt sources name (deb822 or one-line format).
    package static func aptMirror(sourcesDirectory: String = "/etc/apt") -> String {
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
                if words.count >= 3, words[2] == DebianSuite.bookworm.rawValue, words[1].hasSuffix("/debian") || words[1].hasSuffix("/debian/") {
                    return words[1]
                }
            } else if line.lowercased().hasPrefix("uris:") {
                uris = line.dropFirst(5).split(separator: " ").map(String.init)
            } else if line.lowercased().hasPrefix("suites:") {
                suiteMatches = line.dropFirst(7).split(separator: " ").contains { $0 == Substring(DebianSuite.bookworm.rawValue) }
            }
        }
        return flush()
    }

    /// Runs debootstrap for `suite` into a temp dir and tars the result, unless the tarball exists.
    package func ensureRootfs(_ suite: DebianSuite = defaultSuite, debootstrap: String, runner: any ProcessRunner,
                              progress: @Sendable (String) -> Void) async throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: rootfsTarball(suite)) { return }
        try CacheDirectory.preparePrivate((directory as NSString).deletingLastPathComponent)
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // Concurrent runs: one builds, the others wait and then find the tarball.
        let lock = try await FileLock.acquire(lockPath) {
            progress("waiting for another cachebench run to build the base image...")
        }
        defer { withExtendedLifetime(lock) {} }
        if fm.fileExists(atPath: rootfsTarball(suite)) { return }
        try await buildRootfs(suite, debootstrap: debootstrap, runner: runner, progress: progress)
    }

    func buildRootfs(_ suite: DebianSuite, debootstrap: String, runner: any ProcessRunner,
                     progress: @Sendable (String) -> Void) async throws {
        let fm = FileManager.default
        let work = try TempDirectory.make(prefix: "cb-base-")
        let token = runner.supervisor.registerCleanup { TempDirectory.remove(work) }
        defer { TempDirectory.remove(work); runner.supervisor.deregisterCleanup(token) }
        progress("building debian:\(suite.tags[0]) with debootstrap from \(mirror) (once, about 40 s)...")
        let result = try await runner.run(Command(debootstrap, ["--variant=minbase", suite.rawValue, "\(work)/root", mirror]))
        guard result.succeeded else {
            throw EngineError.debootstrapFailed(mirror: mirror, tail: result.tail(2))
        }
        let tarball = rootfsTarball(suite)
        let partial = "\(tarball).partial"
        try await runner.runChecked(Command("tar", ["-C", "\(work)/root", "-cf", partial, "."]),
                                    what: "packing the base rootfs", hint: "Check free disk space in \(directory).")
        try fm.moveItem(atPath: partial, toPath: tarball)
    }

    /// Imports the suite's rootfs into a throwaway engine and pushes it under every tag of the suite into
    /// its seed storage, once. Concurrent runs take turns (a lock); the storage is built aside and renamed
    /// into place, and its `ready` marker written last.
    package func ensureSeed(_ suite: DebianSuite = defaultSuite, capabilities: EngineCapabilities, namespace: NetworkNamespace,
                            tempRoot: String? = nil, runner: any ProcessRunner, progress: @Sendable (String) -> Void) async throws {
        let fm = FileManager.default
        if isSeeded(suite) { return }
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let lock = try await FileLock.acquire(lockPath) {
            progress("waiting for another cachebench run to seed the base image...")
        }
        defer { withExtendedLifetime(lock) {} }
        if isSeeded(suite) { return }
        // The first layout's `base/registry` (bookworm-slim only) is left alone: an older cachebench may be copying it.
        let tags = suite.tags.map { "\(Self.repository):\($0)" }
        try await pushIntoStorage(seedStorage(suite), marker: seedMarker(suite), markerText: tags.joined(separator: "\n") + "\n",
                                  capabilities: capabilities, namespace: namespace, tempRoot: tempRoot, runner: runner,
                                  progress: { progress("pushing debian:\(suite.tags.joined(separator: ", ")) into the seed registry (once)...") }) { engine, client, registry in
            let first = "\(registry)/\(tags[0])"
            try await runner.runChecked(Command(client, ["-H", engine.host, "import", rootfsTarball(suite), first]),
                                        what: "importing the base rootfs", hint: "Delete \(rootfsTarball(suite)) and retry.")
            for tag in tags {
                let reference = "\(registry)/\(tag)"
                if reference != first {
                    try await runner.runChecked(Command(client, ["-H", engine.host, "tag", first, reference]),
                                                what: "tagging the base image", hint: "Check the engine log.")
                }
                try await runner.runChecked(Command(client, ["-H", engine.host, "push", reference]),
                                            what: "pushing the base image", hint: "Check free disk space in \(directory).")
            }
        }
    }

    /// Loads a `docker save` archive into a throwaway engine and pushes each of its Docker Hub tags into
    /// storage of its own under `archives/`, served to every later run. The archive is checked before any
    /// engine starts; a failure leaves nothing behind. Returns the references now served.
    package func loadArchive(_ archive: DockerArchive, capabilities: EngineCapabilities, namespace: NetworkNamespace,
                             tempRoot: String? = nil, runner: any ProcessRunner,
                             progress: @Sendable (String) -> Void) async throws -> [String] {
        let fm = FileManager.default
        try CacheDirectory.preparePrivate((directory as NSString).deletingLastPathComponent)
        try fm.createDirectory(atPath: archivesDirectory, withIntermediateDirectories: true)
        let lock = try await FileLock.acquire(lockPath) { progress("waiting for another cachebench run to seed a base image...") }
        defer { withExtendedLifetime(lock) {} }
        let target = "\(archivesDirectory)/\(archive.id)"
        try? fm.removeItem(atPath: target)
        let references = archive.references
        let staging = "\(archivesDirectory)/.\(archive.id).partial"
        try? fm.removeItem(atPath: staging)
        try fm.createDirectory(atPath: staging, withIntermediateDirectories: true)
        do {
            try await pushIntoStorage("\(staging)/registry", marker: nil, markerText: "", capabilities: capabilities,
                                      namespace: namespace, tempRoot: tempRoot, runner: runner,
                                      progress: { progress("loading \(archive.path) into the seed registry...") }) { engine, client, registry in
                try await runner.runChecked(Command(client, ["-H", engine.host, "load", "-i", archive.path]),
                                            what: "loading \(archive.path)", hint: "Check that it is a `docker save` archive.")
                for (original, parsed) in zip(archive.tags, archive.parsedTags) {
                    let reference = "\(registry)/\(parsed.repository):\(parsed.tag)"
                    try await runner.runChecked(Command(client, ["-H", engine.host, "tag", original, reference]),
                                                what: "tagging \(original)", hint: "Check the engine log.")
                    try await runner.runChecked(Command(client, ["-H", engine.host, "push", reference]),
                                                what: "pushing \(original)", hint: "Check free disk space in \(directory).")
                }
            }
            _ = fm.createFile(atPath: "\(staging)/ready", contents: Data((references.joined(separator: "\n") + "\n").utf8))
            try fm.moveItem(atPath: staging, toPath: target)
        } catch {
            try? fm.removeItem(atPath: staging)
            throw error
        }
        return references
    }

    /// Starts a registry on `storage`'s `.partial` twin and a throwaway engine, runs `body`, then renames the
    /// storage into place and writes `marker`. Called with the lock held.
    func pushIntoStorage(_ storage: String, marker: String?, markerText: String, capabilities: EngineCapabilities,
                         namespace: NetworkNamespace, tempRoot: String?, runner: any ProcessRunner,
                         progress: () -> Void,
                         _ body: (DockerEngine, String, String) async throws -> Void) async throws {
        let fm = FileManager.default
        guard let client = capabilities.legacyClient?.path else { throw EngineError.missingProgram(name: "docker", package: "docker.io") }
        guard let dockerd = capabilities.dockerd else { throw EngineError.missingProgram(name: "dockerd", package: "docker.io") }
        guard let registryPath = capabilities.registry else {
            throw EngineError.missingProgram(name: "docker-registry", package: "docker-registry")
        }
        let partial = "\(storage).partial"
        try? fm.removeItem(atPath: partial)
        try fm.createDirectory(atPath: (storage as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let state = try TempDirectory.make(prefix: "cb-seed-", in: tempRoot)
        defer { TempDirectory.remove(state) }
        progress()
        let registry = try await RegistryServer.start(stateDirectory: state, storageDirectory: partial, executable: registryPath,
                                                      namespace: namespace, runner: runner)
        do {
            let engine = try await DockerEngine.start(registry: registry.address, client: client, dockerd: dockerd,
                                                      namespace: namespace, parent: tempRoot, runner: runner)
            do {
                try await body(engine, client, registry.address)
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
        try? fm.removeItem(atPath: storage)
        try fm.moveItem(atPath: partial, toPath: storage)
        if let marker { _ = fm.createFile(atPath: marker, contents: Data(markerText.utf8)) }
    }

    /// Copies the seeded storages of `suites`, and every loaded archive's, into a run's registry storage.
    /// They merge: blobs are content-addressed and each tag is a directory of its own.
    package func install(suites: [DebianSuite], into storage: String, runner: any ProcessRunner) async throws {
        try FileManager.default.createDirectory(atPath: storage, withIntermediateDirectories: true)
        let sources = suites.filter(isSeeded).map(seedStorage) + loadedArchives.map(\.storage)
        for source in sources {
            try await runner.runChecked(Command("cp", ["-a", "\(source)/.", storage]),
                                        what: "copying the base image into the run's registry",
                                        hint: "Check free disk space, or run `cachebench engine seed-base` again.")
        }
    }
}
