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
