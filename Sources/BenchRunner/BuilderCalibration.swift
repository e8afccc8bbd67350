import BenchAnalysis
import DockerfileModel
import Foundation
import ResultStore

/// What the calibration builds measured for one builder.
package struct BuilderCalibration: Sendable, Equatable {
    /// A step of the cold build: its seconds and instruction.
    package struct Step: Sendable, Equatable {
        package var seconds: Double
        package var instruction: String
        /// How many cold builds `seconds` is the mean of (`pooledSteps`).
        package var draws: Int = 1
        package init(seconds: Double, instruction: String, draws: Int = 1) {
            self.seconds = seconds; self.instruction = instruction; self.draws = draws
        }
    }

    package var builder: Builder
    /// Cold-build steps by `IdealCache.key(stage:index:)`.
    package var steps: [StepKey: Step]
    /// Layers of each pushed tag (`latest` or a stage's tag), base first.
    package var images: [String: [ImageLayer]]
    /// Layers the cold build's pushes sent (rather than found in the registry): on a first push the base goes too.
    package var pushedOnCold: Set<String> = []
    /// Each rate or fixed cost, when these builds measured it.
    package var buildCommandSeconds: Double?
    package var pullCommandSeconds: Double?
    package var extractionBytesPerSecond: Double?
    package var pushCommandSeconds: Double?
    package var pushBytesPerSecond: Double?
    /// A build command's wall seconds beyond the steps it ran, with the tag it named (`-t`): the export and unpacking
    /// of that image into the engine's store happen there, so `CellWorkPlanner.rates` weighs them by its layers.
    package struct Command: Sendable, Equatable {
        package var tag: String
        package var beyondSeconds: Double
        package init(tag: String, beyondSeconds: Double) { self.tag = tag; self.beyondSeconds = beyondSeconds }
    }
    /// The cold build's commands (an image built from scratch: its new layers exported), and each all-cached build's
    /// (its image fetched from the cache and unpacked), one array per build.
    package var coldCommands: [Command] = []
    package var cachedBuilds: [[Command]] = []

    package init(builder: Builder, steps: [StepKey: Step] = [:], images: [String: [ImageLayer]] = [:]) {
        self.builder = builder; self.steps = steps; self.images = images
    }

    /// Reads the calibration builds of one strategy (its cold build, and the no-change build when there is one).
    /// `borrowed`: another builder's images, for a builder whose pushes print no layers (buildah).
    package init(builder: Builder, builds: [BuildDetail], borrowed: [String: [ImageLayer]] = [:]) {
        self.init(builder: builder)
        let ok = builds.filter { $0.build.status == .ok }
        if let cold = ok.first(where: { $0.build.scenario == Scenario.cold.rawValue }) {
            for step in cold.steps where !step.cached {
                guard let index = step.stepIndex, let seconds = step.seconds else { continue }
                let key = IdealCache.key(stage: step.stage, index: index)
                // A per-stage script builds a step once for real; a later, cached run of it does not count.
                if seconds >= (steps[key]?.seconds ?? 0) { steps[key] = Step(seconds: seconds, instruction: step.instruction) }
            }
            for phase in cold.phases where phase.kind == .push && phase.exitCode == 0 {
                guard let reference = phase.argv.last, let colon = reference.lastIndex(of: ":"),
                      !reference[colon...].contains("/") else { continue }
                let layers = cold.layers.filter { $0.phaseId == phase.id }.sorted { $0.ordinal > $1.ordinal }
                guard !layers.isEmpty else { continue }
                images[String(reference[reference.index(after: colon)...])] = layers.map { ImageLayer(id: $0.layerId, bytes: $0.bytes ?? 0) }
                pushedOnCold.formUnion(layers.filter { $0.action == .pushed }.map(\.layerId))
            }
        }
        if images.isEmpty { images = borrowed }
        measureRates(ok)
    }

    private mutating func measureRates(_ builds: [BuildDetail]) {
        // buildx --push exports inside the build (no push phase): its cold build's time beyond the steps holds the
        // whole export, so its fixed cost comes from the all-cached build, which exports nothing new.
        let exportsInside = !builds.isEmpty && !builds.contains { $0.phases.contains { $0.kind == .push } }
        let samples = PhaseSamples(builds, exportsInside: exportsInside)
        recordCommands(builds)
        buildCommandSeconds = Self.mean(samples.overheads)
        pullCommandSeconds = Self.mean(samples.failedPulls)
        pushCommandSeconds = Self.mean(samples.emptyPushes)
        // BuildKit's import is measured by `CellWorkPlanner.rates`, apart from the fixed cost (its all-cached build's
        // time is mostly the unpacking of its image: taking it as the fixed cost left the import no time at all).
        extractionBytesPerSecond = Self.rate(samples.pulls, fixed: pullCommandSeconds ?? 0)
            ?? (builder.family == .buildKit ? nil
                : importRate(builds.first { $0.build.chainPosition > 0 && !$0.phases.contains { $0.kind == .pull } }))
        pushBytesPerSecond = Self.rate(samples.pushes, fixed: pushCommandSeconds ?? 0)
        if exportsInside, let rate = exportRate(coldBeyondSteps: samples.coldBeyondSteps) { pushBytesPerSecond = rate }
    }

    /// Each build command's seconds beyond its steps, with the tag it named: the cold builds', and the all-cached ones'.
    private mutating func recordCommands(_ builds: [BuildDetail]) {
        for detail in builds {
            // Every step served (BuildKit prints a FROM as run: it resolves the base's digest).
            let allCached = detail.build.chainPosition > 0 && !detail.phases.contains { $0.kind == .pull }
                && !detail.steps.contains { !$0.cached && !$0.instruction.uppercased().hasPrefix("FROM") }
            var cached: [Command] = []
            for phase in detail.phases where phase.kind == .build {
                let ran = detail.steps.filter { $0.phaseId == phase.id && !$0.cached }.compactMap(\.seconds).reduce(0, +)
                guard let tag = Self.tag(phase.argv) else { continue }
                let command = Command(tag: tag, beyondSeconds: max(0, phase.wallSeconds - ran))
                if detail.build.chainPosition == 0 { coldCommands.append(command) } else if allCached { cached.append(command) }
            }
            if !cached.isEmpty { cachedBuilds.append(cached) }
        }
    }

    /// Bytes of every layer of every image, each once.
    var uniqueImageBytes: Double {
        var unique: [String: Int64] = [:]
        for layer in images.values.joined() { unique[layer.id] = layer.bytes }
        return Double(unique.values.reduce(0, +))
    }

    /// A builder that exports inside its build: the cold export sent every layer of every image once (mode=max: every
    /// stage), in the cold builds' time beyond their steps and the command's fixed cost.
    private func exportRate(coldBeyondSteps: [Double]) -> Double? {
        guard let fixed = buildCommandSeconds, !coldBeyondSteps.isEmpty else { return nil }
        let bytes = uniqueImageBytes
        let seconds = coldBeyondSteps.reduce(0, +) - Double(coldBeyondSteps.count) * fixed
        return bytes > 0 && seconds > 0 ? bytes / seconds : nil
    }

    /// A builder without pull commands fetches its cache in the build: its all-cached no-change build fetched every
    /// pushed layer (each once) in its build phases' wall time beyond the commands' fixed cost.
    private func importRate(_ noChange: BuildDetail?) -> Double? {
        guard let noChange, let fixed = buildCommandSeconds else { return nil }
        let builds = noChange.phases.filter { $0.kind == .build }
        let seconds = builds.map(\.wallSeconds).reduce(0, +) - Double(builds.count) * fixed
        let bytes = uniqueImageBytes
        return bytes > 0 && seconds > 0 ? bytes / seconds : nil
    }

    /// The tag a build command names with `-t`, after its last colon (`latest` when it names none).
    static func tag(_ argv: [String]) -> String? {
        guard let at = argv.firstIndex(of: "-t") ?? argv.firstIndex(of: "--tag"), at + 1 < argv.count else { return nil }
        let reference = argv[at + 1]
        guard let colon = reference.lastIndex(of: ":"), !reference[colon...].contains("/") else { return "latest" }
        return String(reference[reference.index(after: colon)...])
    }

    static func mean(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }

    /// Σ bytes / Σ (seconds − the command's fixed cost).
    static func rate(_ samples: [(bytes: Double, seconds: Double)], fixed: Double) -> Double? {
        let bytes = samples.map(\.bytes).reduce(0, +)
        let seconds = samples.map { max($0.seconds - fixed, 0.001) }.reduce(0, +)
        return samples.isEmpty ? nil : bytes / seconds
    }

    /// The model's rates for this builder: its own measurements, else the first of `others` that has each one.
    package func rates(falling others: [BuilderCalibration]) -> MachineRates {
        let all = [self] + others
        func first(_ path: KeyPath<BuilderCalibration, Double?>) -> Double { all.lazy.compactMap { $0[keyPath: path] }.first ?? 0 }
        return MachineRates(buildCommandSeconds: first(\.buildCommandSeconds), pullCommandSeconds: first(\.pullCommandSeconds),
                            extractionBytesPerSecond: first(\.extractionBytesPerSecond),
                            pushCommandSeconds: first(\.pushCommandSeconds), pushBytesPerSecond: first(\.pushBytesPerSecond))
    }
}

