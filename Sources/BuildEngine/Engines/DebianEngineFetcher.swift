import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// docker-26.1: Debian 13's packages, fetched with `apt-get download` under a private apt state from the
/// Debian mirror the system's apt names, extracted with `dpkg-deb -x` into the cache dir, checked, and
/// recorded in a manifest. Never adds trixie to the system's sources and never installs anything.
///
/// Layout of `directory` (`CACHE/engines/docker-26.1`): `apt/` the private apt state, `dist/` the
/// extracted tree (`dist/root`) and `dist/manifest.json`, `.lock` held while fetching.
package struct DebianEngineFetcher: Sendable {
    package static let suite = "trixie"
    /// tini provides docker-init (a static binary); runc comes from the system (Debian 12's serves).
    package static let packages = ["docker.io", "containerd", "docker-cli", "docker-buildx", "tini"]
    /// Debian 12's keyring (2023.3+deb12u2) holds trixie's archive keys; trixie's InRelease is also signed by 12's key.
    static let defaultKeyring = "/usr/share/keyrings/debian-archive-keyring.gpg"
    static let fallbackMirror = "http://deb.debian.org/debian"

    package let directory: String
    package let mirror: String
    package let keyring: String

    /// A fetched engine, ready to start.
    package struct Fetched: Sendable, Equatable {
        package var distribution: EngineDistribution
        package var manifest: EngineManifest
        /// True when an earlier fetch was reused.
        package var reused: Bool
    }

    /// - Parameter mirror: nil for the one apt is configured with (else deb.debian.org).
    package init(cacheDirectory: String, mirror: String? = nil, keyring: String = defaultKeyring,
                 aptEtcDirectory: String = "/etc/apt") {
        self.directory = "\(cacheDirectory)/engines/\(EngineSpec.docker261.name)"
        let chosen = mirror ?? AptSources.systemMirror(etcDirectory: aptEtcDirectory) ?? Self.fallbackMirror
        self.mirror = chosen.hasSuffix("/") ? String(chosen.dropLast()) : chosen
        self.keyring = keyring
    }

    package var installDirectory: String { "\(directory)/dist" }
    var lockFile: String { "\(directory)/.lock" }
    package var apt: PrivateApt { PrivateApt(directory: "\(directory)/apt", mirror: mirror, suite: Self.suite, keyring: keyring) }

    /// The earlier fetch when its manifest is there and every binary's sha256 matches it; nil when nothing was
    /// fetched; throws `checksumMismatch` when files changed.
    package func installed(runner: any ProcessRunner) async throws -> Fetched? {
        guard let manifest = try? EngineManifest.read(fromDirectory: installDirectory) else { return nil }
        let sums = try await Checksums.sha256(manifest.binaries.map(\.path), workingDirectory: installDirectory, runner: runner)
        let changed = manifest.mismatches(actual: sums)
        guard changed.isEmpty else { throw EngineSetupError.checksumMismatch(directory: installDirectory, files: changed) }
        return try fetched(manifest, reused: true)
    }

    func fetched(_ manifest: EngineManifest, reused: Bool) throws -> Fetched {
        let layout = try EngineLayout.locate(in: "\(installDirectory)/root", engine: EngineSpec.docker261.name)
        return Fetched(distribution: EngineDistribution(spec: .docker261, layout: layout, versions: manifest.versions),
                       manifest: manifest, reused: reused)
    }

    /// Reuses a verified earlier fetch, or fetches (one process at a time per cache dir).
    package func ensure(force: Bool = false, runner: any ProcessRunner,
                        progress: @escaping @Sendable (String) -> Void) async throws -> Fetched {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let lock = try await FileLock.acquire(lockFile) { progress("docker-26.1: waiting for another fetch into \(directory)...") }
        defer { withExtendedLifetime(lock) {} }
        if !force {
            do {
                if let existing = try await installed(runner: runner) { return existing }
            } catch let error as EngineSetupError {
                progress("docker-26.1: \(error.errorDescription ?? "\(error)") Fetching again.")
            }
        }
        return try await fetch(runner: runner, progress: progress)
    }

    func fetch(runner: any ProcessRunner, progress: @escaping @Sendable (String) -> Void) async throws -> Fetched {
        try checkPrerequisites()
        let start = ContinuousClock.now
        removeLeftovers()
        let work = try makeWorkDirectory()
        let token = runner.supervisor.registerCleanup { try? FileManager.default.removeItem(atPath: work) }
        defer { try? FileManager.default.removeItem(atPath: work); runner.supervisor.deregisterCleanup(token) }
        try await updateIndex(runner: runner, progress: progress)
        let packages = try await download(into: "\(work)/debs", runner: runner, progress: progress)
        try await extract("\(work)/debs", into: "\(work)/root", runner: runner)
        progress("docker-26.1: checking that the binaries run...")
        let layout = try EngineLayout.locate(in: "\(work)/root", engine: EngineSpec.docker261.name)
        let versions = try await EngineDistribution(spec: .docker261, layout: layout).probeVersions(scratch: work, runner: runner)
        try FileManager.default.removeItem(atPath: "\(work)/debs")
        try FileManager.default.removeItem(atPath: "\(work)/docker-config")
        let manifest = EngineManifest(engine: EngineSpec.docker261.name, suite: Self.suite, mirror: mirror, fetchedAt: Date(),
                                      fetchSeconds: SubprocessRunner.seconds(ContinuousClock.now - start), packages: packages,
                                      binaries: try await binaries(of: layout, in: work, runner: runner), versions: versions)
        try manifest.write(toDirectory: work)
        try install(work)
        progress("docker-26.1: ready in \(installDirectory) (\(String(format: "%.1f", manifest.fetchSeconds)) s)")
        return try fetched(manifest, reused: false)
    }

    func checkPrerequisites() throws {
        for program in ["apt-get", "dpkg-deb", "sha256sum"] where ExecutableLookup.find(program) == nil {
            throw EngineSetupError.notInstalled(engine: EngineSpec.docker261.name, program: program,
                                                fix: "fetching needs Debian's apt; elsewhere pass --engine path:DIR")
        }
        guard FileManager.default.fileExists(atPath: keyring) else { throw EngineSetupError.keyringMissing(path: keyring) }
    }

    /// `apt-get update` of the private state: only the trixie index, verified with `keyring`.
    func updateIndex(runner: any ProcessRunner, progress: @Sendable (String) -> Void) async throws {
        try apt.write(acquire: await PrivateApt.systemAcquireSettings(runner: runner))
        progress("docker-26.1: reading the \(Self.suite) index from \(mirror) (private apt state in \(apt.directory))...")
        let command = apt.command(["update", "--error-on=any"])
        let result = try await runner.run(command)
        guard result.succeeded else { throw Self.failure(of: result, mirror: mirror, keyring: keyring) }
    }

    /// `apt-get download` into `debs`; returns each package with its version, size and sha256.
    func download(into debs: String, runner: any ProcessRunner,
                  progress: @Sendable (String) -> Void) async throws -> [EngineManifest.Package] {
        try FileManager.default.createDirectory(atPath: debs, withIntermediateDirectories: true)
        progress("docker-26.1: downloading \(Self.packages.joined(separator: ", ")) from \(Self.suite)...")
        let result = try await runner.run(apt.command(["download"] + Self.packages, workingDirectory: debs))
        guard result.succeeded else {
            let error = Self.failure(of: result, mirror: mirror, keyring: keyring)
            if case .aptFailed(_, let detail) = error { throw EngineSetupError.downloadFailed(packages: Self.packages, detail: detail) }
            throw error
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: debs).filter { $0.hasSuffix(".deb") }.sorted()
        let sums = try await Checksums.sha256(files, workingDirectory: debs, runner: runner)
        var packages: [EngineManifest.Package] = []
        for file in files {
            let fields = try await runner.runChecked(Command("dpkg-deb", ["-f", "\(debs)/\(file)", "Package", "Version"]),
                                                     what: "reading \(file)", hint: "Run `cachebench engine fetch --force`.")
            let values = Self.controlFields(fields.output)
            let size = (try FileManager.default.attributesOfItem(atPath: "\(debs)/\(file)")[.size] as? NSNumber)?.int64Value ?? 0
            packages.append(EngineManifest.Package(name: values["Package"] ?? file, version: values["Version"] ?? "?",
                                                   file: file, bytes: size, sha256: sums[file] ?? ""))
        }
        let total = Double(packages.reduce(0) { $0 + $1.bytes }) / 1e6
        progress("docker-26.1: downloaded \(packages.count) packages, \(String(format: "%.1f", total)) MB; extracting...")
        return packages
    }

    func extract(_ debs: String, into root: String, runner: any ProcessRunner) async throws {
        for file in try FileManager.default.contentsOfDirectory(atPath: debs).filter({ $0.hasSuffix(".deb") }).sorted() {
            try await runner.runChecked(Command("dpkg-deb", ["-x", "\(debs)/\(file)", root]),
                                        what: "extracting \(file)", hint: "Check free disk space in \(directory).")
        }
    }

    /// The binaries a start needs, with their sha256, paths relative to `work`.
    func binaries(of layout: EngineLayout, in work: String, runner: any ProcessRunner) async throws -> [EngineManifest.Binary] {
        var paths = [layout.dockerd, layout.containerd, layout.docker, layout.buildxPlugin]
        for helper in ["containerd-shim-runc-v2", "docker-init", "docker-proxy"] {
            if let found = EngineLayout.find(helper, in: work, subdirectories: layout.binDirectories.map { relative($0, to: work) }) {
                paths.append(found)
            }
        }
        let relativePaths = paths.map { relative($0, to: work) }
        let sums = try await Checksums.sha256(relativePaths, workingDirectory: work, runner: runner)
        return relativePaths.map { EngineManifest.Binary(name: ($0 as NSString).lastPathComponent, path: $0, sha256: sums[$0] ?? "") }
    }

    func relative(_ path: String, to base: String) -> String {
        path.hasPrefix(base + "/") ? String(path.dropFirst(base.count + 1)) : path
    }

    /// Replaces `dist` with `work` by renames in the same directory, so a reader sees the old or the new tree.
    func install(_ work: String) throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: installDirectory) {
            let old = "\(directory)/.old-\(UUID().uuidString)"
            try fm.moveItem(atPath: installDirectory, toPath: old)
            try? fm.removeItem(atPath: old)
        }
        guard rename(work, installDirectory) == 0 else {
            throw EngineSetupError.locked(path: installDirectory, reason: String(cString: strerror(errno)))
        }
    }

    func makeWorkDirectory() throws -> String {
        var template = Array("\(directory)/.tmp-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw EngineSetupError.locked(path: directory, reason: String(cString: strerror(errno)))
        }
        // mkdtemp makes it 0700; the installed tree is readable like any other program directory.
        chmod(made, 0o755)
        return String(cString: made)
    }

    /// Work directories of fetches that crashed (we hold the lock, so none is in use).
    func removeLeftovers() {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for entry in entries where entry.hasPrefix(".tmp-") || entry.hasPrefix(".old-") {
            try? FileManager.default.removeItem(atPath: "\(directory)/\(entry)")
        }
    }

    static func controlFields(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return fields
    }
}
