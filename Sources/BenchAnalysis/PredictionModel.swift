import Foundation

/// The model: one formula per term.
package enum PredictionModel {
    /// Predicts one cell of `work` on `link` from the machine's rates and the measured spreads.
    package static func predict(_ work: CellWork, rates: MachineRates, link: Link, spread: PredictionSpread) -> PredictedCell {
        // steps = Σ seconds of the rebuilt steps, as the calibration's cold build measured them
        let steps = work.rebuiltSteps.map(\.seconds).reduce(0, +)
        // overhead = build commands·t_build + exported bytes / R_export
        let exported = rates.exportBytesPerSecond > 0 ? Double(work.exportedBytes) / rates.exportBytesPerSecond : 0
        let overhead = Double(work.buildCommands) * rates.buildCommandSeconds + exported
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
        // interval = t(0.975; ν)·√V, V = Σ (1 + 1/m)·(cv·x)² over the local terms x (each rebuilt step, the build
        // commands' fixed cost, local pulling and extraction, local pushing): each x is the mean of m calibration
        // measurements (a step run by two builders of one family: m = 2; every other term: m = 1) and the build
        // predicted is one more draw, so their difference has (1 + 1/m) times the variance of one; ν by
        // Welch–Satterthwaite.
        let pulling = Double(work.pullCommands) * rates.pullCommandSeconds + extraction
        let pushing = Double(work.pushCommands) * rates.pushCommandSeconds + local
        var parts = IntervalParts()
        for step in work.rebuiltSteps {
            let key = step.spreadKey ?? step.label
            parts.add(step.seconds, spread.steps[key], id: "step " + key, term: "step", draws: step.draws ?? 1)
        }
        parts.add(overhead, spread.overhead, id: "overhead", term: "overhead")
        parts.add(pulling, spread.pulls, id: "pulls", term: "pulls")
        parts.add(pushing, spread.pushes, id: "pushes", term: "pushes")
        return PredictedCell(strategy: work.strategy, scenario: work.scenario, network: link.name, steps: steps,
                             overhead: overhead, pulls: pulls, extraction: extraction, pushes: pushes,
                             interval: PredictionInterval.halfWidth(parts.terms), intervalSource: parts.source(builds: spread.builds))
    }
}
