import Foundation

/// What one CI run of a strategy in a scenario must do, worked out from the calibration builds and the
/// strategy's cache semantics: the steps it rebuilds and the bytes it moves. Independent of the network.
public struct CellWork: Sendable, Codable, Equatable {
    /// A rebuilt step and the seconds it took in the calibration's cold build.
    public struct Step: Sendable, Codable, Equatable {
        public var label: String
        public var seconds: Double
        public init(label: String, seconds: Double) { self.label = label; self.seconds = seconds }
    }

    public var strategy: String
    public var scenario: String
    public var builder: String
    public var rebuiltSteps: [Step]
    public var buildCommands: Int
    public var pullCommands: Int
    /// Layers pulled into the engine (explicit pulls and cache imports), extracted locally.
    public var pulledBytes: Int64
    public var pulledLayers: Int
    /// Base-image layers a FROM fetches from the mirror: their local cost is inside the FROM step's time,
    /// so only the link is charged.
    public var baseBytes: Int64
    public var pushCommands: Int
    /// Layers the registry does not have yet.
    public var pushedBytes: Int64
    public var pushedLayers: Int
    /// Layers a push only checks (`Layer already exists`, `Mounted from`).
    public var existingLayers: Int
    /// Cache layers read from, and written to, a directory on the runner (`type=local`): they never cross the link,
    /// so only the local rates are charged.
    public var localImportBytes: Int64 = 0
    public var localExportBytes: Int64 = 0

    public init(strategy: String, scenario: String, builder: String, rebuiltSteps: [Step] = [], buildCommands: Int = 1,
                pullCommands: Int = 0, pulledBytes: Int64 = 0, pulledLayers: Int = 0, baseBytes: Int64 = 0,
                pushCommands: Int = 0, pushedBytes: Int64 = 0, pushedLayers: Int = 0, existingLayers: Int = 0) {
        self.strategy = strategy; self.scenario = scenario; self.builder = builder; self.rebuiltSteps = rebuiltSteps
        self.buildCommands = buildCommands; self.pullCommands = pullCommands; self.pulledBytes = pulledBytes
        self.pulledLayers = pulledLayers; self.baseBytes = baseBytes; self.pushCommands = pushCommands
        self.pushedBytes = pushedBytes; self.pushedLayers = pushedLayers; self.existingLayers = existingLayers
    }
}

/// Rates and fixed costs measured on this machine by the calibration builds (unthrottled loopback).
public struct MachineRates: Sendable, Codable, Equatable {
    /// Mean wall seconds of a build command beyond the steps it printed (client, context upload, export).
    public var buildCommandSeconds: Double
    /// Mean wall seconds of a pull that moves nothing (a cold pull of a missing tag).
    public var pullCommandSeconds: Double
    /// Bytes per second a local pull fetches and extracts, beyond `pullCommandSeconds`.
    public var extractionBytesPerSecond: Double
    /// Mean wall seconds of a push whose layers all exist.
    public var pushCommandSeconds: Double
    /// Bytes per second a local push compresses and uploads, beyond `pushCommandSeconds`.
    public var pushBytesPerSecond: Double

    public init(buildCommandSeconds: Double, pullCommandSeconds: Double, extractionBytesPerSecond: Double,
                pushCommandSeconds: Double, pushBytesPerSecond: Double) {
        self.buildCommandSeconds = buildCommandSeconds; self.pullCommandSeconds = pullCommandSeconds
        self.extractionBytesPerSecond = extractionBytesPerSecond; self.pushCommandSeconds = pushCommandSeconds
        self.pushBytesPerSecond = pushBytesPerSecond
    }
}

/// The link to the registry a prediction is made for (the same numbers as `NetworkProfile`).
public struct Link: Sendable, Codable, Equatable {
    public var name: String
    /// nil: unthrottled loopback.
    public var bytesPerSecond: Double?
    /// One-way delay, seconds.
    public var latency: Double
    public init(name: String, bytesPerSecond: Double?, latency: Double) {
        self.name = name; self.bytesPerSecond = bytesPerSecond; self.latency = latency
    }
    var roundTrip: Double { 2 * latency }
    func transfer(_ bytes: Int64) -> Double { bytesPerSecond.map { Double(bytes) / $0 } ?? 0 }
}

/// Measured spreads that give a prediction its interval.
public struct PredictionSpread: Sendable, Codable, Equatable {
    /// Sample variance of each step's seconds (by step label) across earlier builds on this machine.
    public var stepVariance: [String: Double]
    /// Coefficient of variation of local pull and push seconds per byte across earlier builds; nil when fewer than two.
    public var pullVariation: Double?
    public var pushVariation: Double?
    /// Where the spreads come from, said in the report ("42 earlier builds of this project on this machine").
    public var source: String

