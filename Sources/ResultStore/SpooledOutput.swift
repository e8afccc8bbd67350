import Foundation

/// A phase's output once it has ended: the part a phase row holds, and the rest in files.
package struct SpooledOutput: Sendable, Equatable {
    /// Lines joined by `\n`, as `PhaseRecord.output` stores them.
    package var output: String
    /// One per line of `output`, as `PhaseRecord.lineTimes` stores them.
    package var lineTimes: [Double]
    /// The lines after `output`, when there were more than its bound.
    package var spilled: SpilledOutput?

    package init(output: String, lineTimes: [Double], spilled: SpilledOutput? = nil) {
        self.output = output
        self.lineTimes = lineTimes
        self.spilled = spilled
    }
}
