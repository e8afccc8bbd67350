import DockerfileModel
import Foundation

/// A `RUN --mount=type=cache` step: every fresh runner starts with the mount empty and no cache backend exports it,
/// so each rerun of the step pays its full time; measured from the builds that reran it.
package struct CacheMountCost: Sendable, Equatable {
    /// The Dockerfile line of the RUN.
    package var line: Int
    package var instruction: String
    /// Seconds of each rerun (an empty cache mount), over the whole run; empty when no build reran it.
    package var rerunSeconds: [Double]
    /// Builds that served it from the layer cache instead.
    package var cachedBuilds: Int
}
