import Foundation

/// A cell's interval terms, grouped by the estimate they use: terms that share one estimate (every term without
/// history shares the assumed default) are not independent estimates, so their variances add before
/// Welch–Satterthwaite sees them.
struct IntervalParts {
    private var groups: [(id: String, variance: Double, degreesOfFreedom: Double)] = []
    /// Terms (a step per step) with a measured spread, and without.
    private var measured: [String] = [], assumed: [String] = []

    /// `draws`: how many calibration measurements `seconds` is the mean of. The build predicted is one more draw, so
    /// their difference has (1 + 1/draws) times the variance of one draw: 2 for a single calibration measurement.
    mutating func add(_ seconds: Double, _ estimate: SpreadEstimate?, id: String, term: String, draws: Int = 1) {
        guard seconds > 0 else { return }
        let estimate = estimate ?? .assumedDefault
        let id = estimate.assumed ? "assumed" : id
        let factor = 1 + 1 / Double(max(draws, 1))
        let variance = factor * (estimate.variation * seconds) * (estimate.variation * seconds)
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
