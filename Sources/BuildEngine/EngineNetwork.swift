import Foundation

/// What cachebench must not share with a Docker the user runs.
public enum EngineNetwork {
    /// The system containerd socket: when it exists, dockerd would use it (and share the user's containerd),
    /// so cachebench starts a private containerd instead.
    public static let systemContainerdSocket = "/run/containerd/containerd.sock"

    public static var systemContainerdRunning: Bool { FileManager.default.fileExists(atPath: systemContainerdSocket) }
}
