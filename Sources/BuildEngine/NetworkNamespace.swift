import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A run's own network namespace. Every daemon of the run (registry, dockerd, containerd, buildah,
/// slirp4netns's peer) lives in it, so dockerd's bridge, NAT rules and forwarding sysctl change
/// the namespace, never the host. Outbound access comes from slirp4netns (user-mode networking:
/// no host firewall rule, route or link). Deleting the namespace takes everything with it.
package struct NetworkNamespace: Sendable, Hashable {
    package let name: String
    package var path: String { "\(Self.directory)/\(name)" }

    /// Where `ip netns` keeps its named namespaces.
    package static let directory = "/run/netns"
    /// slirp4netns's built-in DNS forwarder, as seen from inside the namespace.
    package static let dnsServer = "10.0.2.3"
    /// Every namespace cachebench creates has this prefix; `engine gc` considers no other.
    package static let prefix = "cachebench-"

    package init(name: String) { self.name = name }

    /// A new unique name for this process.
    package static func fresh() -> NetworkNamespace {
        NetworkNamespace(name: "\(prefix)\(getpid())-\(String(UInt32.random(in: 0...UInt32.max), radix: 16))")
    }

    /// `command` run inside the namespace through `nsenter --net` (not `ip netns exec`, which remounts
    /// /sys and hides the cgroup mounts that dockerd needs). nsenter execs, so the pid is the program's.
    package func wrap(_ command: Command, nsenter: String = "nsenter") -> Command {
        Command(nsenter, ["--net=\(path)", "--", command.executable] + command.arguments,
                environment: command.environment, workingDirectory: command.workingDirectory)
    }

    /// Runs `body` on the calling thread inside the namespace: sockets created in it belong to the
    /// namespace for their whole life. `body` must not suspend (no `await`): setns is per thread.
    func enter<T>(_ body: () throws -> T) throws -> T {
        let target = open(path, O_RDONLY | O_CLOEXEC)
        guard target >= 0 else { throw EngineError.namespaceUnavailable(reason: "cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(target) }
        let original = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC)
        guard original >= 0 else { throw EngineError.namespaceUnavailable(reason: "cannot open this thread's namespace") }
        defer { close(original) }
        guard Self.setns(target) == 0 else {
            throw EngineError.namespaceUnavailable(reason: "setns \(path): \(String(cString: strerror(errno)))")
        }
        defer { _ = Self.setns(original) }
        return try body()
    }

    /// glibc's setns(2), which Swift's Glibc module does not export (it needs _GNU_SOURCE).
    private static let setnsFunction: (@convention(c) (Int32, Int32) -> Int32)? = {
        guard let symbol = dlsym(nil, "setns") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
    }()

    private static func setns(_ fd: Int32) -> Int32 {
        let cloneNewNet: Int32 = 0x4000_0000  // CLONE_NEWNET
        guard let function = setnsFunction else { errno = ENOSYS; return -1 }
        return function(fd, cloneNewNet)
    }

    /// The namespace's inode, which /proc/PID/ns/net of every process inside it names.
    var inode: UInt64? {
        var info = stat()
        return stat(path, &info) == 0 ? UInt64(info.st_ino) : nil
    }

    /// Processes whose network namespace is this one (their start time guards against pid reuse).
    package func processes() -> [ProcessIdentity] {
        guard let inode, let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        return entries.compactMap { entry -> ProcessIdentity? in
            guard let pid = pid_t(entry), pid != getpid(),
                  let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/ns/net"),
                  link == "net:[\(inode)]", let info = ProcessState.stat(pid) else { return nil }
            return ProcessIdentity(pid: pid, startTime: info.startTime)
        }
    }

    /// Names of the namespaces cachebench created that still exist.
    package static func existing() -> [NetworkNamespace] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasPrefix(prefix) }.sorted().map(NetworkNamespace.init(name:))
    }
}

