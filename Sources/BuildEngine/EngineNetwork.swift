import Foundation

/// cachebench's own bridge, so its engines never share `docker0` (and its address pool) with a Docker daemon
/// the user runs. Created once, like `docker0`, and reused by every engine cachebench starts.
public enum EngineNetwork {
    public static let bridge = "cbench0"

    /// Creates the bridge with a free 10.213–10.250.x.1/24 address unless it exists.
    public static func ensureBridge(runner: any ProcessRunner, ip: String = "ip") async throws {
        if FileManager.default.fileExists(atPath: "/sys/class/net/\(bridge)") { return }
        let shown = try await runner.run(Command(ip, ["-4", "-o", "addr", "show"]))
        let used = shown.output
        guard let second = (213...250).first(where: { !used.contains(" 10.\($0).") }) else {
            throw EngineError.cannotStart(command: "ip link add \(bridge)", reason: "no free 10.213-250.0.0/24 subnet for the bridge")
        }
        let hint = "cachebench needs its own bridge \(bridge); check that iproute2 is installed and you are root."
        try await runner.runChecked(Command(ip, ["link", "add", "name", bridge, "type", "bridge"]),
                                    what: "creating the \(bridge) bridge", hint: hint)
        try await runner.runChecked(Command(ip, ["addr", "add", "10.\(second).0.1/24", "dev", bridge]),
                                    what: "addressing the \(bridge) bridge", hint: hint)
        try await runner.runChecked(Command(ip, ["link", "set", bridge, "up"]), what: "bringing \(bridge) up", hint: hint)
    }

    /// The system containerd socket: when it exists, dockerd would use it (and share the user's containerd),
    /// so cachebench starts a private containerd instead.
    public static let systemContainerdSocket = "/run/containerd/containerd.sock"

    public static var systemContainerdRunning: Bool { FileManager.default.fileExists(atPath: systemContainerdSocket) }
}
