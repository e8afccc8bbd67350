import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An engine started beside a build for the build after it.
struct SpareEngine: Sendable {
    /// Which distribution it runs (`SpareEngine.key`).
    var key: String
    var task: Task<DockerEngine, any Error>

    static func key(_ distribution: EngineDistribution?) -> String { distribution?.spec.name ?? "system" }
}
