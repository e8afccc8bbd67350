import Foundation

/// What one CI run of a strategy in a scenario must do, worked out from the calibration builds and the
/// strategy's cache semantics: the steps it rebuilds and the bytes it moves. Independent of the network.
package struct CellWork: Sendable, Codable, Equatable {
    /// A rebuilt step and the seconds it took in the calibration's cold builds (their mean).
    package struct Step: Sendable, Codable, Equatable {
        package var label: String
        package var seconds: Double
        /// The step's identity in the history of spreads: stage and instruction text (no index, so an edit above it
        /// keeps its history); nil: `label`.
        package var spreadKey: String?
        /// How many calibration builds `seconds` is the mean of (nil: one).
        package var draws: Int?
        package init(label: String, seconds: Double, spreadKey: String? = nil, draws: Int? = nil) {
            self.label = label; self.seconds = seconds; self.spreadKey = spreadKey; self.draws = draws
        }
    }

    package var strategy: String
    package var scenario: String
    package var builder: String
    package var rebuiltSteps: [Step]
    package var buildCommands: Int
    package var pullCommands: Int
    /// Layers pulled into the engine (explicit pulls and cache imports), extracted locally.
    package var pulledBytes: Int64
    package var pulledLayers: Int
    /// Base-image layers a FROM fetches from the mirror: their local cost is inside the FROM step's time,
    /// so only the link is charged.
    package var baseBytes: Int64
    package var pushCommands: Int
    /// Layers the registry does not have yet.
    package var pushedBytes: Int64
    package var pushedLayers: Int
    /// Layers a push only checks (`Layer already exists`, `Mounted from`).
    package var existingLayers: Int
    /// Cache layers read from, and written to, a directory on the runner (`type=local`): they never cross the link,
    /// so only the local rates are charged.
    package var localImportBytes: Int64 = 0
    /// New layers (compressed bytes) the build commands export into the image store (BuildKit's "exporting layers"
    /// and "unpacking to"): the rebuilt layers of each image a command names.
    package var exportedBytes: Int64 = 0
    package var localExportBytes: Int64 = 0
    /// The CI cache's archive of that directory (`type=local`), downloaded before the build and uploaded after it:
    /// both cross the link, as actions/cache's do.
    package var ciCacheRestoreBytes: Int64 = 0
    package var ciCacheSaveBytes: Int64 = 0

    package init(strategy: String, scenario: String, builder: String, rebuiltSteps: [Step] = [], buildCommands: Int = 1,
                 pullCommands: Int = 0, pulledBytes: Int64 = 0, pulledLayers: Int = 0, baseBytes: Int64 = 0,
                 pushCommands: Int = 0, pushedBytes: Int64 = 0, pushedLayers: Int = 0, existingLayers: Int = 0) {
        self.strategy = strategy; self.scenario = scenario; self.builder = builder; self.rebuiltSteps = rebuiltSteps
        self.buildCommands = buildCommands; self.pullCommands = pullCommands; self.pulledBytes = pulledBytes
        self.pulledLayers = pulledLayers; self.baseBytes = baseBytes; self.pushCommands = pushCommands
        self.pushedBytes = pushedBytes; self.pushedLayers = pushedLayers; self.existingLayers = existingLayers
    }
}
