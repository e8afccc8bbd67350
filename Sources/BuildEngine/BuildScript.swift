import Foundation

/// A build's script as the run rendered it, from the strategy's data: the script a user pastes, and each phase's
/// command as a user would type it (index = phase ordinal), for the reports' per-build tables.
package struct BuildScript: Sendable, Equatable, Codable {
    package var script: ShellScript
    package var phaseCommands: [String]

    package init(script: ShellScript, phaseCommands: [String]) {
        self.script = script; self.phaseCommands = phaseCommands
    }

    /// As stored in `build.script`: JSON with sorted keys.
    package var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Strings, arrays and booleans only: encoding cannot fail.
        return String(decoding: (try? encoder.encode(self)) ?? Data("null".utf8), as: UTF8.self)
    }

    /// Reads `build.script` back; `row` names the build in the error.
    package static func decode(_ json: String, row: Int64?) throws -> BuildScript {
        do {
            return try JSONDecoder().decode(BuildScript.self, from: Data(json.utf8))
        } catch {
            throw StoredScriptError.undecodable(buildId: row, reason: "\(error)")
        }
    }
}
