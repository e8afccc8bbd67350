import Foundation

/// One independently estimated part of a prediction's error: its variance in seconds² and the degrees of freedom
/// of that variance's estimate (`.infinity` for a known one).
package struct IntervalTerm: Sendable, Equatable {
    package var variance: Double
    package var degreesOfFreedom: Double
    package init(variance: Double, degreesOfFreedom: Double) { self.variance = variance; self.degreesOfFreedom = degreesOfFreedom }
}
