import GRDB

/// Which builder a strategy drives, and so which client and log format it needs; stored as its raw value in
/// `build.builder`.
package enum Builder: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    /// `DOCKER_BUILDKIT=0 docker build`: the classic builder, `Step N/M` logs.
    case legacy
    /// `DOCKER_BUILDKIT=1 docker build --progress=plain`.
    case buildkit
    /// `docker buildx build` with cache exporters.
    case buildx
    /// `buildah build --layers` with a registry cache repository.
    case buildah

    /// The program a user types for this builder's commands.
    package var program: String { self == .buildah ? "buildah" : "docker" }
}
