import BenchAnalysis
import BuildEngine
import Foundation

/// A strategy's CI script as the run stored it (`BuildRecord.script`, rendered by the run's `ScriptRenderer` from the
/// strategy's data), and each phase's command as a user would type it. Every word was rendered by `ShellScript`, so a
/// stored value (a build arg, a path) is always one quoted word. Reports never rebuild a script from argv.
package enum CIScript {
    /// The script of the strategy's last successful build, for `RecommendationReport` to wrap as a CI job; nil when
    /// the run has none (no build succeeded, or a build stored before runs kept scripts and not re-rendered).
    package static func shellScript(strategy: String, analysis: RunAnalysis) -> ShellScript? {
        let candidates = analysis.builds.filter { $0.build.strategy == strategy && $0.build.status == .ok && !$0.phases.isEmpty }
        return candidates.last.flatMap(stored)?.script
    }

    /// The bash script, as printed in reports.
    package static func script(strategy: String, analysis: RunAnalysis) -> String? {
        shellScript(strategy: strategy, analysis: analysis)?.bash
    }

    /// The display form of one phase of `build`: the command as the user would type it, empty when none is stored.
    package static func commandLine(_ phase: StoredPhase, build: StoredBuild) -> String {
        guard let commands = stored(build)?.phaseCommands, commands.indices.contains(phase.ordinal) else { return "" }
        return commands[phase.ordinal]
    }

    /// The stored script. The commands that load a run (`StoredScripts`) fail on one that does not decode, naming its
    /// row, before any report is rendered; a report given an unchecked analysis treats it as missing.
    static func stored(_ detail: StoredBuild) -> BuildScript? {
        detail.build.script.flatMap { try? BuildScript.decode($0, row: detail.build.id) }
    }
}
