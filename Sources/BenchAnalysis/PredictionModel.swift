import Foundation

/// What one CI run of a strategy in a scenario must do, worked out from the calibration builds and the
/// strategy's cache semantics: the steps it rebuilds and the bytes it moves. Independent of the network.
package struct CellWork: Sendable, Codable, Equatable {
    /// A rebuilt step and the seconds it took in the calibration's cold build.
    package struct Step: Sendable, Codable, Equatable {
        package var label: String
        package var seconds: Double
        /// The step's identity in the history of spreads: stage and instruction text (no index, so an edit above it
        /// keeps its history); nil: `label`.
        package var spreadKey: String?
        package init(label: String, seconds: Double, spreadKey: String? = nil) {
            self.label = label; self.seconds = seconds; self.spreadKey = spreadKey
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

/// Rates and fixed costs measured on this machine by the calibration builds (unthrottled loopback).
package struct MachineRates: Sendable, Codable, Equatable {
    /// Mean wall seconds of a build command beyond the steps it printed (client, context upload, export).
    package var buildCommandSeconds: Double
    /// Mean wall seconds of a pull that moves nothing (a cold pull of a missing tag).
    package var pullCommandSeconds: Double
    /// Bytes per second a local pull fetches and extracts, beyond `pullCommandSeconds`.
    package var extractionBytesPerSecond: Double
    /// Mean wall seconds of a push whose layers all exist.
    package var pushCommandSeconds: Double
    /// Bytes per second a local push compresses and uploads, beyond `pushCommandSeconds`.
    package var pushBytesPerSecond: Double

    package init(buildCommandSeconds: Double, pullCommandSeconds: Double, extractionBytesPerSecond: Double,
                 pushCommandSeconds: Double, pushBytesPerSecond: Double) {
        self.buildCommandSeconds = buildCommandSeconds; self.pullCommandSeconds = pullCommandSeconds
        self.extractionBytesPerSecond = extractionBytesPerSecond; self.pushCommandSeconds = pushCommandSeconds
        self.pushBytesPerSecond = pushBytesPerSecond
    }
}

/// The link to the registry a prediction is made for (the same numbers as `NetworkProfile`).
package struct Link: Sendable, Codable, Equatable {
    package var name: String
    /// nil: unthrottled loopback.
    package var bytesPerSecond: Double?
    /// One-way delay, seconds.
    package var latency: Double
    package init(name: String, bytesPerSecond: Double?, latency: Double) {
        self.name = name; self.bytesPerSecond = bytesPerSecond; self.latency = latency
    }
    var roundTrip: Double { 2 * latency }
    func transfer(_ bytes: Int64) -> Double { bytesPerSecond.map { Double(bytes) / $0 } ?? 0 }
}

/// One predicted cell, term by term (see the README's "Prediction" section for the formulas).
package struct PredictedCell: Sendable, Codable, Equatable {
    package var strategy: String
    package var scenario: String
    package var network: String
    package var steps: Double
    /// Build commands' fixed cost.
    package var overhead: Double
    /// Pull commands' fixed cost, transfers over the link and round trips.
    package var pulls: Double
    package var extraction: Double
    /// Push commands' fixed cost, compression or upload (the slower) and round trips.
    package var pushes: Double
    /// Half-width of the 95 % interval, from the measured spreads.
    package var interval: Double
    /// Where the interval's spreads came from: "spread from 12 earlier builds", "no history: assumed CV 29.8% ...",
    /// or which terms had which. Empty for cells stored before it was recorded.
    package var intervalSource: String

    package init(strategy: String, scenario: String, network: String, steps: Double, overhead: Double, pulls: Double,
                 extraction: Double, pushes: Double, interval: Double, intervalSource: String = "") {
        self.strategy = strategy; self.scenario = scenario; self.network = network; self.steps = steps
        self.overhead = overhead; self.pulls = pulls; self.extraction = extraction; self.pushes = pushes
        self.interval = interval; self.intervalSource = intervalSource
    }

    package var seconds: Double { steps + overhead + pulls + extraction + pushes }
    package var low: Double { max(0, seconds - interval) }
    package var high: Double { seconds + interval }

    /// The terms by name, as reports and error attribution use them.
    package var terms: [(name: String, seconds: Double)] {
        [("steps", steps), ("overhead", overhead), ("pulls", pulls), ("extraction", extraction), ("pushes", pushes)]
    }
}

/// The model: one formula per term.
package enum PredictionModel {
    /// Predicts one cell of `work` on `link` from the machine's rates and the measured spreads.
    package static func predict(_ work: CellWork, rates: MachineRates, link: Link, spread: PredictionSpread) -> PredictedCell {
        // steps = Σ seconds of the rebuilt steps, as the calibration's cold build measured them
        let steps = work.rebuiltSteps.map(\.seconds).reduce(0, +)
        // overhead = build commands·t_build
        let overhead = Double(work.buildCommands) * rates.buildCommandSeconds
        // pulls = pull commands·t_pull + (pulled + base bytes) / bandwidth + RTT·(2·pull commands + pulled layers)
        //         + CI cache restore bytes / bandwidth + RTT (one download)
        let pulls = Double(work.pullCommands) * rates.pullCommandSeconds + link.transfer(work.pulledBytes + work.baseBytes)
            + link.roundTrip * Double(2 * work.pullCommands + work.pulledLayers)
            + (work.ciCacheRestoreBytes > 0 ? link.transfer(work.ciCacheRestoreBytes) + link.roundTrip : 0)
        // extraction = (pulled + local cache) bytes / local pull rate
        let extracted = Double(work.pulledBytes + work.localImportBytes)
        let extraction = rates.extractionBytesPerSecond > 0 ? extracted / rates.extractionBytesPerSecond : 0
        // pushes = push commands·t_push + max(pushed bytes / local push rate, pushed bytes / bandwidth)
        //          + local cache bytes / local push rate + RTT·(2·push commands + 3·new layers + existing layers)
        //          + CI cache save bytes / bandwidth + RTT (one upload)
        func compress(_ bytes: Int64) -> Double { rates.pushBytesPerSecond > 0 ? Double(bytes) / rates.pushBytesPerSecond : 0 }
        let local = compress(work.pushedBytes) + compress(work.localExportBytes)
        let pushes = Double(work.pushCommands) * rates.pushCommandSeconds
            + max(compress(work.pushedBytes), link.transfer(work.pushedBytes)) + compress(work.localExportBytes)
            + link.roundTrip * Double(2 * work.pushCommands + 3 * work.pushedLayers + work.existingLayers)
            + (work.ciCacheSaveBytes > 0 ? link.transfer(work.ciCacheSaveBytes) + link.roundTrip : 0)
        // interval = t(0.975; ν)·√V, V = Σ 2·(cv·x)² over the local terms x (each rebuilt step, the build commands'
        // fixed cost, local pulling and extraction, local pushing): each x is one calibration measurement and the
        // build predicted is another, so their difference has twice the variance of one; ν by Welch–Satterthwaite.
        let pulling = Double(work.pullCommands) * rates.pullCommandSeconds + extraction
        let pushing = Double(work.pushCommands) * rates.pushCommandSeconds + local
        var parts = IntervalParts()
        for step in work.rebuiltSteps {
            let key = step.spreadKey ?? step.label
            parts.add(step.seconds, spread.steps[key], id: "step " + key, term: "step")
        }
        parts.add(overhead, spread.overhead, id: "overhead", term: "overhead")
        parts.add(pulling, spread.pulls, id: "pulls", term: "pulls")
        parts.add(pushing, spread.pushes, id: "pushes", term: "pushes")
        return PredictedCell(strategy: work.strategy, scenario: work.scenario, network: link.name, steps: steps,
                             overhead: overhead, pulls: pulls, extraction: extraction, pushes: pushes,
                             interval: PredictionInterval.halfWidth(parts.terms), intervalSource: parts.source(builds: spread.builds))
    }
}

/// A cell's interval terms, grouped by the estimate they use: terms that share one estimate (every term without
/// history shares the assumed default) are not independent estimates, so their variances add before
/// Welch–Satterthwaite sees them.
struct IntervalParts {
    private var groups: [(id: String, variance: Double, degreesOfFreedom: Double)] = []
    /// Terms (a step per step) with a measured spread, and without.
    private var measured: [String] = [], assumed: [String] = []

    mutating func add(_ seconds: Double, _ estimate: SpreadEstimate?, id: String, term: String) {
        guard seconds > 0 else { return }
        let estimate = estimate ?? .assumedDefault
        let id = estimate.assumed ? "assumed" : id
        let variance = 2 * (estimate.variation * seconds) * (estimate.variation * seconds)
        if let i = groups.firstIndex(where: { $0.id == id }) { groups[i].variance += variance }
        else { groups.append((id, variance, estimate.degreesOfFreedom)) }
        if estimate.assumed { assumed.append(term) } else { measured.append(term) }
    }

    var terms: [IntervalTerm] { groups.map { IntervalTerm(variance: $0.variance, degreesOfFreedom: $0.degreesOfFreedom) } }

    /// "spread from 12 earlier builds", "no history: assumed CV 29.8%", or "spread from 12 earlier builds for 3 steps
    /// and pulls; no history for 1 step: assumed CV 29.8%".
    func source(builds: Int) -> String {
        let from = "spread from \(builds) stored build\(builds == 1 ? "" : "s") on this machine"
        let none = String(format: "no history: assumed CV %.1f%%", SpreadEstimate.assumedDefault.variation * 100)
        if groups.isEmpty { return "no spread: nothing local to vary" }
        if assumed.isEmpty { return from }
        if measured.isEmpty { return none }
        return "\(from) for \(Self.list(measured)); \(none.replacingOccurrences(of: "no history", with: "no history for \(Self.list(assumed))"))"
    }

    /// "3 steps, overhead and pulls".
    static func list(_ terms: [String]) -> String {
        let steps = terms.filter { $0 == "step" }.count
        let names = (steps > 0 ? ["\(steps) step\(steps == 1 ? "" : "s")"] : []) + terms.filter { $0 != "step" }
        return names.count <= 1 ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + names.last!
    }
}
