import ArgumentParser

/// Every exit code of `cachebench`, as the README's "Exit codes" table and `cachebench --help` list them.
enum CacheBenchExit: Int32, CaseIterable, Sendable {
    /// Success.
    case success = 0
    /// Usage or environment error found while working: a one-line `error:` says what to install or change.
    case failure = 1
    /// `compare` found a regression beyond the threshold.
    case regression = 2
    /// A build in the run failed; the run is still stored.
    case buildFailed = 3
    /// The command line itself is wrong (an unknown flag, a bad value, a format the command cannot print): a one-line
    /// `error:`; ArgumentParser's code (EX_USAGE).
    case usage = 64
    /// Stopped by SIGHUP (128 + 1), after every process stopped and temp dirs and the namespace were removed.
    case hangUp = 129
    /// Stopped by SIGINT (128 + 2, Ctrl-C), likewise; the run is stored as `interrupted`.
    case interrupted = 130
    /// Stopped by SIGTERM (128 + 15), likewise.
    case terminated = 143

    /// The code for a stop by `signal`: shells report 128 + N.
    static func stopped(by signal: Int32) -> CacheBenchExit? {
        CacheBenchExit(rawValue: 128 + signal)
    }

    /// One line per code, for `--help` and the README.
    static var table: String {
        allCases.map { "\($0.rawValue) \($0.meaning)" }.joined(separator: "; ")
    }

    var meaning: String {
        switch self {
        case .success: return "success"
        case .failure: return "usage or environment error found while working (a one-line error: says what to do)"
        case .regression: return "compare found a regression"
        case .buildFailed: return "a build in the run failed (the run is still stored)"
        case .usage: return "bad command line: an unknown flag, a bad value, or a --format the command cannot print"
        case .hangUp: return "stopped by SIGHUP"
        case .interrupted: return "interrupted by Ctrl-C (SIGINT): every engine stopped, the run stored as interrupted, `run --resume RUN` finishes it"
        case .terminated: return "stopped by SIGTERM"
        }
    }

    var exitCode: ExitCode { ExitCode(rawValue) }
}
