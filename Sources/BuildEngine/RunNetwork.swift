import Foundation
#if canImport(Glibc)
import Glibc
#endif

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
