import BuildEngine
import Foundation
import ResultStore

/// One line of a strategy's CI script, as a template.
///
/// Placeholders: `{image}` the strategy's repository, `{tag}` the current tag (a stage's tag or `latest`),
/// `{stage}` the current stage name, `{context}`, `{dockerfile}`, `{cache-dir}` the `type=local` cache directory
/// (`.buildx-cache` in a CI script). Whole-argument expansions:
/// `{cache-from-all}` becomes `--cache-from {image}:T` for every stage tag and `latest`;
/// `{target}` becomes `--target T` for a stage line, or for the final build when the config names a target.
package struct ScriptLine: Sendable, Codable, Equatable {
    var kind: PhaseKind
    var scope: LineScope
    var arguments: [String]
    /// A failing pull of a tag that does not exist yet is normal on a cold run.
    var allowFailure: Bool

    package init(_ kind: PhaseKind, _ scope: LineScope = .once, _ arguments: [String], allowFailure: Bool = false) {
        self.kind = kind; self.scope = scope; self.arguments = arguments; self.allowFailure = allowFailure
    }
}
