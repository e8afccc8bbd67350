import Foundation

extension DebianEngineFetcher {
    /// What a failed apt-get run says, as the error that tells the user what to do.
    static func failure(of result: CommandResult, mirror: String, keyring: String) -> EngineSetupError {
        let text = result.output
        let detail = reason(in: result.lines.map(\.text)) ?? "exit \(result.exitCode)"
        if text.contains("NO_PUBKEY") || text.contains("is not signed") || text.contains("couldn't be verified") {
            return .signatureUnverified(mirror: mirror, keyring: keyring, detail: detail)
        }
        if ["404  Not Found", "400  Bad Request", "does not have a Release file"].contains(where: text.contains) {
            return .suiteMissing(mirror: mirror, suite: suite, detail: detail)
        }
        let unreachable = ["Could not resolve", "Could not connect", "Connection failed", "Connection timed out",
                           "Temporary failure resolving", "Unable to connect", "No route to host"]
        if unreachable.contains(where: text.contains) {
            return .mirrorUnreachable(mirror: mirror, detail: detail)
        }
        return .aptFailed(command: result.command.shellLine, detail: detail)
    }

    /// The indented line under apt's first `Err:` line, else its last `E:` line.
    static func reason(in lines: [String]) -> String? {
        if let err = lines.firstIndex(where: { $0.hasPrefix("Err:") }), lines.indices.contains(err + 1),
           lines[err + 1].hasPrefix(" ") {
            return lines[err + 1].trimmingCharacters(in: .whitespaces)
        }
        return lines.last(where: { $0.hasPrefix("E: ") }).map { String($0.dropFirst(3)) }
    }
}
