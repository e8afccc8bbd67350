import Foundation

/// The files the change scenarios edit, relative to the context, and how they were chosen.
package struct ScenarioFiles: Sendable, Codable, Equatable {
    package var sourceFile: String?
    package var dependencyFile: String?
    /// Human-readable: "configured" or what inference saw.
    package var notes: [String]

    package init(sourceFile: String? = nil, dependencyFile: String? = nil, notes: [String] = []) {
        self.sourceFile = sourceFile; self.dependencyFile = dependencyFile; self.notes = notes
    }
}
