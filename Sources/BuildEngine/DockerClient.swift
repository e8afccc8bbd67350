import Foundation

/// One Docker CLI binary and what it can do here.
package struct DockerClient: Sendable, Codable, Equatable {
    package var path: String
    /// e.g. `20.10.24+dfsg1`.
    package var version: String
    /// `DOCKER_BUILDKIT=1 docker build` works. Newer CLIs (23+) need the buildx plugin for it.
    package var buildKit: Bool
    /// `docker buildx` is installed (enables registry-max and local cache exporters).
    package var buildx: Bool

    package init(path: String, version: String, buildKit: Bool, buildx: Bool) {
        self.path = path; self.version = version; self.buildKit = buildKit; self.buildx = buildx
    }
}
