import Foundation

/// What cachebench must not share with a Docker the user runs.
package enum EngineNetwork {
    /// The system containerd socket: when it exists, dockerd would use it (and share the user's containerd),
    /// so cachebench starts a private containerd instead.
    package static let systemContainerdSocket = "/run/containerd/containerd.sock"

    static var systemContainerdRunning: Bool { FileManager.default.fileExists(atPath: systemContainerdSocket) }
}
