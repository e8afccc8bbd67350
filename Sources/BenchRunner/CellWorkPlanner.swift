import BenchAnalysis
import DockerfileModel
import Foundation
import ResultStore

/// Works out, from the Dockerfile, the per-builder ideal cache and a strategy's cache semantics, what one CI run
/// must rebuild and move: the input of `PredictionModel`.
package struct CellWorkPlanner: Sendable {
    package let project: Project
    package let graph: StageGraph
    package let calibrations: [Builder: BuilderCalibration]

    package init(project: Project, calibrations: [Builder: BuilderCalibration]) throws {
        self.project = project
        self.graph = try StageGraph(dockerfile: project.model, buildArgs: project.buildArgs, target: project.target)
        self.calibrations = calibrations
    }

    /// Instructions that leave a layer in the image: BuildKit also commits WORKDIR (a 32-byte layer in the
    /// calibration's pushes); the legacy builder and buildah do not when the directory exists.
    static func layerKeywords(_ builder: Builder) -> Set<String> {
        builder.family == .buildKit ? ["RUN", "COPY", "ADD", "WORKDIR"] : ["RUN", "COPY", "ADD"]
    }

    /// The work of one cell, or nil when no calibration covers the strategy's builder.
    package func work(strategy: Strategy, scenario: Scenario) -> CellWork? {
        guard let calibration = calibrations[strategy.builder] else { return nil }
        let semantics = CacheSemantics.of(strategy)
        var rebuilt = rebuiltPositions(strategy: strategy, scenario: scenario, semantics: semantics)
        var work = CellWork(strategy: strategy.id, scenario: scenario.rawValue, builder: strategy.builder.rawValue)
        let lines = strategy.render(ScriptContext(image: "i", stages: strategy.isPerStage ? project.cacheStages : [],
                                                  finalTarget: project.target, context: ".", dockerfile: "Dockerfile"))
        work.buildCommands = lines.filter { $0.kind == .build }.count
        work.pullCommands = lines.filter { $0.kind == .pull }.count
        work.pushCommands = lines.filter { $0.kind == .push }.count
        var fetched = scenario == .cold ? Fetched()
            : fetched(lines: lines, rebuilt: rebuilt, builder: strategy.builder, semantics: semantics)
        dropFetchedBases(&rebuilt, fetched: &fetched, builder: strategy.builder)
        if strategy.builder.family == .buildKit {
            addStoredImages(&work, fetched: &fetched, strategy: strategy, semantics: semantics, rebuilt: rebuilt, cold: scenario == .cold)
        }
        work.rebuiltSteps = stepCosts(rebuilt: rebuilt, calibration: calibration)
        work.pulledBytes = fetched.pulled.values.reduce(0, +)
        work.pulledLayers = fetched.pulled.count
        work.localImportBytes = fetched.fromDirectory.filter { fetched.pulled[$0.key] == nil }.values.reduce(0, +)
        work.baseBytes = baseBytes(rebuilt: rebuilt, fetched: fetched, builder: strategy.builder)
        addExports(&work, semantics: semantics, rebuilt: rebuilt, builder: strategy.builder, cold: scenario == .cold, fetched: fetched)
        return work
    }

    /// A BuildKit build's images in the engine's store: their new layers exported, the others fetched and unpacked.
    func addStoredImages(_ work: inout CellWork, fetched: inout Fetched, strategy: Strategy, semantics: CacheSemantics,
                         rebuilt: [Int: Set<Int>], cold: Bool) {
        let (exported, unpacked) = storedImages(strategy: strategy, rebuilt: rebuilt, cold: cold)
        // buildx's export of its new layers is timed with its push (`BuilderCalibration.pushBytesPerSecond`).
        if strategy.builder == .buildkit { work.exportedBytes = exported.values.reduce(0, +) }
        for layer in unpacked where fetched.pulled[layer.id] == nil && fetched.fromDirectory[layer.id] == nil {
            if semantics.store == .localDirectory { fetched.fromDirectory[layer.id] = layer.bytes }
            else { fetched.pulled[layer.id] = layer.bytes }
        }
    }

    /// Layers a warm build fetches before it builds, by id: across the link, or from the runner's disk.
    struct Fetched {
        var pulled: [String: Int64] = [:]
        var fromDirectory: [String: Int64] = [:]
        /// Layers the script's pull commands brought (before the build).
        var byPull: Set<String> = []
        /// Stages whose base the cache import brings as the bottom of a served chain the stage's rebuilt steps build on.
        var chainedBases: Set<Int> = []
    }

    /// What a warm build's pull commands and cache imports bring.
    func fetched(lines: [RenderedLine], rebuilt: [Int: Set<Int>], builder: Builder, semantics: CacheSemantics) -> Fetched {
        var fetched = Fetched()
        for line in lines where line.kind == .pull {
            let tag = line.arguments.last.map { String($0.split(separator: ":").last ?? "latest") } ?? "latest"
            for layer in image(ofTag: tag, builder: builder) { fetched.pulled[layer.id] = layer.bytes; fetched.byPull.insert(layer.id) }
        }
        let (layers, chained) = imported(rebuilt: rebuilt, builder: builder, scope: semantics.imports)
        fetched.chainedBases = chained
        for layer in layers {
            // A `type=local` cache is read from the runner's disk, not fetched across the link.
            if semantics.store == .localDirectory { fetched.fromDirectory[layer.id] = layer.bytes }
            else { fetched.pulled[layer.id] = layer.bytes }
        }
        return fetched
    }

    /// A FROM whose base a pull command, or the served chain under the stage's own rebuilt steps, already brought
    /// costs nothing more: its cold time was that fetch. A FROM that still runs fetches its base itself (its step time
    /// on the runner, `baseBytes` across the link), so the import does not bring that base again, even where another
    /// stage's served image holds it: on docker-20.10 and 26.1, `inline` after a source change imported the final
    /// image for its served runtime stage, and the rebuilt compile stage's FROM still pulled and extracted the same
    /// base (4.4 and 5.1 s).
    func dropFetchedBases(_ rebuilt: inout [Int: Set<Int>], fetched: inout Fetched, builder: Builder) {
        for stage in Array(rebuilt.keys) where isExternalBase(stage) && rebuilt[stage]?.contains(0) == true {
            let base = split(stage, builder: builder).base
            if fetched.chainedBases.contains(stage) || !base.isEmpty && base.allSatisfy({ fetched.byPull.contains($0.id) }) {
                rebuilt[stage]?.remove(0)
            } else {
                for layer in base where !fetched.byPull.contains(layer.id) {
                    fetched.pulled[layer.id] = nil
                    fetched.fromDirectory[layer.id] = nil
                }
            }
        }
    }

    /// Bytes of the external bases that rebuilt stages pull for their FROM and no pull or import brought.
    func baseBytes(rebuilt: [Int: Set<Int>], fetched: Fetched, builder: Builder) -> Int64 {
        var base: [String: Int64] = [:]
        let stages = builtStages(builder).filter { !(rebuilt[$0] ?? []).isEmpty && isExternalBase($0) }
        for stage in stages {
            for layer in split(stage, builder: builder).base where fetched.pulled[layer.id] == nil { base[layer.id] = layer.bytes }
        }
        for stage in stages {
            for layer in split(stage, builder: builder).base where fetched.fromDirectory[layer.id] != nil { base[layer.id] = nil }
        }
        return base.values.reduce(0, +)
    }

    /// What the build sends after it builds: pushes to the registry, or a local cache export and the CI cache's copies.
    func addExports(_ work: inout CellWork, semantics: CacheSemantics, rebuilt: [Int: Set<Int>], builder: Builder, cold: Bool,
                    fetched: Fetched) {
        switch semantics.store {
        case .registry:
            addPushes(&work, exported: semantics.exported.resolve(graph), rebuilt: rebuilt, builder: builder, cold: cold)
        case .localDirectory:
            // `--push` sends the final image across the link; the cache export writes every exported stage's new
            // layers (on a cold build all of them, the base's too: the directory starts empty) to the runner's disk.
            addPushes(&work, exported: [graph.target], rebuilt: rebuilt, builder: builder, cold: cold)
            var directory = CellWork(strategy: work.strategy, scenario: work.scenario, builder: work.builder)
            addPushes(&directory, exported: semantics.exported.resolve(graph), rebuilt: rebuilt, builder: builder,
                      cold: cold, everyBaseIsNew: cold)
            work.localExportBytes = directory.pushedBytes
            if !cold {
                work.localImportBytes += lazilyExported(exported: semantics.exported.resolve(graph), rebuilt: rebuilt,
                                                        builder: builder,
                                                        fetched: Set(fetched.pulled.keys).union(fetched.fromDirectory.keys))
            }
            // The CI cache carries the whole directory across the link: a restore brings back what the chain's cold
            // build exported (later builds only add their new layers to it), a save sends that plus this build's.
            var coldDirectory = CellWork(strategy: work.strategy, scenario: work.scenario, builder: work.builder)
            addPushes(&coldDirectory, exported: semantics.exported.resolve(graph), rebuilt: rebuilt, builder: builder,
                      cold: true, everyBaseIsNew: true)
            work.ciCacheRestoreBytes = cold ? 0 : coldDirectory.pushedBytes
            work.ciCacheSaveBytes = work.ciCacheRestoreBytes + work.localExportBytes
        }
    }

    /// The images a BuildKit build's commands name (`-t`): each stage's for a per-stage script, else the target's.
    func namedStages(_ strategy: Strategy) -> [Int] {
        strategy.isPerStage ? graph.neededByTarget : [graph.target]
    }

    /// What BuildKit does with the images its commands name, which it puts in the engine's image store: it exports
    /// their rebuilt layers (by id), and fetches and unpacks the others, except a base that a FROM which ran
    /// already extracted. Seen on docker-26.1 in every build: "exporting layers" of the new layers, "unpacking to" the image.
    func storedImages(strategy: Strategy, rebuilt: [Int: Set<Int>], cold: Bool) -> (exported: [String: Int64], unpacked: [ImageLayer]) {
        var exported: [String: Int64] = [:], unpacked: [ImageLayer] = [], seen = Set<String>()
        // An external base that any FROM which ran pulled and extracted is in the store already. A stage built FROM
        // another stage inherits that stage's layers, which are its own (exported when new), not a pulled base: on
        // multi-stage-make the per-stage scripts' cold `--target toolchain` exported 189 MB ("exporting layers 10.2s")
        // that this skipped when the next stage's parent counted as a base.
        for stage in builtStages(strategy.builder) where isExternalBase(stage) && (cold || rebuilt[stage]?.contains(0) == true) {
            seen.formUnion(split(stage, builder: strategy.builder).base.map(\.id))
        }
        for stage in namedStages(strategy) {
            let (base, own) = split(stage, builder: strategy.builder)
            let positions = ownLayerPositions(stage, builder: strategy.builder)
            let ran = rebuilt[stage] ?? []
            if !cold && !ran.contains(0) { unpacked += base.filter { seen.insert($0.id).inserted } }
            for (offset, layer) in own.enumerated() where seen.insert(layer.id).inserted {
                let position = offset < positions.count ? positions[offset] : Int.max
                if cold || ran.contains(position) || position == Int.max && !ran.isEmpty { exported[layer.id] = layer.bytes }
                else { unpacked.append(layer) }
            }
        }
        return (exported, unpacked)
    }

    /// The model's rates for `builder` (nil without its calibration): `BuilderCalibration.rates(falling:)`, with, for
    /// BuildKit, three terms measured apart on the images the calibration's commands named:
    /// - t_build and R_export: the least-squares line seconds = t_build + bytes / R_export through the BuildKit
    ///   calibration's cold commands (the seconds each spent beyond its steps; the new layers of the image it named).
    ///   buildx's commands run in the same daemon and take its t_build.
    /// - R_pull, for a builder without pull commands: the bytes of the images the BuildKit family's all-cached builds
    ///   unpacked (each layer once a build) over their seconds beyond t_build per command (`unpackingRate`).
    package func rates(for builder: Builder) -> MachineRates? {
        guard let calibration = calibrations[builder] else { return nil }
        let ordered = calibrations.keys.sorted { $0.rawValue < $1.rawValue }.compactMap { calibrations[$0] }
        var rates = calibration.rates(falling: ordered)
        if builder == .buildah, let rate = buildahImportRate(calibration, fixed: rates.buildCommandSeconds) {
            rates.extractionBytesPerSecond = rate
        }
        guard builder.family == .buildKit, let kit = calibrations[.buildkit],
              let line = Self.line(kit.coldCommands.map { (Double(ownBytes(tag: $0.tag, builder: .buildkit)), $0.beyondSeconds) })
        else { return rates }
        rates.buildCommandSeconds = line.intercept
        rates.exportBytesPerSecond = builder == .buildkit ? 1 / line.slope : 0
        if builder == .buildx, !calibration.coldCommands.isEmpty {
            // buildx --push exports inside the build: its cold commands' time beyond t_build sent every layer once.
            let bytes = calibration.uniqueImageBytes
            let seconds = calibration.coldCommands.map { $0.beyondSeconds - line.intercept }.reduce(0, +)
            if bytes > 0, seconds > 0 { rates.pushBytesPerSecond = bytes / seconds }
        }
        if calibration.extractionBytesPerSecond == nil, let rate = unpackingRate(fixed: line.intercept) {
            rates.extractionBytesPerSecond = rate
        }
        return rates
    }

    /// buildah's import rate: its all-cached calibration builds pulled the own layers of every stage it builds from the
    /// cache repository (each served step's time), in their seconds beyond their steps (the FROMs, which pull the
    /// bases from the mirror in every build: a step the model charges) and `fixed` per command. It was every pushed
    /// layer, bases included, over the whole build, which priced the FROM's pull as an import.
    func buildahImportRate(_ calibration: BuilderCalibration, fixed: Double) -> Double? {
        var layers: [String: Int64] = [:]
        for stage in builtStages(.buildah) { for layer in split(stage, builder: .buildah).own { layers[layer.id] = layer.bytes } }
        let bytes = Double(layers.values.reduce(0, +)) * Double(calibration.cachedBuilds.count)
        let seconds = calibration.cachedBuilds.map { $0.seconds(beyond: fixed) }.reduce(0, +)
        return bytes > 0 && seconds > 0 ? bytes / seconds : nil
    }

    /// The bytes of the images the BuildKit family's all-cached calibration builds unpacked into the store (each layer
    /// once a build), over those builds' seconds beyond `fixed` per command. `docker build` and buildx unpack through
    /// the same dockerd and containerd, so both builders' all-cached builds are pooled: one build of a small image
    /// is a noisy rate (hello-c on docker-26.1, quiet machine: 93 MB in 4.1 s beside 281 MB in 7.4 s), and the imports
    /// it prices are often the bigger images (registry-max's source-change build imported those 281 MB in 9.6 s).
    func unpackingRate(fixed: Double) -> Double? {
        var bytes = 0.0, seconds = 0.0
        for calibration in calibrations.values where calibration.builder.family == .buildKit && calibration.extractionBytesPerSecond == nil {
            for build in calibration.cachedBuilds {
                var layers: [String: Int64] = [:]
                for command in build {
                    for layer in image(ofTag: command.tag, builder: calibration.builder) { layers[layer.id] = layer.bytes }
                }
                bytes += Double(layers.values.reduce(0, +))
                seconds += build.seconds(beyond: fixed)
            }
        }
        return bytes > 0 && seconds > 0 ? bytes / seconds : nil
    }

    /// Bytes of the layers a tag's stage made itself (its image without the layers it inherits).
    func ownBytes(tag: String, builder: Builder) -> Int64 {
        guard let stage = graph.neededByTarget.first(where: { self.tag(of: $0) == tag }) else { return 0 }
        return split(stage, builder: builder).own.map(\.bytes).reduce(0, +)
    }

    /// The least-squares line y = intercept + slope·x, when the samples have two different x, a positive slope and
    /// an intercept not below 0 (else the samples cannot tell a fixed cost from a rate).
    static func line(_ samples: [(x: Double, y: Double)]) -> (intercept: Double, slope: Double)? {
        guard samples.count >= 2 else { return nil }
        let n = Double(samples.count)
        let mx = samples.map(\.x).reduce(0, +) / n, my = samples.map(\.y).reduce(0, +) / n
        let sxx = samples.map { ($0.x - mx) * ($0.x - mx) }.reduce(0, +)
        guard sxx > 0 else { return nil }
        let slope = samples.map { ($0.x - mx) * ($0.y - my) }.reduce(0, +) / sxx
        let intercept = my - slope * mx
        return slope > 0 && intercept >= 0 ? (intercept, slope) : nil
    }

    /// Stages a builder builds for the target, in order: the legacy builder and buildah build every stage before it.
    func builtStages(_ builder: Builder) -> [Int] {
        builder.family == .buildKit ? graph.neededByTarget : graph.legacyBuildOrder
    }

    /// Per stage, the positions (0 is FROM) of the instructions this strategy runs again.
    func rebuiltPositions(strategy: Strategy, scenario: Scenario, semantics: CacheSemantics) -> [Int: Set<Int>] {
        let cachedStages = scenario == .cold || strategy.id == "none" ? [] : semantics.cached.resolve(graph)
        let ideal = IdealCache.steps(project: project, scenario: scenario, builder: strategy.builder) ?? [:]
        let printed = graph.printedSteps(for: strategy.builder.family)
        var rebuilt: [Int: Set<Int>] = [:]
        // A step keyed by copied content makes its source stage run, even when the step itself is then served.
        let contentKeyed = Set(printed.filter {
            ideal[IdealCache.key(stage: $0.label, index: $0.index)]?.state == .dependsOnContent }.map(\.stage))
        for stage in builtStages(strategy.builder) {
            // A stage built FROM a rebuilt stage starts from a new parent: nothing of it can be served.
            var broken = graph.stages[stage].baseStage.map { (rebuilt[$0] ?? []).contains { $0 > 0 } } ?? false
            var positions = Set<Int>()
            for step in printed where step.stage == stage && step.position > 0 {
                let state = ideal[IdealCache.key(stage: step.label, index: step.index)]?.state
                // A step that copies a rebuilt stage's files is taken as cached: the files usually come out identical.
                let servable = cachedStages.contains(stage) && state.map { $0 != .rebuild } == true
                if broken || !servable { broken = true; positions.insert(step.position) }
            }
            // The FROM of a stage that builds anything fetches its base; buildah's FROM pulls it in every build, even
            // when every step is then served (multi-stage-make, docker-26.1: 7.2 s in an all-cached build).
            if !positions.isEmpty || strategy.builder == .buildah { positions.insert(0) }
            rebuilt[stage] = positions
        }
        if strategy.builder.family == .buildKit && scenario != .cold { pruneUnneeded(&rebuilt, perStage: strategy.isPerStage, contentKeyed: contentKeyed) }
        return rebuilt
    }

    func stepCosts(rebuilt: [Int: Set<Int>], calibration: BuilderCalibration) -> [CellWork.Step] {
        graph.printedSteps(for: calibration.builder.family).compactMap { step in
            guard rebuilt[step.stage]?.contains(step.position) == true else { return nil }
            let key = IdealCache.key(stage: step.label, index: step.index)
            guard let measured = calibration.steps[key] else { return nil }
            return CellWork.Step(label: Self.label(builder: calibration.builder, key: key, instruction: measured.instruction),
                                 seconds: measured.seconds,
                                 spreadKey: Self.spreadKey(stage: step.label, instruction: measured.instruction),
                                 draws: measured.draws)
        }
    }

    /// A step's identity across runs of this project: builder, stage#index and instruction text.
    package static func label(builder: Builder, key: StepKey, instruction: String) -> String {
        "\(builder.family)|\(key) \(instruction)"
    }

    /// A step's identity in the history of spreads: stage and instruction text, without the index (an edit above it
    /// keeps its history) or the builder (each builder's runs of it are a group of their own, see `PredictSession.measuredSpread`).
    package static func spreadKey(stage: String?, instruction: String) -> String {
        "\(stage ?? "") \(instruction)"
    }

    /// The layers a cache import must fetch: the served layers a rebuilt step builds on, or every served layer of
    /// the stages built, for BuildKit with the base of a stage that runs nothing (its FROM step is then not charged). BuildKit
    /// mounts a served layer with the chain under it, the stage's base first, so a stage whose rebuilt steps build on
    /// a served one takes its base from the cache source too, and its FROM runs nothing. Seen on docker-26.1 (hello-c,
    /// source-change): registry-max, local and inline-per-stage extracted the base's blob under the served step (5.0
    /// to 5.9 s) and their FROM took 0.0 s. buildah pulls the base in its FROM (5.2 s) and only the served layers from
    /// the cache repository.
    /// `chained`: the stages whose base comes as the bottom of a served chain their rebuilt steps build on.
    func imported(rebuilt: [Int: Set<Int>], builder: Builder, scope: CacheSemantics.Imports) -> (layers: [ImageLayer], chained: Set<Int>) {
        guard scope != .none else { return ([], []) }
        var out: [ImageLayer] = [], chained = Set<Int>()
        for (stage, positions) in rebuilt.sorted(by: { $0.key < $1.key }) {
            if scope == .rebuiltPrefix && positions.isEmpty { continue }
            let own = ownLayerPositions(stage, builder: builder)
            let (base, layers) = split(stage, builder: builder)
            let served = own.enumerated().filter { !positions.contains($0.element) && $0.offset < layers.count }.map(\.offset)
            if builder.family == .buildKit && (scope == .everyServedLayer && positions.isEmpty || !served.isEmpty) { out += base }
            if builder.family == .buildKit && !positions.isEmpty && !served.isEmpty { chained.insert(stage) }
            out += served.map { layers[$0] }
        }
        return (out, chained)
    }

    /// Bytes of the served layers a `type=local,mode=max` export must read back before writing them to the directory:
    /// BuildKit 0.13 extracts each exported layer the build only referenced, that is one no import fetched for a
    /// rebuilt step and the final image (unpacked by every build, see `storedImages`) does not hold. A registry
    /// export skips them: the registry has them. Seen in every local no-change build on docker-26.1 ("preparing build
    /// cache for export" extracting the apt layer), never in registry-max's.
    func lazilyExported(exported: Set<Int>, rebuilt: [Int: Set<Int>], builder: Builder, fetched: Set<String>) -> Int64 {
        var seen = fetched.union(image(ofTag: "latest", builder: builder).map(\.id))
        var bytes: Int64 = 0
        for stage in builtStages(builder) where exported.contains(stage) {
            let positions = rebuilt[stage] ?? []
            let (base, own) = split(stage, builder: builder)
            let ownPositions = ownLayerPositions(stage, builder: builder)
            var served = positions.contains(0) ? [] : base
            served += own.enumerated().filter { $0.offset < ownPositions.count && !positions.contains(ownPositions[$0.offset]) }
                .map(\.element)
            for layer in served where seen.insert(layer.id).inserted { bytes += layer.bytes }
        }
        return bytes
    }

    /// BuildKit builds a stage only when a step that runs, the target or a per-stage script's `--target` needs it:
    /// a stage copied only by served steps is skipped (its steps neither run nor are fetched), and dropped here.
    func pruneUnneeded(_ rebuilt: inout [Int: Set<Int>], perStage: Bool, contentKeyed: Set<Int>) {
        var needed: Set<Int> = perStage ? Set(graph.neededByTarget) : [graph.target]
        for stage in graph.neededByTarget.reversed() where needed.contains(stage) {
            if let base = graph.stages[stage].baseStage { needed.insert(base) }
            if !(rebuilt[stage] ?? []).isEmpty || contentKeyed.contains(stage) { needed.formUnion(graph.stages[stage].dependsOn) }
        }
        for stage in graph.neededByTarget where !needed.contains(stage) { rebuilt.removeValue(forKey: stage) }
    }

    func addPushes(_ work: inout CellWork, exported: Set<Int>, rebuilt: [Int: Set<Int>], builder: Builder, cold: Bool,
                   everyBaseIsNew: Bool = false) {
        var seen = Set<String>()
        for stage in builtStages(builder) where exported.contains(stage) {
            let (base, own) = split(stage, builder: builder)
            let positions = ownLayerPositions(stage, builder: builder)
            // A first push sends the base too when the registry could not mount it (what the calibration saw).
            let firstPushed = calibrations.values.reduce(into: Set<String>()) { $0.formUnion($1.pushedOnCold) }
            for layer in base where seen.insert(layer.id).inserted {
                if everyBaseIsNew || cold && firstPushed.contains(layer.id) {
                    work.pushedBytes += layer.bytes
                    work.pushedLayers += 1
                } else {
                    work.existingLayers += 1
                }
            }
            for (offset, layer) in own.enumerated() where seen.insert(layer.id).inserted {
                let position = offset < positions.count ? positions[offset] : Int.max
                if cold || rebuilt[stage]?.contains(position) == true || position == Int.max && (rebuilt[stage] ?? []).contains(where: { $0 > 0 }) {
                    work.pushedBytes += layer.bytes
                    work.pushedLayers += 1
                } else {
                    work.existingLayers += 1
                }
            }
        }
    }

    /// Positions in the stage of the instructions that leave a layer, in order.
    func ownLayerPositions(_ stage: Int, builder: Builder) -> [Int] {
        let keywords = Self.layerKeywords(builder)
        return graph.stages[stage].allInstructions.enumerated()
            .filter { $0.offset > 0 && keywords.contains($0.element.keyword.uppercased()) }.map(\.offset)
    }

    func isExternalBase(_ stage: Int) -> Bool {
        graph.stages[stage].baseStage == nil && graph.stages[stage].base.lowercased() != "scratch"
    }

    /// A stage's image cut into the layers it inherits and the ones its own instructions made (the top ones).
    func split(_ stage: Int, builder: Builder) -> (base: [ImageLayer], own: [ImageLayer]) {
        let layers = image(ofTag: tag(of: stage), builder: builder)
        let own = min(ownLayerPositions(stage, builder: builder).count, layers.count)
        return (Array(layers.dropLast(own)), Array(layers.suffix(own)))
    }

    func tag(of stage: Int) -> String {
        if stage == graph.target { return "latest" }
        let needed = graph.neededByTarget.filter { $0 != graph.target }
        guard let at = needed.firstIndex(of: stage), at < project.cacheStages.count else { return "stage-\(stage)" }
        return ScriptContext.tag(forStage: project.cacheStages[at])
    }

    /// A tag's layers as this builder pushed them, else as another builder did (sizes barely depend on the builder).
    func image(ofTag tag: String, builder: Builder) -> [ImageLayer] {
        if let own = calibrations[builder]?.images[tag] { return own }
        return calibrations.keys.sorted { $0.rawValue < $1.rawValue }.lazy.compactMap { calibrations[$0]?.images[tag] }.first ?? []
    }
}
