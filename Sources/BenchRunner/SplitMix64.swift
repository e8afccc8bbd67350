import BuildEngine
import Foundation

/// Sebastiano Vigna's SplitMix64: a tiny generator whose output for a seed never changes between toolchains,
/// unlike the standard library's shuffle, so a stored seed always repeats its order.
package struct SplitMix64: Sendable {
    var state: UInt64

    package init(seed: UInt64) { state = seed }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Fisher–Yates from the last element down, swapping i with next() % (i + 1).
    package mutating func shuffled<T>(_ items: [T]) -> [T] {
        var items = items
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, Int(next() % UInt64(i + 1)))
        }
        return items
    }
}
