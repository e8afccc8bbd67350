import Foundation
import ResultStore

/// Prints run events as progress on stderr: one line per build with the total elapsed time,
/// and, on a terminal, a live status line with the step being built.
package final class ProgressPrinter: @unchecked Sendable {
    private let lock = NSLock()
    private let started = Date()
    private let isTerminal: Bool
    private var liveLineShown = false
    private let write: @Sendable (String) -> Void

    package init(isTerminal: Bool = isatty(STDERR_FILENO) == 1,
                 write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.isTerminal = isTerminal
        self.write = write
    }

    package func handle(_ event: RunEvent) {
        lock.withLock {
            let elapsed = Self.clock(Date().timeIntervalSince(started))
            switch event {
            case .note(let text):
                emit("[\(elapsed)] \(text)\n")
            case .buildStarted(let index, let total, let build):
                let engine = build.engine.map { " · \($0.name)" } ?? ""
                emit("[\(elapsed)] (\(index)/\(total)) \(build.strategy.id) · \(build.scenario.rawValue) · iteration \(build.iteration)\(engine): fresh engine...\n")
            case .phaseStarted(let kind, let commandLine):
                if isTerminal { live("  \(kind.rawValue): \(commandLine)") }
            case .activity(let text):
                if isTerminal { live("    \(text)") }
            case .phaseFinished:
                break
            case .buildFinished(let index, let total, let build, let summary):
                var line = "[\(elapsed)] (\(index)/\(total)) \(build.strategy.id) · \(build.scenario.rawValue): "
                switch summary.status {
                case .ok:
                    line += String(format: "%.1f s, %d/%d steps cached", summary.wallSeconds, summary.cachedSteps, summary.totalSteps)
                    if summary.missedSteps > 0 {
                        line += String(format: ", %d missed (%.1f s of build steps a perfect cache would have saved; pulls and pushes not counted)", summary.missedSteps, summary.missedSeconds)
                    }
                case .unavailable: line += summary.error ?? BuildStatus.unavailable.rawValue
                default: line += "FAILED after \(String(format: "%.1f", summary.wallSeconds)) s: \(summary.error ?? "")"
                }
                emit(line + "\n")
            }
        }
    }

    private func live(_ text: String) {
        let width = 100
        let clipped = text.count > width ? String(text.prefix(width - 1)) + "…" : text
        write("\r\u{1B}[2K" + clipped)
        liveLineShown = true
    }

    private func emit(_ text: String) {
        if liveLineShown { write("\r\u{1B}[2K"); liveLineShown = false }
        write(text)
    }

    static func clock(_ seconds: TimeInterval) -> String {
        let s = Int(seconds)
        return String(format: "%02d:%02d", s / 60, s % 60)
    }
}
