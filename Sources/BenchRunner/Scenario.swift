import Foundation

/// What changed since the previous CI run. A chain is `cold` followed by the others, in order,
/// each applied to the strategy's private copy of the build context.
package enum Scenario: String, Sendable, Codable, CaseIterable {
    /// The first build ever: the strategy's registry namespace is empty.
    case cold
    /// Nothing changed.
    case noChange = "no-change"
    /// A unique comment appended to the application source file.
    case sourceChange = "source-change"
    /// A unique comment appended to the dependency manifest.
    case dependencyChange = "dependency-change"
    /// The base image tag now points at a new digest, re-pushed to the sandbox mirror.
    case baseChange = "base-change"

    static let defaultChain: [Scenario] = [.cold, .noChange, .sourceChange]

    /// The file this scenario edits, or nil when it edits nothing.
    func editedFile(in files: ScenarioFiles) -> String? {
        switch self {
        case .cold, .noChange, .baseChange: return nil
        case .sourceChange: return files.sourceFile
        case .dependencyChange: return files.dependencyFile
        }
    }
}
