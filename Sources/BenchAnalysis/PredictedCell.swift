import Foundation

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