/// The calibration builds' phase times, sorted by what each one prices.
private struct PhaseSamples {
    /// Build phases' time beyond their steps: the build command's fixed cost.
    var overheads: [Double] = []
    var failedPulls: [Double] = [], pulls: [(bytes: Double, seconds: Double)] = []
    var emptyPushes: [Double] = [], pushes: [(bytes: Double, seconds: Double)] = []
    /// Cold builds' time beyond their steps, when the build exports inside it.
    var coldBeyondSteps: [Double] = []

    init(_ builds: [BuildDetail], exportsInside: Bool) {
        for detail in builds {
            for phase in detail.phases { add(phase, of: detail, exportsInside: exportsInside) }
        }
    }

    private mutating func add(_ phase: PhaseRecord, of detail: BuildDetail, exportsInside: Bool) {
        let layers = detail.layers.filter { $0.phaseId == phase.id }
        let moved = Double(layers.filter(\.transferred).compactMap(\.bytes).reduce(0, +))
        let ran = { detail.steps.filter { $0.phaseId == phase.id && !$0.cached }.compactMap(\.seconds).reduce(0, +) }
        switch phase.kind {
        case .build where exportsInside:
            if detail.build.chainPosition == 0 { coldBeyondSteps.append(max(0, phase.wallSeconds - ran())) }
            else { overheads.append(max(0, phase.wallSeconds - ran())) }
        case .build where detail.build.chainPosition == 0:
            // Cold builds only: an all-cached build's time is mostly fetching its layers, an import term.
            overheads.append(max(0, phase.wallSeconds - ran()))
        case .pull:
            if phase.exitCode != 0 { failedPulls.append(phase.wallSeconds) }
            else if moved > 0 { pulls.append((moved, phase.wallSeconds)) }
        case .push where phase.exitCode == 0:
            if moved == 0 { emptyPushes.append(phase.wallSeconds) } else { pushes.append((moved, phase.wallSeconds)) }
        default: break
        }
    }
}

