import BenchAnalysis
import BuildEngine
import BuildLogParsing
import Foundation

/// A fresh engine as a build's commands reach it.
package struct FreshEngine: Sendable {
    /// `DOCKER_HOST`.
    var host: String
    var startupSeconds: Double
    /// The CLI's DOCKER_CONFIG holding the engine's buildx plugin; nil when it has none.
    var dockerConfig: String?

    package init(host: String, startupSeconds: Double, dockerConfig: String? = nil) {
        self.host = host; self.startupSeconds = startupSeconds; self.dockerConfig = dockerConfig
    }
}
