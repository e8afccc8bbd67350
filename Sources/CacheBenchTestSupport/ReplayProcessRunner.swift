import BuildEngine
import Foundation
import Synchronization

/// A `ProcessRunner` that runs nothing: it answers each command with output captured earlier
/// (a fixture log, say), so that code driving engines can be tested without them.
///
/// Rules are tried in the order they were added; the first one that matches and still has uses
/// left answers. A rule with `times: 1` answers once and then steps aside, so the same command can
/// be scripted to answer differently the second time (a pull that fails cold and succeeds later).
/// Every command asked for is recorded in `commands`, matched or not.
///
/// An unmatched command gets exit code 127 and one stderr line naming it, as a shell reports an
/// unknown program, or `EngineError.cannotStart` when the runner was made with `throwOnUnmatched`.
///
/// ```swift
/// let replay = ReplayProcessRunner()
/// replay.on(arguments: ["pull"], exitCode: 1, text: "Error response from daemon: manifest unknown")
/// replay.on(arguments: ["build"], log: try String(contentsOfFile: "legacy-naive-cold.log", encoding: .utf8))
/// ```
///
/// Daemons (`startDaemon`) are answered by daemon rules (`onDaemon`): the captured log is written to the
/// daemon's log file at once, and the daemon then runs until stopped, or has already exited with the rule's
/// exit code. A daemon no rule answers cannot start (`EngineError.cannotStart`).
package final class ReplayProcessRunner: ProcessRunner, Sendable {
    /// One scripted answer.
    package struct Rule: Sendable {
        /// Decides whether this rule answers a command.
        package var matches: @Sendable (Command) -> Bool
        /// The lines replayed, in order, each passed to `onLine`.
        package var lines: [OutputLine]
        package var exitCode: Int32
        /// Reported wall time; by default the last line's `at` (0 without lines).
        package var wallSeconds: Double
        /// How many more commands this rule answers; nil for any number.
        package var remainingUses: Int?

        package init(matching matches: @escaping @Sendable (Command) -> Bool, lines: [OutputLine], exitCode: Int32 = 0,
                    wallSeconds: Double? = nil, times: Int? = nil) {
            self.matches = matches
            self.lines = lines
            self.exitCode = exitCode
            self.wallSeconds = wallSeconds ?? lines.last?.at ?? 0
            self.remainingUses = times
        }
    }

    /// One scripted daemon.
    package struct DaemonRule: Sendable {
        package var matches: @Sendable (Command) -> Bool
        /// What the daemon printed, written to its log file as it starts.
        package var log: String
        /// nil: it runs until stopped; else it has exited with this code right after printing `log`.
        package var exitCode: Int32?
        /// How many more daemons this rule answers; nil for any number.
        package var remainingUses: Int?

        package init(matching matches: @escaping @Sendable (Command) -> Bool, log: String, exitCode: Int32? = nil,
                     times: Int? = nil) {
            self.matches = matches
            self.log = log
            self.exitCode = exitCode
            self.remainingUses = times
        }
    }

    /// The first rule with uses left that answers `command`, its use counted; nil, and `command` noted as unmatched,
    /// when none does. Commands and daemons take their rules the same way.
    private static func take<R: ReplayAnswer>(_ rules: inout [R], for command: Command, unmatched: inout [Command]) -> R? {
        guard let index = rules.firstIndex(where: { ($0.remainingUses ?? 1) > 0 && $0.matches(command) }) else {
            unmatched.append(command)
            return nil
        }
        if let uses = rules[index].remainingUses { rules[index].remainingUses = uses - 1 }
        return rules[index]
    }

    private struct State {
        var rules: [Rule] = []
        var daemonRules: [DaemonRule] = []
        var recorded: [Command] = []
        var unmatchedCommands: [Command] = []
        var startedDaemons: [Command] = []
    }

    private let state: Mutex<State>
    private let throwOnUnmatched: Bool
    /// Nothing is spawned, but clean-ups registered by the code under test land here.
    package let supervisor: ProcessSupervisor

    /// - Parameter throwOnUnmatched: throw `EngineError.cannotStart` for a command no rule answers,
    ///   instead of returning exit code 127.
    package init(rules: [Rule] = [], throwOnUnmatched: Bool = false, supervisor: ProcessSupervisor = ProcessSupervisor()) {
        self.state = Mutex(State(rules: rules))
        self.throwOnUnmatched = throwOnUnmatched
        self.supervisor = supervisor
    }

    /// Every command asked for, in order, including unmatched ones.
    package var commands: [Command] { state.withLock { $0.recorded } }

    /// Commands no rule answered.
    package var unmatched: [Command] { state.withLock { $0.unmatchedCommands } }

    /// Every daemon started, in order.
    package var daemons: [Command] { state.withLock { $0.startedDaemons } }

    /// Adds a rule; rules added earlier win.
    package func add(_ rule: Rule) { state.withLock { $0.rules.append(rule) } }

    /// Answers daemons for which `predicate` holds with the captured `log`; `exitCode` nil keeps them running
    /// until stopped. Rules added earlier win.
    package func onDaemon(_ predicate: @escaping @Sendable (Command) -> Bool, log: String, exitCode: Int32? = nil,
                          times: Int? = nil) {
        state.withLock { $0.daemonRules.append(DaemonRule(matching: predicate, log: log, exitCode: exitCode, times: times)) }
    }

    package func startDaemon(_ command: Command, logPath: String) async throws -> DaemonProcess {
        let rule = state.withLock { state -> DaemonRule? in
            state.recorded.append(command)
            guard let rule = Self.take(&state.daemonRules, for: command, unmatched: &state.unmatchedCommands) else { return nil }
            state.startedDaemons.append(command)
            return rule
        }
        guard let rule else {
            throw EngineError.cannotStart(command: command.executable,
                                          reason: "ReplayProcessRunner: no daemon rule answers `\(command.shellLine)`")
        }
        do {
            try Data(rule.log.utf8).write(to: URL(fileURLWithPath: logPath))
        } catch {
            throw EngineError.cannotStart(command: command.executable, reason: "\(error)")
        }
        return DaemonProcess(command: command, logPath: logPath, pid: 0, control: ReplayedDaemon(exitCode: rule.exitCode))
    }

    /// Answers commands for which `predicate` holds.
    package func on(_ predicate: @escaping @Sendable (Command) -> Bool, lines: [OutputLine], exitCode: Int32 = 0,
                   times: Int? = nil) {
        add(Rule(matching: predicate, lines: lines, exitCode: exitCode, times: times))
    }

    /// Answers commands whose arguments (after the executable) start with `prefix`, with `log` split
    /// into lines on `stream`, stamped `interval` seconds apart.
    package func on(arguments prefix: [String], log: String, stream: BuildEngine.OutputStream = .stdout, exitCode: Int32 = 0,
                   times: Int? = nil, interval: Double = 0.01) {
        add(Rule(matching: Self.argumentsPrefix(prefix), lines: Self.lines(fromLog: log, stream: stream, interval: interval),
                 exitCode: exitCode, times: times))
    }

    /// Answers commands whose arguments start with `prefix` with the single line `text` (none when empty).
    package func on(arguments prefix: [String], exitCode: Int32 = 0, text: String = "", stream: BuildEngine.OutputStream = .stdout,
                   times: Int? = nil) {
        let lines = text.isEmpty ? [] : [OutputLine(stream: stream, at: 0.01, text: text)]
        add(Rule(matching: Self.argumentsPrefix(prefix), lines: lines, exitCode: exitCode, times: times))
    }

    /// A predicate: the command's arguments (not its executable) start with `prefix`.
    package static func argumentsPrefix(_ prefix: [String]) -> @Sendable (Command) -> Bool {
        { command in command.arguments.starts(with: prefix) }
    }

    /// A captured log as output lines, one per line of text, at `interval`, 2×`interval`, ... seconds.
    /// A final newline does not make an extra empty line.
    package static func lines(fromLog text: String, stream: BuildEngine.OutputStream = .stdout, interval: Double = 0.01) -> [OutputLine] {
        // Split on the byte: "\r\n" is a single Character and would not split on "\n".
        var texts = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        if texts.last == "" { texts.removeLast() }
        return texts.enumerated().map { offset, line in
            var line = line
            if line.hasSuffix("\r") { line.removeLast() }
            return OutputLine(stream: stream, at: Double(offset + 1) * interval, text: line)
        }
    }

    package func run(_ command: Command, retaining: OutputRetention,
                     onLine: @escaping @Sendable (OutputLine) -> Void) async throws -> CommandResult {
        let rule = state.withLock { state -> Rule? in
            state.recorded.append(command)
            return Self.take(&state.rules, for: command, unmatched: &state.unmatchedCommands)
        }
        guard let rule else {
            let message = "ReplayProcessRunner: no rule answers `\(command.shellLine)`"
            if throwOnUnmatched { throw EngineError.cannotStart(command: command.executable, reason: message) }
            let line = OutputLine(stream: .stderr, at: 0, text: message)
            onLine(line)
            return CommandResult(command: command, exitCode: 127, wallSeconds: 0, lines: [line])
        }
        var kept: [OutputLine] = []
        for line in rule.lines {
            kept.keep(line, retaining: retaining)
            onLine(line)
        }
        return CommandResult(command: command, exitCode: rule.exitCode, wallSeconds: rule.wallSeconds, lines: kept)
    }
}

/// A daemon with no process: running until stopped, or ended with its rule's exit code.
package final class ReplayedDaemon: DaemonControl {
    /// nil while it runs.
    private let ended: Mutex<Int32?>

    package init(exitCode: Int32?) { ended = Mutex(exitCode) }

    package var isRunning: Bool { ended.withLock { $0 == nil } }
    package var exitCode: Int32? { ended.withLock { $0 } }

    /// Ends it as SIGTERM ends a daemon that does not catch it: 128 + 15.
    package func stop(timeout: Double) async {
        ended.withLock { if $0 == nil { $0 = 128 + SIGTERM } }
    }
}

/// A scripted answer that matches commands and may be limited to a number of uses.
private protocol ReplayAnswer {
    var matches: @Sendable (Command) -> Bool { get }
    var remainingUses: Int? { get set }
}

extension ReplayProcessRunner.Rule: ReplayAnswer {}
extension ReplayProcessRunner.DaemonRule: ReplayAnswer {}
