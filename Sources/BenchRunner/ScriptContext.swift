import BuildEngine
import Foundation

/// The facts a script is rendered against.
package struct ScriptContext: Sendable, Equatable {
    /// Repository without tag, e.g. `127.0.0.1:5000/r3-i1/naive/hello-c`.
    package var image: String
    /// Stages to tag, push and pull (per-stage strategies), in build order, excluding the final target.
    package var stages: [String]
    /// A `--target` for the final build, when configured.
    package var finalTarget: String?
    package var context: String
    package var dockerfile: String
    /// Where `type=local` reads and writes its cache on the runner (outside the context).
    package var cacheDirectory: String

    package init(image: String, stages: [String], finalTarget: String?, context: String, dockerfile: String,
                 cacheDirectory: String = ".buildx-cache") {
        self.image = image; self.stages = stages; self.finalTarget = finalTarget
        self.context = context; self.dockerfile = dockerfile; self.cacheDirectory = cacheDirectory
    }

    /// The tag a stage is pushed under (never `latest`, which belongs to the final image).
    package static func tag(forStage stage: String) -> String {
        stage == "latest" ? "stage-latest" : stage
    }

    var allTags: [String] { stages.map(Self.tag(forStage:)) + ["latest"] }
}
