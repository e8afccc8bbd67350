/// A stored build with everything under it, as stored. What it adds up to (steps cached, missed, bytes moved) is
/// BenchAnalysis's `BuildDetail+Accounting`.
package struct BuildDetail: Sendable, Equatable {
    package var build: BuildRecord
    package var phases: [PhaseRecord]
    package var steps: [StepRecord]
    package var layers: [LayerRecord]
    /// The images `docker history` read after the build: empty when none was inspected (older builds, buildah).
    package var images: [InspectedImage]
    /// Bytes each cache backend held after the build: empty when not measured (older builds).
    package var cacheUsage: [CacheUsageRecord]

    package init(build: BuildRecord, phases: [PhaseRecord], steps: [StepRecord], layers: [LayerRecord] = [],
                 images: [InspectedImage] = [], cacheUsage: [CacheUsageRecord] = []) {
        self.build = build
        self.phases = phases
        self.steps = steps
        self.layers = layers
        self.images = images
        self.cacheUsage = cacheUsage
    }
}
