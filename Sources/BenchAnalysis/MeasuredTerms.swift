import Foundation
import ResultStore

/// A stored build cut into the model's terms.
struct MeasuredTerms: Sendable, Equatable {
    /// Seconds of the steps the build printed as run (not cached), each distinct step once.
    var steps: Double
    /// Build phases' wall seconds beyond those steps.
    var buildOverhead: Double
    /// Wall seconds of pull phases plus the seconds of cached steps (a build's own cache import), and of push phases.
    /// A CI cache's restore counts with the pulls, its save with the pushes (`type=local`'s directory).
    var pulls: Double
    var pushes: Double

    init(_ detail: BuildDetail) {
        let buildPhases = Set(detail.phases.filter { $0.kind == .build }.compactMap(\.id))
        var seen = Set<String>()
        var steps = 0.0
        for step in detail.steps where !step.cached && buildPhases.contains(step.phaseId) {
            let key = "\(step.stage ?? "")#\(step.stepIndex.map(String.init) ?? step.instruction)"
            if seen.insert(key).inserted { steps += step.seconds ?? 0 }
        }
        self.steps = steps
        // A cached step that took time was fetching its layer from the cache source (buildah prints it so).
        let imports = detail.steps.filter { $0.cached && buildPhases.contains($0.phaseId) }.compactMap(\.seconds).reduce(0, +)
        let buildWall = detail.phases.filter { $0.kind == .build }.map(\.wallSeconds).reduce(0, +)
        buildOverhead = buildWall - steps - imports
        pulls = detail.phases.filter { $0.kind == .pull || $0.kind == .restore }.map(\.wallSeconds).reduce(0, +) + imports
        pushes = detail.phases.filter { $0.kind == .push || $0.kind == .save }.map(\.wallSeconds).reduce(0, +)
    }
}