extension BuilderCalibration {
    /// Every builder's calibration in a calibration run. Builders whose pushes print no layers borrow the image
    /// sizes of a builder with the same layer rules (the legacy builder's for buildah, BuildKit's for buildx).
    package static func all(from builds: [BuildDetail], buildKitIsDefault: Bool = false) -> [Builder: BuilderCalibration] {
        var out: [Builder: BuilderCalibration] = [:]
        for builder in [Builder.legacy, .buildkit, .buildah, .buildx] {
            guard var id = CacheSemantics.calibrationStrategy(builder, buildKitIsDefault: buildKitIsDefault) else { continue }
            // A calibration planned before the engine was known ran per-stage, which BuildKit ran there.
            if buildKitIsDefault, builder == .buildkit, !builds.contains(where: { $0.build.strategy == id }) { id = "per-stage" }
            let mine = builds.filter { $0.build.strategy == id && $0.build.status == .ok }
            guard mine.contains(where: { $0.build.scenario == Scenario.cold.rawValue }) else { continue }
            let lender = builder.family == .buildKit ? [Builder.buildkit, .legacy] : [Builder.legacy, .buildkit]
            let borrowed = lender.lazy.compactMap { out[$0]?.images }.first { !$0.isEmpty } ?? [:]
            out[builder] = BuilderCalibration(builder: builder, builds: mine, borrowed: borrowed)
        }
        return pooledSteps(out)
    }

    /// Each step's seconds as the mean over the cold builds of the builder's family that ran it (same key, same
    /// instruction): `docker build` and buildx run the same BuildKit solver in the same dockerd, so each of their
    /// calibration builds is one more draw of the step's time. On a quiet machine the two BuildKit cold builds of
    /// hello-c (docker-26.1, 2026-11-30) ran its FROM in 3.1 and 6.9 s and its apt-get install in 5.0 and 6.1 s.
    /// A step only one builder ran keeps that builder's seconds.
    static func pooledSteps(_ calibrations: [Builder: BuilderCalibration]) -> [Builder: BuilderCalibration] {
        var out = calibrations
        for (builder, calibration) in calibrations {
            let family = calibrations.values.filter { $0.builder.family == builder.family }
            for (key, step) in calibration.steps {
                let samples = family.compactMap { $0.steps[key] }.filter { $0.instruction == step.instruction }.map(\.seconds)
                out[builder]?.steps[key] = Step(seconds: samples.reduce(0, +) / Double(samples.count),
                                                instruction: step.instruction, draws: samples.count)
            }
        }
        return out
    }
}

extension [BuilderCalibration.Command] {
    /// A build's seconds beyond `fixed` per command (each command at least 0): for an all-cached build, the time it
    /// spent fetching and unpacking the images it names.
    func seconds(beyond fixed: Double) -> Double {
        map { Swift.max(0, $0.beyondSeconds - fixed) }.reduce(0, +)
    }
}
