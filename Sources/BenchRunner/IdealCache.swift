import DockerfileModel
import Foundation

/// What a perfect cache would have served after a scenario's change: from the Dockerfile model's change
/// impact. Steps are keyed `stage#index` as builds store them (index 1 is FROM).
public enum IdealCache {
    /// The steps that could have come from cache, or nil when nothing could (a cold build).
    public static func cachedSteps(project: Project, scenario: Scenario) -> Set<String>? {
        if scenario == .cold { return nil }
        let changedPaths = scenario.editedFile(in: project.scenarioFiles).map { [$0] } ?? []
        let changedBases = scenario == .baseChange ? Set(project.baseImages) : []
        guard let impact = try? ChangeImpact.compute(dockerfile: project.model, changedPaths: changedPaths,
                                                     dockerignore: project.dockerignore, changedBaseImages: changedBases,
                                                     buildArgs: project.buildArgs, target: project.target)
        else { return nil }
        var keys = Set<String>()
        for stage in impact.stages {
            let name = stage.name ?? "stage-\(stage.index)"
            for step in stage.cached { keys.insert(key(stage: name, index: step.position + 1)) }
        }
        return keys
    }

    public static func key(stage: String, index: Int) -> String { "\(stage)#\(index)" }
}
