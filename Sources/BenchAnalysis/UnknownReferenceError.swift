import Foundation

/// `--speedup-reference` named a strategy that the run does not have.
package struct UnknownReferenceError: LocalizedError, Equatable {
    package var reference: String
    package var strategies: [String]

    package init(reference: String, strategies: [String]) { self.reference = reference; self.strategies = strategies }

    package var errorDescription: String? {
        "--speedup-reference \(reference): the run has no such strategy; choose from \(strategies.joined(separator: ", "))."
    }
}