    public init(stepVariance: [String: Double] = [:], pullVariation: Double? = nil, pushVariation: Double? = nil,
                source: String = "no earlier builds: no spread measured") {
        self.stepVariance = stepVariance; self.pullVariation = pullVariation; self.pushVariation = pushVariation
        self.source = source
    }
}

/// One predicted cell, term by term (see the README's "Prediction" section for the formulas).
public struct PredictedCell: Sendable, Codable, Equatable {
    public var strategy: String
    public var scenario: String
    public var network: String
    public var steps: Double
    /// Build commands' fixed cost.
    public var overhead: Double
    /// Pull commands' fixed cost, transfers over the link and round trips.
    public var pulls: Double
    public var extraction: Double
    /// Push commands' fixed cost, compression or upload (the slower) and round trips.
    public var pushes: Double
    /// Half-width of the 95 % interval, from the measured spreads.
    public var interval: Double

    public init(strategy: String, scenario: String, network: String, steps: Double, overhead: Double, pulls: Double,
                extraction: Double, pushes: Double, interval: Double) {
        self.strategy = strategy; self.scenario = scenario; self.network = network; self.steps = steps
        self.overhead = overhead; self.pulls = pulls; self.extraction = extraction; self.pushes = pushes
        self.interval = interval
    }

    public var seconds: Double { steps + overhead + pulls + extraction + pushes }
    public var low: Double { max(0, seconds - interval) }
    public var high: Double { seconds + interval }

    /// The terms by name, as reports and error attribution use them.
    public var terms: [(name: String, seconds: Double)] {
        [("steps", steps), ("overhead", overhead), ("pulls", pulls), ("extraction", extraction), ("pushes", pushes)]
    }
}

/// The model: one formula per term.
public enum PredictionModel {
    /// Predicts one cell of `work` on `link` from the machine's rates and the measured spreads.
    public static func predict(_ work: CellWork, rates: MachineRates, link: Link, spread: PredictionSpread) -> PredictedCell {
        // steps = Σ seconds of the rebuilt steps, as the calibration's cold build measured them
        let steps = work.rebuiltSteps.map(\.seconds).reduce(0, +)
        // overhead = build commands·t_build
        let overhead = Double(work.buildCommands) * rates.buildCommandSeconds
        // pulls = pull commands·t_pull + (pulled + base bytes) / bandwidth + RTT·(2·pull commands + pulled layers)
        let pulls = Double(work.pullCommands) * rates.pullCommandSeconds + link.transfer(work.pulledBytes + work.baseBytes)
            + link.roundTrip * Double(2 * work.pullCommands + work.pulledLayers)
        // extraction = (pulled + local cache) bytes / local pull rate
        let extracted = Double(work.pulledBytes + work.localImportBytes)
        let extraction = rates.extractionBytesPerSecond > 0 ? extracted / rates.extractionBytesPerSecond : 0
        // pushes = push commands·t_push + max(pushed bytes / local push rate, pushed bytes / bandwidth)
        //          + local cache bytes / local push rate + RTT·(2·push commands + 3·new layers + existing layers)
        func compress(_ bytes: Int64) -> Double { rates.pushBytesPerSecond > 0 ? Double(bytes) / rates.pushBytesPerSecond : 0 }
        let local = compress(work.pushedBytes) + compress(work.localExportBytes)
        let pushes = Double(work.pushCommands) * rates.pushCommandSeconds
            + max(compress(work.pushedBytes), link.transfer(work.pushedBytes)) + compress(work.localExportBytes)
            + link.roundTrip * Double(2 * work.pushCommands + 3 * work.pushedLayers + work.existingLayers)
        // interval = 1.96·√(Σ var(step) + (extraction·cv_pull)² + (local push·cv_push)²)
        var variance = work.rebuiltSteps.compactMap { spread.stepVariance[$0.label] }.reduce(0, +)
        if let cv = spread.pullVariation { variance += (extraction * cv) * (extraction * cv) }
        if let cv = spread.pushVariation { variance += (local * cv) * (local * cv) }
        return PredictedCell(strategy: work.strategy, scenario: work.scenario, network: link.name, steps: steps,
                             overhead: overhead, pulls: pulls, extraction: extraction, pushes: pushes,
                             interval: 1.96 * variance.squareRoot())
    }
}
