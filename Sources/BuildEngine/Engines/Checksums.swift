import Foundation

/// sha256 through coreutils' `sha256sum` (Foundation has no digest on Linux).
package enum Checksums {
    /// sha256 of each file, keyed by the path as given.
    package static func sha256(_ paths: [String], workingDirectory: String? = nil,
                               runner: any ProcessRunner) async throws -> [String: String] {
        guard !paths.isEmpty else { return [:] }
        let result = try await runner.run(Command("sha256sum", ["--"] + paths, workingDirectory: workingDirectory))
        return parse(result.lines.filter { $0.stream == .stdout }.map(\.text).joined(separator: "\n"))
    }

    /// `HASH  PATH` lines (text mode: two spaces; binary mode: space and `*`). Escaped names (a leading
    /// backslash) are skipped: cachebench never names its files that way.
    package static func parse(_ output: String) -> [String: String] {
        var sums: [String: String] = [:]
        for line in output.split(separator: "\n") where !line.hasPrefix("\\") {
            let hash = line.prefix(64)
            guard hash.count == 64, hash.allSatisfy(\.isHexDigit), line.count > 66 else { continue }
            sums[String(line.dropFirst(66))] = hash.lowercased()
        }
        return sums
    }
}