/// `within(ns) { ... }`: inside `ns` when there is one, else on the host's loopback (unit tests); nil when the
/// namespace cannot be entered. For probes that poll; what starts a service enters with `enter` first, so that
/// a namespace that is gone is reported as such, not as a service that never answered.
func within<T>(_ namespace: NetworkNamespace?, _ body: () -> T) -> T? {
    guard let namespace else { return body() }
    return try? namespace.enter(body)
}

/// The namespace with its user-mode uplink: created at the start of a run, deleted at its end.
package final class RunNetwork: Sendable {
    package let namespace: NetworkNamespace
    let slirp: DaemonProcess
    let ip: String

    init(namespace: NetworkNamespace, slirp: DaemonProcess, ip: String) {
        self.namespace = namespace
        self.slirp = slirp
        self.ip = ip
    }

    /// Creates the namespace, brings up its loopback and starts slirp4netns; ready once tap0 has its address.
    package static func create(namespace: NetworkNamespace = .fresh(), logDirectory: String, capabilities: EngineCapabilities,
                               runner: any ProcessRunner, timeout: Double = 10) async throws -> RunNetwork {
        guard let ip = capabilities.ip else { throw EngineError.missingProgram(name: "ip", package: "iproute2") }
        guard let slirp4netns = capabilities.slirp4netns else {
            throw EngineError.missingProgram(name: "slirp4netns", package: "slirp4netns")
        }
        let added = try await runner.run(Command(ip, ["netns", "add", namespace.name]))
        guard added.succeeded else { throw EngineError.namespaceUnavailable(reason: "ip netns add: \(added.tail(1))") }
        let token = runner.supervisor.registerCleanup { Self.delete(namespace, ip: ip) }
        do {
            try await runner.runChecked(Command(ip, ["-n", namespace.name, "link", "set", "lo", "up"]),
                                        what: "bringing up the namespace's loopback", hint: "Check that iproute2 works as root.")
            let slirp = try await runner.startDaemon(
                Command(slirp4netns, ["--configure", "--mtu=65520", "--disable-host-loopback",
                                      "--netns-type=path", namespace.path, "tap0"]),
                logPath: "\(logDirectory)/slirp4netns.log")
            let network = RunNetwork(namespace: namespace, slirp: slirp, ip: ip)
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                let shown = try? await runner.run(Command(ip, ["-n", namespace.name, "-o", "-4", "addr", "show", "dev", "tap0"]))
                if shown?.output.contains("10.0.2.100") == true {
                    runner.supervisor.deregisterCleanup(token)
                    return network
                }
                if !slirp.isRunning { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            let tail = slirp.logTail()
            await network.destroy()
            throw EngineError.namespaceUnavailable(reason: "slirp4netns gave the namespace no uplink within \(Int(timeout)) s: \(tail)")
        } catch {
            Self.delete(namespace, ip: ip)
            runner.supervisor.deregisterCleanup(token)
            throw error
        }
    }

    /// Stops slirp4netns and every process still in the namespace, then deletes it.
    package func destroy() async {
        await slirp.stop(timeout: 2)
        Self.delete(namespace, ip: ip)
    }

    /// Synchronous, for the signal handler and `engine gc`: stops what runs inside, deletes the namespace.
    package static func delete(_ namespace: NetworkNamespace, ip: String = "ip") {
        let inside = namespace.processes()
        for process in inside where process.isSameProcessAlive {
            ProcessState.raisePriority(process.pid)
            kill(process.pid, SIGKILL)
        }
        // Mounts are removed after this: a daemon still alive could make new ones.
        let deadline = Date().addingTimeInterval(5)
        while inside.contains(where: \.isSameProcessAlive) && Date() < deadline { usleep(20_000) }
        let deletion = Process()
        deletion.executableURL = URL(fileURLWithPath: ExecutableLookup.find(ip) ?? "/usr/sbin/ip")
        deletion.arguments = ["netns", "delete", namespace.name]
        deletion.standardOutput = FileHandle.nullDevice
        deletion.standardError = FileHandle.nullDevice
        if (try? deletion.run()) != nil { deletion.waitUntilExit() }
    }
}
