import Foundation
import ResultStore

/// Which test decided a comparison of two samples of seconds.
package enum ComparisonTest: String, Sendable, Codable {
    /// Both sides have two or more values: Welch's t-test.
    case welch
    /// One side has a single value: is it inside the other side's 95 % prediction interval?
    case predictionInterval = "prediction interval"
    /// One value on each side: the threshold alone decides.
    case singleBuilds = "single builds: no interval"
}

/// Two samples of seconds compared: the change, the test used and its p-value (nil for single builds).
package struct SampleComparison: Sendable, Equatable {
    package var baseline: SampleStatistics
    package var current: SampleStatistics
    /// current − baseline, in seconds of the means.
    package var deltaSeconds: Double
    /// (current − baseline) / baseline, in percent; nil when the baseline mean is 0.
    package var changePercent: Double?
    package var test: ComparisonTest
    package var p: Double?

    package init(baseline: SampleStatistics, current: SampleStatistics) {
        self.baseline = baseline
        self.current = current
        deltaSeconds = current.mean - baseline.mean
        changePercent = baseline.mean > 0 ? deltaSeconds / baseline.mean * 100 : nil
        if let welch = TTest.welch(baseline, current) {
            test = .welch; p = welch.p
        } else if baseline.count == 1, let prediction = TTest.prediction(value: baseline.mean, sample: current) {
            test = .predictionInterval; p = prediction.p
        } else if current.count == 1, let prediction = TTest.prediction(value: current.mean, sample: baseline) {
            test = .predictionInterval; p = prediction.p
        } else {
            test = .singleBuilds; p = nil
        }
    }

    /// Beyond the threshold and, where a test applies, p < `alpha`.
    func moved(thresholdPercent: Double, alpha: Double = 0.05) -> Bool {
        guard let changePercent, abs(changePercent) > thresholdPercent else { return false }
        return p.map { $0 < alpha } ?? true
    }
}

/// One step's duration in a cell, matched across two runs by stage and instruction text.
package struct StepComparison: Sendable, Equatable {
    package var stage: String?
    package var instruction: String
    /// Served from cache on both sides (cached steps are compared only with cached ones, rebuilt with rebuilt).
    package var cached: Bool
    package var comparison: SampleComparison
    /// Benjamini–Hochberg adjusted p over every step tested in the comparison; nil for single builds.
    package var adjustedP: Double?
    /// Slower beyond the threshold with adjusted p < 0.05.
    package var regressed: Bool

    package init(stage: String?, instruction: String, cached: Bool, comparison: SampleComparison, adjustedP: Double?, regressed: Bool) {
        self.stage = stage; self.instruction = instruction; self.cached = cached; self.comparison = comparison
        self.adjustedP = adjustedP; self.regressed = regressed
    }
}

/// How one strategy × scenario cell moved between two runs.
package struct CellComparison: Sendable, Equatable {
    package enum Verdict: String, Sendable, Codable {
        /// Slower by more than the threshold and significantly so (see `ComparisonTest`).
        case regression
        /// The whole build is not shown slower, but a step is (`CellComparison.regressedSteps`).
        case stepRegression = "step regression"
        /// Faster by more than the threshold (same significance rule).
        case improvement
        case unchanged
        /// A larger share of its builds failed than in the baseline.
        case failed
        /// The cell is missing (or never succeeded) in one of the runs.
        case incomparable
    }

    /// Builds that succeeded and failed on one side (unavailable builds are neither).
    package struct Counts: Sendable, Equatable {
        package var ok: Int
        package var failed: Int
        package var failureRate: Double? { ok + failed > 0 ? Double(failed) / Double(ok + failed) : nil }

        package init(ok: Int, failed: Int) { self.ok = ok; self.failed = failed }
        init(_ cell: CellSummary?) { self.init(ok: cell?.wall?.count ?? 0, failed: cell?.failed ?? 0) }
    }

    package var strategy: String
    package var scenario: String
    package var baselineCounts: Counts
    package var currentCounts: Counts
    /// The wall-time comparison, when both sides have a successful build.
    package var wall: SampleComparison?
    package var steps: [StepComparison]
    package var verdict: Verdict

    package var baseline: SampleStatistics? { wall?.baseline }
    package var current: SampleStatistics? { wall?.current }
    package var changePercent: Double? { wall?.changePercent }
    package var regressedSteps: [StepComparison] { steps.filter(\.regressed) }
    package var isRegression: Bool { verdict == .regression || verdict == .failed || verdict == .stepRegression }
}

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

/// Matches steps across the builds of one cell in two runs.
enum StepMatching {
    struct Key: Hashable {
        var stage: String?
        var instruction: String
        /// The n-th step with this stage and text in its build, for a Dockerfile that repeats an instruction.
        var occurrence: Int
        var cached: Bool
    }

    /// Steps matched by stage and instruction text, cached with cached and rebuilt with rebuilt, over the
    /// successful builds; steps without a duration, or seen on one side only, are left out.
    static func compare(_ before: [BuildDetail], _ after: [BuildDetail]) -> [StepComparison] {
        let old = samples(before).values
        let (keys, new) = samples(after)
        var out: [StepComparison] = []
        for key in keys {
            guard let a = old[key].flatMap({ SampleStatistics($0) }), let b = new[key].flatMap({ SampleStatistics($0) }) else { continue }
            out.append(StepComparison(stage: key.stage, instruction: key.instruction, cached: key.cached,
                                      comparison: SampleComparison(baseline: a, current: b), adjustedP: nil, regressed: false))
        }
        return out
    }

    /// Each key's durations, and the keys in the order the builds first ran them.
    static func samples(_ builds: [BuildDetail]) -> (keys: [Key], values: [Key: [Double]]) {
        var keys: [Key] = []
        var out: [Key: [Double]] = [:]
        for detail in builds where detail.build.status == .ok {
            var seen: [String: Int] = [:]
            for step in detail.effectiveSteps {
                let text = step.instruction.trimmingCharacters(in: .whitespaces)
                let occurrence = seen["\(step.stage ?? "")\u{1F}\(text)", default: 0]
                seen["\(step.stage ?? "")\u{1F}\(text)"] = occurrence + 1
                guard let seconds = step.seconds else { continue }
                let key = Key(stage: step.stage, instruction: text, occurrence: occurrence, cached: step.cached)
                if out[key] == nil { keys.append(key) }
                out[key, default: []].append(seconds)
            }
        }
        return (keys, out)
    }
}

extension RunAnalysis {
    /// The builds of one cell, in stored order.
    package func builds(_ strategy: String, _ scenario: String) -> [BuildDetail] {
        builds.filter { $0.build.strategy == strategy && $0.build.scenario == scenario }
    }
}
