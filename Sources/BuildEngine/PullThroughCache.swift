import Foundation

/// Bases that debootstrap cannot make (`FROM node:22`, `FROM python:3.12-slim`) come through a pull-through
/// cache: a second `docker-registry` with `proxy.remoteurl`, inside the run's namespace, which the engines
/// reach as their second registry mirror (after the sandbox registry). A matrix of 36 builds then pulls
/// each base from the upstream once, and later runs not at all: the cache's storage is kept in
/// `CACHE/pull-through/UPSTREAM/store` across runs, checked out and in like the package cache (under a
/// lock, swapped in with a rename), so concurrent runs never corrupt it.
///
/// One cache per upstream registry. Docker's `registry-mirrors` only apply to Docker Hub names, so the
/// engines are pointed at the Docker Hub cache (or `--upstream URL`, a registry standing in for it).
/// distribution 2.8 expires what it cached a week after it was stored.
package final class PullThroughCache: Sendable {
    static let dockerHub = "https://registry-1.docker.io"

    package let upstream: Upstream
    package let registry: RegistryServer
    let store: PackageCacheStore
    let runStorage: String
    /// The upstream could not be reached when the run started: the cache serves what it kept, and learns nothing.
    package let isOffline: Bool

    /// `127.0.0.1:PORT` inside the run's namespace.
    package var address: String { registry.address }

    /// A registry to pull through: an http(s) URL with a host and no path.
    package struct Upstream: Sendable, Equatable {
        package let url: String
        /// Names the cache's directory: `registry-1.docker.io`, `192.0.2.2_5000`.
        package let key: String

        package init(_ text: String = PullThroughCache.dockerHub) throws {
            var trimmed = text.trimmingCharacters(in: .whitespaces)
            while trimmed.hasSuffix("/") { trimmed.removeLast() }
            guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
                  scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty,
                  components.path.isEmpty, components.query == nil, components.fragment == nil, components.user == nil else {
                throw PullThroughError.badUpstream(text)
            }
            url = trimmed
            key = (host + (components.port.map { "_\($0)" } ?? "")).lowercased()
                .map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" ? String($0) : "_" }.joined()
        }
    }

    init(upstream: Upstream, registry: RegistryServer, store: PackageCacheStore, runStorage: String, isOffline: Bool) {
        self.isOffline = isOffline
        self.upstream = upstream
        self.registry = registry
        self.store = store
        self.runStorage = runStorage
    }

    /// `CACHE/pull-through/KEY`, or `DIRECTORY/KEY` when the caller keeps caches elsewhere.
    package static func directory(for upstream: Upstream, cacheDirectory: String, override: String? = nil) -> String {
        "\(override ?? "\(cacheDirectory)/pull-through")/\(upstream.key)"
    }

    /// Checks the kept storage out into `tempRoot` and starts the proxy registry on it, inside `namespace`.
    /// distribution 2.8 will not start in proxy mode while the upstream is unreachable (it panics on its first
    /// `/v2/` ping, or is still waiting for it at the deadline), so the cache then serves what it kept as a
    /// plain registry (`isOffline`), and says so.
    package static func start(upstream: Upstream, directory: String, tempRoot: String, executable: String,
                              namespace: NetworkNamespace, runner: any ProcessRunner,
                              progress: @Sendable (String) -> Void = { _ in }) async throws -> PullThroughCache {
        let store = PackageCacheStore(directory: directory)
        store.removeAbandoned()  // copies of runs killed while saving
        let runStorage = "\(tempRoot)/pull-through-\(upstream.key)"
        try await store.checkOut(to: runStorage, runner: runner)
        let state = "\(tempRoot)/pull-through-\(upstream.key)-state"
        do {
            let registry = try await RegistryServer.start(stateDirectory: state, storageDirectory: runStorage, executable: executable,
                                                          namespace: namespace, proxyRemoteURL: upstream.url, runner: runner)
            return PullThroughCache(upstream: upstream, registry: registry, store: store, runStorage: runStorage, isOffline: false)
        } catch EngineError.daemonNotReady(_, let seconds, _, let log) where seconds > 0 || Self.upstreamUnreachable(log: log) {
            // Refused: it panics at once. Dropped by a firewall: its ping is still waiting when the deadline passes.
            progress("pull-through cache: \(upstream.url) is unreachable, so only the bases it kept are served")
            try? FileManager.default.createDirectory(atPath: runStorage, withIntermediateDirectories: true)
            let registry = try await RegistryServer.start(stateDirectory: state, storageDirectory: runStorage, executable: executable,
                                                          namespace: namespace, runner: runner)
            return PullThroughCache(upstream: upstream, registry: registry, store: store, runStorage: runStorage, isOffline: true)
        }
    }

    /// The proxy's start-up ping of the upstream failed: `panic: Get "URL/v2/": dial tcp ...`.
    static func upstreamUnreachable(log path: String) -> Bool {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return false }
        return text.contains("panic: Get ")
    }

    /// Stops the proxy and keeps what it cached for the next run (offline, it cached nothing new).
    package func stop(runner: any ProcessRunner) async {
        await registry.stop()
        if !isOffline { try? await store.checkIn(from: runStorage, runner: runner) }
    }
}
