import Foundation
import ResultStore

/// `cachebench compare`: every cell of two runs, and whether any regressed.
package struct RunComparison: Sendable {
    package var baseline: RunRecord
    package var current: RunRecord
    package var thresholdPercent: Double
    package var cells: [CellComparison]

    package var regressions: [CellComparison] { cells.filter(\.isRegression) }

    /// The recorded settings that change build times and differ between the two runs, as `name: baseline → current`
    /// (engine storage, package cache, network profile, engines). A change in timings may then be theirs, not the
    /// project's.
    package var settingsChanged: [String] {
        // An ingested run is a CI's own log: cachebench did not choose its settings.
        guard baseline.status != .ingested, current.status != .ingested else { return [] }
        // What a run without the key had: disk storage, the package cache did not exist (the internet), no profile.
        let settings: [(key: String, name: String, absent: String)] = [
            ("engineStorage", "engine storage", "disk"), ("packageCache", "package cache", "off"),
            ("network", "network", "unthrottled"), ("engines", "engines", "default"),
        ]
        return settings.compactMap { setting in
            // The package cache's text goes on to describe the proxy; its first word is the mode.
            func value(_ options: [String: String]) -> String {
                let text = options[setting.key] ?? setting.absent
                return setting.key == "packageCache" ? String(text.prefix { $0 != ":" }) : text
            }
            let before = value(baseline.options), after = value(current.options)
            return before == after ? nil : "\(setting.name): \(before) → \(after)"
        }
    }

    /// A step must also slow down by this much to count: engines print step times to 0.1 s, so a step of a few
    /// tenths that is steady within each run would otherwise look significant after a 0.1 s tick.
    static let minimumStepSeconds = 0.5

    /// Compares cell by cell: failure rates, then mean wall seconds, then each step's seconds. A change counts
    /// only beyond `thresholdPercent` and, where there are enough values, only when its test says p < 0.05
    /// (for steps, after the Benjamini–Hochberg correction over every step tested).
    package init(baseline: RunAnalysis, current: RunAnalysis, thresholdPercent: Double) {
        self.baseline = baseline.run
        self.current = current.run
        self.thresholdPercent = thresholdPercent
        var strategies = baseline.strategies
        for s in current.strategies where !strategies.contains(s) { strategies.append(s) }
        var scenarios = baseline.scenarios
        for s in current.scenarios where !scenarios.contains(s) { scenarios.append(s) }
        var cells: [CellComparison] = []
        for strategy in strategies {
            for scenario in scenarios {
                let before = baseline.cell(strategy, scenario)
                let after = current.cell(strategy, scenario)
                if before == nil && after == nil { continue }
                var cell = Self.compare(strategy: strategy, scenario: scenario, before: before, after: after,
                                        threshold: thresholdPercent)
                if cell.wall != nil {
                    cell.steps = StepMatching.compare(baseline.builds(strategy, scenario), current.builds(strategy, scenario))
                }
                cells.append(cell)
            }
        }
        self.cells = Self.correctSteps(cells, threshold: thresholdPercent)
    }

    static func compare(strategy: String, scenario: String, before: CellSummary?, after: CellSummary?,
                        threshold: Double) -> CellComparison {
        var result = CellComparison(strategy: strategy, scenario: scenario, baselineCounts: .init(before),
                                    currentCounts: .init(after), wall: nil, steps: [], verdict: .incomparable)
        if let base = before?.wall, let now = after?.wall { result.wall = SampleComparison(baseline: base, current: now) }
        if let was = result.baselineCounts.failureRate, let now = result.currentCounts.failureRate, now > was {
            result.verdict = .failed
        } else if let wall = result.wall {
            result.verdict = wall.moved(thresholdPercent: threshold) ? (wall.deltaSeconds > 0 ? .regression : .improvement) : .unchanged
        }
        return result
    }

    /// Adjusts every step's p over all steps tested, then marks the regressed ones.
    static func correctSteps(_ cells: [CellComparison], threshold: Double) -> [CellComparison] {
        var tested: [(cell: Int, step: Int, p: Double)] = []
        for (c, cell) in cells.enumerated() {
            for (s, step) in cell.steps.enumerated() { if let p = step.comparison.p { tested.append((c, s, p)) } }
        }
        var cells = cells
        for (entry, q) in zip(tested, benjaminiHochberg(tested.map(\.p))) {
            var step = cells[entry.cell].steps[entry.step]
            step.adjustedP = q
            var adjusted = step.comparison
            adjusted.p = q
            step.regressed = step.comparison.deltaSeconds >= minimumStepSeconds && adjusted.moved(thresholdPercent: threshold)
            cells[entry.cell].steps[entry.step] = step
        }
        for i in cells.indices where !cells[i].regressedSteps.isEmpty {
            if cells[i].verdict == .unchanged || cells[i].verdict == .improvement { cells[i].verdict = .stepRegression }
        }
        return cells
    }
}
