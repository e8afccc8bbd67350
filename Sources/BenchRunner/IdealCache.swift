import DockerfileModel
import Foundation
import ResultStore

/// What a perfect cache would have served after a scenario's change: the Dockerfile model's change
/// impact under the builder's own rules, keyed the way that builder numbers steps (`StepKey`).
package enum IdealCache {
    /// Every step the builder prints, with its ideal state; nil for a cold build (nothing could be cached)
    /// or a Dockerfile the model cannot read.
    package static func steps(project: Project, scenario: Scenario, builder: Builder) -> [StepKey: IdealStep]? {
        if scenario == .cold { return nil }
        let family = builder.family
        let changedPaths = scenario.editedFile(in: project.scenarioFiles).map { [$0] } ?? []
        // base-change re-points only the bases the sandbox mirror serves (not another registry's, nor a digest pin).
        let changedBases = scenario == .baseChange ? Set(project.baseImages.filter { BaseImageChange.mirrorPath(of: $0) != nil }) : []
        let ignore = family.readsDockerfileSpecificIgnore ? project.dockerignore : project.contextDockerignore
        guard let graph = try? StageGraph(dockerfile: project.model, buildArgs: project.buildArgs, target: project.target),
              let impact = try? ChangeImpact.compute(dockerfile: project.model, changedPaths: changedPaths,
                                                     dockerignore: ignore, changedBaseImages: changedBases,
                                                     buildArgs: project.buildArgs, target: project.target, builder: family)
        else { return nil }
        let states = byPosition(impact)
        var keys: [StepKey: IdealStep] = [:]
        for printed in graph.printedSteps(for: family) {
            if let ideal = states[printed.stage]?[printed.position] { keys[key(stage: printed.label, index: printed.index)] = ideal }
        }
        return keys
    }

    /// Every instruction's ideal state, by stage index and position in the stage.
    static func byPosition(_ impact: ChangeImpact) -> [Int: [Int: IdealStep]] {
        var states: [Int: [Int: IdealStep]] = [:]
        for stage in impact.stages {
            var inStage: [Int: IdealStep] = [:]
            for step in stage.cached { inStage[step.position] = IdealStep(state: .cached, line: step.startLine, contentRoots: []) }
            for step in stage.invalidated { inStage[step.position] = IdealStep(state: .rebuild, line: step.startLine, contentRoots: []) }
            for dependent in stage.dependsOnContent {
                inStage[dependent.step.position] = IdealStep(state: .dependsOnContent, line: dependent.step.startLine,
                                                             contentRoots: dependent.roots.map(\.startLine))
            }
            states[stage.index] = inStage
        }
        return states
    }

    /// The steps that could have come from cache, or nil when nothing could (a cold build).
    package static func cachedSteps(project: Project, scenario: Scenario, builder: Builder = .legacy) -> Set<StepKey>? {
        steps(project: project, scenario: scenario, builder: builder).map { Set($0.filter { $0.value.state == .cached }.keys) }
    }

    /// The target stage's label as the builder's steps store it (nil where the builder prints none).
    package static func finalStage(project: Project, builder: Builder) -> String? {
        guard let graph = try? StageGraph(dockerfile: project.model, buildArgs: project.buildArgs, target: project.target)
        else { return nil }
        return graph.printedSteps(for: builder.family).first { $0.stage == graph.target }?.label
            ?? graph.targetStage.ref.displayName
    }

    /// The key of a stored step: its stage as stored (nil when the builder printed none) and its index.
    package static func key(stage: String?, index: Int) -> StepKey { StepKey(stage: stage, index: index) }

    /// Fills the model's fields of a normalised step.
    static func annotate(_ record: inout StepRecord, ideal: [StepKey: IdealStep]?) {
        guard let ideal, let index = record.stepIndex, let step = ideal[key(stage: record.stage, index: index)] else { return }
        record.idealState = step.state
        record.ideallyCached = step.state.ideallyCached
        record.dockerfileLine = step.line
        record.contentRoots = step.contentRoots.isEmpty ? nil : step.contentRoots.map(String.init).joined(separator: ",")
    }
}
