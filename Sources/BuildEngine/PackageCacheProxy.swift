import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One run's package cache: squid inside the run's namespace on a copy of the shared store, the
/// namespace's rules that redirect the builds' port 80 to it, and, under a network profile, a
/// throttling proxy between the two, so cache hits cross the same emulated link as registry pulls.
package final class PackageCacheProxy: Sendable {
    package let configuration: SquidConfiguration
    let process: DaemonProcess
    package let throttle: ThrottlingProxy?
    package let rules: PackageCacheRules
    let namespace: NetworkNamespace
    let iptables: String
    let store: PackageCacheStore

    init(configuration: SquidConfiguration, process: DaemonProcess, throttle: ThrottlingProxy?, rules: PackageCacheRules,
         namespace: NetworkNamespace, iptables: String, store: PackageCacheStore) {
        self.configuration = configuration
        self.process = process
        self.throttle = throttle
        self.rules = rules
        self.namespace = namespace
        self.iptables = iptables
        self.store = store
    }

    /// The run's package cache as `options` ask (nil when off), with a note on what it holds.
    static func start(options: SandboxOptions, tempRoot: String, namespace: NetworkNamespace, runner: any ProcessRunner,
                      progress: @Sendable (String) -> Void) async throws -> PackageCacheProxy? {
        guard options.packageCache == .on else {
            progress("package cache off: builds download from the internet")
            return nil
        }
        guard let squid = ExecutableLookup.find("squid") else { throw PackageCacheError.missingProgram(name: "squid", package: "squid") }
        guard let iptables = ExecutableLookup.find("iptables") else {
            throw PackageCacheError.missingProgram(name: "iptables", package: "iptables")
        }
        let store = options.packageCacheDirectory.map(PackageCacheStore.init(directory:))
            ?? PackageCacheStore(cacheDirectory: options.cacheDirectory)
        let filled = store.isFilled
        let cache = try await start(squid: squid, iptables: iptables, store: store, tempRoot: tempRoot,
                                    namespace: namespace, profile: options.network, runner: runner)
        progress("package cache on: the builds' http downloads go through squid in the run's namespace"
                 + (filled ? ", filled by earlier runs" : ", empty until this run fills it")
                 + (cache.throttle.map { " (link: \($0.profile.summary))" } ?? ""))
        return cache
    }

    /// Copies the shared store into `tempRoot/squid`, starts squid there, waits until it listens,
    /// and installs the redirect. The run's temp root becomes 0711 so that squid's user reaches its own dir.
    static func start(squid: String, iptables: String, store: PackageCacheStore, tempRoot: String,
                      namespace: NetworkNamespace, profile: NetworkProfile?, runner: any ProcessRunner,
                      timeout: Double = 20) async throws -> PackageCacheProxy {
        let directory = "\(tempRoot)/squid"
        guard SquidConfiguration.isUsable(path: directory) else { throw PackageCacheError.unusablePath(directory) }
        guard let user = getpwnam("proxy") else { throw PackageCacheError.noProxyUser }
        let (uid, gid) = (user.pointee.pw_uid, user.pointee.pw_gid)
        guard let port = LoopbackHTTP.freePort(in: namespace) else {
            throw EngineError.cannotStart(command: squid, reason: "no free port in the run's namespace")
        }
        let configuration = SquidConfiguration(directory: directory, port: port)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try await store.checkOut(to: configuration.store, runner: runner)
        try configuration.text.write(toFile: "\(directory)/squid.conf", atomically: true, encoding: .utf8)
        chmod(tempRoot, 0o711)
        try await runner.runChecked(Command("chown", ["-R", "\(uid):\(gid)", directory]),
                                    what: "handing the package cache to squid's user", hint: "Run cachebench as root.")
        let conf = "\(directory)/squid.conf"
        removeSegments(SquidConfiguration.staleSegments(segments(), liveNamespaces: NetworkNamespace.existing()))
        let service = SquidConfiguration.serviceName(for: namespace)
        try await runner.runChecked(namespace.wrap(Command(squid, ["-n", service, "-z", "-N", "-f", conf])),
                                    what: "preparing the package cache", hint: "See \(configuration.cacheLog).")
        let process = try await runner.startDaemon(namespace.wrap(Command(squid, ["-n", service, "-N", "-f", conf])),
                                                   logPath: "\(directory)/squid.out")
        do {
            try await waitUntilListening(port: port, process: process, namespace: namespace, timeout: timeout,
                                         cacheLog: configuration.cacheLog)
            let throttle = try profile.flatMap { $0.isUnthrottled ? nil : $0 }.map {
                try ThrottlingProxy(upstreamPort: port, profile: $0, namespace: namespace, listenOnAllAddresses: true)
            }
            let cache = PackageCacheProxy(configuration: configuration, process: process, throttle: throttle,
                                          rules: PackageCacheRules(redirectPort: throttle?.port ?? port),
                                          namespace: namespace, iptables: iptables, store: store)
            do {
                for arguments in cache.rules.setup { try await cache.iptables(arguments, runner: runner) }
            } catch {
                throttle?.stop()
                throw error
            }
            return cache
        } catch {
            await process.stop(timeout: 2)
            throw error
        }
    }

    static let shmDirectory = "/dev/shm"

    static func segments() -> [String] { (try? FileManager.default.contentsOfDirectory(atPath: shmDirectory)) ?? [] }

    static func removeSegments(_ names: [String]) {
        for name in names { try? FileManager.default.removeItem(atPath: "\(shmDirectory)/\(name)") }
    }

    static func waitUntilListening(port: Int, process: DaemonProcess, namespace: NetworkNamespace, timeout: Double,
                                   cacheLog: String) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if LoopbackHTTP.isListening(port: port, in: namespace) { return }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let tail = (try? String(contentsOfFile: cacheLog, encoding: .utf8)).map {
            $0.split(separator: "\n").suffix(3).joined(separator: " | ")
        } ?? process.logTail()
        throw EngineError.daemonNotReady(what: "squid (the package cache)", seconds: timeout, logTail: tail, logPath: cacheLog)
    }

    /// Re-inserts the jump to the cache's chain if an engine start removed it; called after each dockerd start.
    func ensureRedirect(runner: any ProcessRunner) async throws {
        let check = try await runner.run(namespace.wrap(Command(iptables, PackageCacheRules.jump("-C"))))
        if !check.succeeded { try await iptables(PackageCacheRules.jump("-I"), runner: runner) }
    }

    /// Connections the builds have made so far (nil when the counters cannot be read).
    package func traffic(runner: any ProcessRunner) async -> PackageCacheTraffic? {
        let save = (iptables as NSString).deletingLastPathComponent + "/iptables-save"
        guard let result = try? await runner.run(namespace.wrap(Command(save, ["-c", "-t", "nat"]))), result.succeeded else { return nil }
        return PackageCacheRules.connections(inSave: result.output)
    }

    /// Hits and misses so far, from squid's access log.
    package var log: PackageCacheLog {
        PackageCacheLog(accessLog: (try? String(contentsOfFile: configuration.accessLog, encoding: .utf8)) ?? "")
    }

    /// Stops the throttle and squid; when squid exited cleanly (its index written) and fetched anything new,
    /// saves its store for later runs. A run served wholly from the cache leaves the shared store as it was.
    func stop(runner: any ProcessRunner) async {
        throttle?.stop()
        await process.stop(timeout: 5)
        let service = SquidConfiguration.serviceName(for: namespace)
        Self.removeSegments(Self.segments().filter { $0.hasPrefix(service + "-") })
        guard process.exited == 0, log.misses > 0 || !store.isFilled else { return }
        try? await store.checkIn(from: configuration.store, runner: runner)
    }

    private func iptables(_ arguments: [String], runner: any ProcessRunner) async throws {
        let command = namespace.wrap(Command(iptables, arguments))
        let result = try await runner.run(command)
        guard result.succeeded else {
            throw PackageCacheError.ruleFailed(command: ([iptables] + arguments).joined(separator: " "), tail: result.tail(1))
        }
    }
}
