import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A fresh `dockerd` with an empty data root: exactly what a new CI runner has.
/// Everything lives in one short temp dir (socket paths are limited to 108 bytes) that `stop()` removes.
package final class DockerEngine: Sendable {
    package let directory: String
    package let process: DaemonProcess
    package let startupSeconds: Double

    /// `unix://…/sock`, for `docker -H` and `DOCKER_HOST`.
    package var host: String { "unix://\(directory)/sock" }

    /// Starts dockerd inside the run's network namespace and waits until `docker info` answers through `client`.
    /// dockerd reads only the config file written here (never /etc/docker/daemon.json); its bridge,
    /// NAT rules and forwarding live and die with the namespace.
    /// - Parameter distribution: the engine's binaries (docker-26.1, path:DIR): its dockerd, its PATH (so dockerd
    ///   starts its containerd and shim), its containerd when a private one is needed, its CLI as `client`, and the
    ///   containerd image store when it has buildx. nil: `dockerd` and `client` as given (the system's 20.10).
    /// - Parameter storage: `.memory` puts the whole engine directory on a tmpfs of its own (see `EngineStorage`).
    /// - Parameter pullThrough: further Docker Hub mirrors, tried after `registry` when it lacks an image
    ///   (the run's pull-through cache).
    /// - Parameter insecure: further plain-http registries: the pull-through caches of other registries, which the
    ///   build's private Dockerfile names by address.
    package static func start(registry: String, pullThrough: [String] = [], insecure: [String] = [], client: String, dockerd: String = "dockerd",
                              distribution: EngineDistribution? = nil,
                              namespace: NetworkNamespace, parent: String? = nil, logDirectory: String? = nil,
                              runner: any ProcessRunner, timeout: Double = 60,
                              lowPriority: Bool = false, storage: EngineStorage = .disk) async throws -> DockerEngine {
        let dockerd = distribution?.dockerd ?? dockerd
        let client = distribution?.docker ?? client
        let directory = try TempDirectory.make(prefix: "cb-", in: parent)
        do { try storage.prepare(directory) } catch {
            TempDirectory.remove(directory)
            throw error
        }
        let socket = "\(directory)/sock"
        guard socket.utf8.count < 100 else {
            TempDirectory.remove(directory)
            throw EngineError.socketPathTooLong(path: socket)
        }
        // containerd mounts snapshots at $TMPDIR/containerd-mountN while it unpacks or diffs them; one killed
        // in the middle leaves that mount behind. Under the engine's directory, the teardown unmounts it.
        let environment = (distribution?.daemonEnvironment() ?? [:]).merging(["TMPDIR": "\(directory)/tmp"]) { _, new in new }
        try FileManager.default.createDirectory(atPath: "\(directory)/tmp", withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o700])
        // Registered before the daemons: the stop kills and reaps every process before running clean-ups.
        let token = runner.supervisor.registerCleanup { TempDirectory.remove(directory) }
        let started = ContinuousClock.now
        var containerd: DaemonProcess?
        let process: DaemonProcess
        do {
            try configuration(containerdStore: distribution?.usesContainerdStore ?? false).write(toFile: "\(directory)/daemon.json", atomically: true, encoding: .utf8)
            var arguments = [
                "--config-file", "\(directory)/daemon.json",
                "--data-root", "\(directory)/root",
                "--exec-root", "\(directory)/exec",
                "--pidfile", "\(directory)/pid",
                "-H", "unix://\(socket)",
                "--registry-mirror", "http://\(registry)",
                "--insecure-registry", registry,
            ]
            // Mirrors are tried in order; a 404 from one moves on to the next (both builders, both image stores).
            for mirror in pullThrough { arguments += ["--registry-mirror", "http://\(mirror)", "--insecure-registry", mirror] }
            for address in insecure where !pullThrough.contains(address) { arguments += ["--insecure-registry", address] }
            if EngineNetwork.systemContainerdRunning {
                let own = try await startPrivateContainerd(in: directory, namespace: namespace,
                                                           executable: distribution?.containerd, environment: environment,
                                                           lowPriority: lowPriority, runner: runner)
                containerd = own
                arguments += ["--containerd", "\(directory)/containerd.sock"]
            }
            process = try await runner.startDaemon(niced(namespace.wrap(Command(dockerd, arguments, environment: environment)), lowPriority),
                                                   logPath: "\(directory)/dockerd.log")
        } catch {
            await containerd?.stop()
            TempDirectory.remove(directory)
            runner.supervisor.deregisterCleanup(token)
            throw error
        }
        let probe = Command(client, ["-H", "unix://\(socket)", "info", "--format", "{{.ServerVersion}}"])
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if FileManager.default.fileExists(atPath: socket),
               (try? await runner.run(probe, timeout: max(1, deadline.timeIntervalSinceNow)))?.succeeded == true {
                let seconds = SubprocessRunner.seconds(ContinuousClock.now - started)
                return DockerEngine(directory: directory, process: process, containerd: containerd, startupSeconds: seconds,
                                    cleanupToken: token, supervisor: runner.supervisor)
            }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let tail = process.logTail()
        let engine = DockerEngine(directory: directory, process: process, containerd: containerd, startupSeconds: 0,
                                  cleanupToken: token, supervisor: runner.supervisor)
        let kept = logDirectory.flatMap { KeptLog.keep(process.logPath, as: "dockerd-not-ready", in: $0) }
        await engine.stop()
        throw EngineError.daemonNotReady(what: "dockerd", seconds: timeout, logTail: tail, logPath: kept ?? "(removed with \(directory))")
    }

    /// The only configuration dockerd reads: builds resolve names through slirp4netns's DNS forwarder;
    /// with `containerdStore`, images live in containerd (what Docker 26 needs for BuildKit's cache exporters).
    package static func configuration(containerdStore: Bool = false) -> String {
        let features = containerdStore ? #", "features": {"containerd-snapshotter": true}"# : ""
        return #"{"dns": ["\#(NetworkNamespace.dnsServer)"]"# + features + "}\n"
    }

    let cleanupToken: UUID
    /// Holds the clean-up that removes `directory` on a signal, until `stop()` has removed it.
    let supervisor: ProcessSupervisor

    init(directory: String, process: DaemonProcess, containerd: DaemonProcess?, startupSeconds: Double, cleanupToken: UUID,
         supervisor: ProcessSupervisor) {
        self.cleanupToken = cleanupToken
        self.supervisor = supervisor
        self.directory = directory
        self.process = process
        self.containerd = containerd
        self.startupSeconds = startupSeconds
    }

    /// A containerd of our own, used only when the host runs a system containerd that dockerd would otherwise share.
    package let containerd: DaemonProcess?

    /// SIGTERM dockerd (its supervised containerd goes with it), then a private containerd if any,
    /// unmount what they left, delete the directory.
    package func stop() async {
        await process.stop()
        await containerd?.stop()
        TempDirectory.remove(directory)
        supervisor.deregisterCleanup(cleanupToken)
    }

    /// `command` at the lowest CPU priority (nice 19) when `lowPriority`: a spare engine starting beside a build
    /// takes only the CPU that the build leaves idle.
    static func niced(_ command: Command, _ lowPriority: Bool) -> Command {
        guard lowPriority else { return command }
        return Command(ExecutableLookup.find("nice") ?? "nice", ["-n", "19", command.executable] + command.arguments,
                       environment: command.environment, workingDirectory: command.workingDirectory)
    }

    /// Back to normal CPU priority: every thread of dockerd, its containerd and whatever they started (Linux's
    /// nice value is per thread, and a thread created before this call keeps the value it was created with).
    /// Called when a spare engine started with `lowPriority` becomes the engine of a build.
    func raisePriority() {
        let pids = [process.pid] + (containerd.map { [$0.pid] } ?? [])
        for pid in pids + pids.flatMap({ ProcessState.descendants(of: $0).map(\.pid) }) { ProcessState.raisePriority(pid) }
    }

    /// `stop()` beside the next build, off the critical path: shutting dockerd down and deleting a data root
    /// of thousands of files take seconds that no build should wait for. The daemons stay registered until
    /// they are gone, so Ctrl-C still stops them; `TempDirectory.waitForBackgroundRemovals` waits for it.
    /// `CACHEBENCH_TEARDOWN=foreground` stops in place instead (to measure what the background saves).
    func stopInBackground(environment: [String: String] = ProcessInfo.processInfo.environment) async {
        if environment["CACHEBENCH_TEARDOWN"] == "foreground" {
            await stop()
            return
        }
        TempDirectory.background { await self.stop() }
    }

    /// - Parameters:
    ///   - executable: the engine's own containerd; nil looks it up on PATH.
    ///   - environment: PATH for containerd's shim and runc (the engine's `daemonEnvironment`).
    static func startPrivateContainerd(in directory: String, namespace: NetworkNamespace, executable: String? = nil,
                                       environment: [String: String] = [:], timeout: Double = 30,
                                       lowPriority: Bool = false, runner: any ProcessRunner) async throws -> DaemonProcess {
        let config = """
            version = 2
            root = "\(directory)/containerd/root"
            state = "\(directory)/containerd/state"
            disabled_plugins = ["io.containerd.grpc.v1.cri"]
            [grpc]
              address = "\(directory)/containerd.sock"
            [ttrpc]
              address = "\(directory)/containerd.sock.ttrpc"
            [debug]
              address = "\(directory)/containerd-debug.sock"
            [metrics]
              address = ""
            """
        try config.write(toFile: "\(directory)/containerd.toml", atomically: true, encoding: .utf8)
        let containerd = executable ?? ExecutableLookup.find("containerd") ?? "containerd"
        let process = try await runner.startDaemon(niced(namespace.wrap(Command(containerd, ["--config", "\(directory)/containerd.toml"],
                                                                                environment: environment)), lowPriority),
                                                   logPath: "\(directory)/containerd.log")
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if FileManager.default.fileExists(atPath: "\(directory)/containerd.sock") { return process }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let tail = process.logTail()
        await process.stop()
        throw EngineError.daemonNotReady(what: "containerd", seconds: timeout, logTail: tail, logPath: process.logPath)
    }
}
