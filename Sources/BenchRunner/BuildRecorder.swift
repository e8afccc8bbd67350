import BuildEngine
import BuildLogParsing
import DockerfileModel
import Foundation
import ResultStore

/// Turns what a build's phases produced (parsed steps, phase results, layers) into the records the store keeps, and
/// decides when the build has failed. It knows nothing of engines or processes: `BenchmarkRunner` hands it each
/// phase's output as the phase ends.
struct BuildRecorder {
    private(set) var build: BuildRecord
    private(set) var phases: [(phase: PhaseRecord, steps: [StepRecord])] = []
    private(set) var layers: [(phaseIndex: Int, layer: LayerRecord)] = []
    /// Output of a phase past what its row holds, in the spool's files until the build is stored.
    private(set) var spilled: [(phaseIndex: Int, output: SpilledOutput)] = []
    let builder: Builder
    /// Each step's ideal state for this scenario and builder, keyed by `IdealCache.key`.
    let ideal: [StepKey: IdealStep]?
    /// The Dockerfile's stages in file order, as the model names them (legacy steps take their stage from these).
    let stages: [StageRef]
    /// Other registries' pull-through caches: steps name the registry, not the address the private Dockerfile held.
    let routes: [RegistryRoute]
    private var stepOrdinal = 0

    init(build: BuildRecord, builder: Builder, ideal: [StepKey: IdealStep]?, stages: [StageRef] = [], routes: [RegistryRoute] = []) {
        self.build = build; self.builder = builder; self.ideal = ideal; self.stages = stages; self.routes = routes
    }

    var failed: Bool { build.status == .failed }

    mutating func setStarted(startupSeconds: Double) {
        build.engineStartupSeconds = startupSeconds
        build.startedAt = Date()
    }

    mutating func setWallSeconds(_ seconds: Double) { build.wallSeconds = seconds }

    mutating func fail(_ error: String?) {
        build.status = .failed
        build.error = error
    }

    /// A CI cache restore or save (`CICache.transfer`); a failed copy fails the build.
    mutating func recordTransfer(_ kind: PhaseKind, phase: PhaseRecord, layer: LayerRecord?) {
        if let layer { layers.append((phases.count, layer)) }
        phases.append((phase, []))
        if phase.exitCode != 0 { fail("\(kind.rawValue) of the CI cache failed: \(phase.output)") }
    }

    /// An engine command: its phase row (argv and environment as `recorded`, secrets masked), its steps, its layers.
    /// Returns the steps, for the failure message.
    @discardableResult
    mutating func recordCommand(_ output: PhaseRunner.Output, ordinal: Int, kind: PhaseKind, recorded: Command,
                                layers: [LayerRecord]) -> [StepRecord] {
        let result = output.result
        let steps = records(of: output.parsed.steps)
        let phase = PhaseRecord(ordinal: ordinal, kind: kind, argv: recorded.argv,
                                environment: recorded.environment, wallSeconds: result.wallSeconds,
                                exitCode: Int(result.exitCode), output: output.log.output, lineTimes: output.log.lineTimes)
        for layer in layers { self.layers.append((phases.count, layer)) }
        if let rest = output.log.spilled { spilled.append((phases.count, rest)) }
        phases.append((phase, steps))
        return steps
    }

    /// Parsed steps as rows: stage names and indices normalised, numbered across the build, each with its ideal state.
    mutating func records(of parsed: [ParsedStep]) -> [StepRecord] {
        BenchmarkRunner.normalize(parsed, builder: builder, stages: stages).map { step in
            var record = StepRecord(ordinal: stepOrdinal, stage: step.stage, stepIndex: step.index, stepOf: step.of,
                                    instruction: ImageRouting.restoringNames(step.instruction, routes: routes), cached: step.cached, seconds: step.seconds, error: step.error)
            IdealCache.annotate(&record, ideal: ideal)
            stepOrdinal += 1
            return record
        }
    }

    /// The build as stored, each missed step given its cause.
    func finish(strategy: Strategy, finalStage: String?, lines: [RenderedLine]) -> NewBuild {
        var phases = self.phases
        MissCause.assign(&phases, facts: MissCause.Facts(
            strategy: strategy, finalStage: finalStage, lines: lines,
            failedPulls: phases.filter { $0.phase.kind == .pull && $0.phase.exitCode != 0 }.compactMap { $0.phase.argv.last }))
        return NewBuild(build: build, phases: phases, layers: layers, spilled: spilled)
    }
}
