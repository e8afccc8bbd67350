import Foundation

/// Where an engine's binaries sit in a directory: flat (Docker's static tarballs) or an extracted
/// Debian tree (`usr/bin`, `usr/sbin`, `usr/libexec/docker/cli-plugins`).
package struct EngineLayout: Sendable, Equatable {
    package var dockerd: String
    package var containerd: String
    package var docker: String
    /// The `docker-buildx` CLI plugin.
    package var buildxPlugin: String
    /// Directories holding dockerd's helpers (containerd, containerd-shim-runc-v2, docker-init, docker-proxy),
    /// in search order: dockerd must find them first on its PATH.
    package var binDirectories: [String]

    /// Subdirectories searched for programs, in order.
    static let programDirectories = ["", "bin", "sbin", "usr/bin", "usr/sbin", "usr/local/bin", "usr/local/sbin"]
    /// Subdirectories searched for the buildx plugin, before the program directories.
    static let pluginDirectories = ["cli-plugins", "usr/libexec/docker/cli-plugins", "usr/lib/docker/cli-plugins",
                                    "usr/local/lib/docker/cli-plugins"]

    /// Finds dockerd, containerd, docker and docker-buildx under `directory`, or throws one error naming all
    /// that are missing.
    package static func locate(in directory: String, engine: String) throws -> EngineLayout {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw EngineSetupError.incompleteDirectory(directory: directory, missing: ["everything (no such directory)"])
        }
        let dockerd = find("dockerd", in: directory, subdirectories: programDirectories)
        let containerd = find("containerd", in: directory, subdirectories: programDirectories)
        let docker = find("docker", in: directory, subdirectories: programDirectories)
        let buildx = find("docker-buildx", in: directory, subdirectories: pluginDirectories + programDirectories)
        let missing = [("dockerd", dockerd), ("containerd", containerd), ("docker", docker), ("docker-buildx", buildx)]
            .filter { $0.1 == nil }.map(\.0)
        guard let dockerd, let containerd, let docker, let buildx, missing.isEmpty else {
            throw EngineSetupError.incompleteDirectory(directory: directory, missing: missing)
        }
        let helpers = [dockerd, containerd].map { ($0 as NSString).deletingLastPathComponent }
        return EngineLayout(dockerd: dockerd, containerd: containerd, docker: docker, buildxPlugin: buildx,
                            binDirectories: helpers.reduce(into: []) { if !$0.contains($1) { $0.append($1) } })
    }

    /// The first executable regular file (or symlink to one) named `name`.
    static func find(_ name: String, in directory: String, subdirectories: [String]) -> String? {
        for subdirectory in subdirectories {
            let candidate = subdirectory.isEmpty ? "\(directory)/\(name)" : "\(directory)/\(subdirectory)/\(name)"
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
               FileManager.default.isExecutableFile(atPath: candidate) {
                return candidate
            }
        }
        return nil
    }
}
