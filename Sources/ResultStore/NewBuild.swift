/// A build as written in one transaction: the build, its phases, each phase's steps, the layers
/// of its pushes and pulls (by index into `phases`), the images it produced and what its caches held after it.
package struct NewBuild: Sendable {
    package var build: BuildRecord
    package var phases: [(phase: PhaseRecord, steps: [StepRecord])]
    package var layers: [(phaseIndex: Int, layer: LayerRecord)]
    package var images: [InspectedImage]
    package var cacheUsage: [CacheUsageRecord]
    /// Output of a phase (index into `phases`) past what its row holds, stored as chunks after the row's `output`.
    package var spilled: [(phaseIndex: Int, output: SpilledOutput)]

    package init(build: BuildRecord, phases: [(phase: PhaseRecord, steps: [StepRecord])],
                 layers: [(phaseIndex: Int, layer: LayerRecord)] = [], images: [InspectedImage] = [],
                 cacheUsage: [CacheUsageRecord] = [], spilled: [(phaseIndex: Int, output: SpilledOutput)] = []) {
        self.build = build
        self.phases = phases
        self.layers = layers
        self.images = images
        self.cacheUsage = cacheUsage
        self.spilled = spilled
    }
}
