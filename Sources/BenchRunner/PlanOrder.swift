import BuildEngine
import Foundation

/// How strategies are ordered within each chain position of an iteration (`--order`).
package enum PlanOrder: Sendable, Equatable {
    /// As listed, every iteration.
    case fixed
    /// A fresh Fisher–Yates shuffle for every iteration and chain position, drawn from SplitMix64 seeded with `seed`,
    /// so that drift of the machine (a slow mirror, a busy neighbour) is not confounded with a strategy.
    case shuffled(seed: UInt64)

    /// `fixed` or `shuffled`, as `--order` and the stored options spell it.
    var name: String { self == .fixed ? "fixed" : "shuffled" }

    var seed: UInt64? {
        if case .shuffled(let seed) = self { return seed }
        return nil
    }
}
