import Foundation
import Testing

/// Golden CLI tests, in the style of xcbeautify: each directory of `Golden/` holds `args` (the CLI's
/// arguments, one per line; `$ROOT` is the repository, `$GOLDEN` the case's directory; an argument naming a
/// `.sql` dump stands for a database loaded from it) and `expected` (its exact
/// stdout). They need no engine: a log, a Dockerfile or a stored database from a real run is the input.
/// `CACHEBENCH_REGENERATE_GOLDEN=1 swift test --filter GoldenCLITests` rewrites `expected` from the
/// current output, for a reviewed change of format; the diff is then the review.
struct GoldenCLITests {
    static let directory = Integration.repositoryRoot.appendingPathComponent("Tests/IntegrationTests/Golden")

    static var cases: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { FileManager.default.fileExists(atPath: directory.appendingPathComponent("\($0)/args").path) }.sorted()
    }

    /// `sqlite3 DATABASE < DUMP` (sqlite3 is among the prerequisites).
    static func load(dump: String, into database: String) throws {
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [database]
        sqlite.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: dump))
        try sqlite.run()
        sqlite.waitUntilExit()
        try #require(sqlite.terminationStatus == 0, "sqlite3 could not load \(dump)")
    }

    @Test(arguments: cases)
    func outputIsExactlyTheGolden(_ name: String) async throws {
        let folder = Self.directory.appendingPathComponent(name)
        let arguments = try String(contentsOf: folder.appendingPathComponent("args"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: true).map {
                $0.replacingOccurrences(of: "$ROOT", with: Integration.repositoryRoot.path)
                    .replacingOccurrences(of: "$GOLDEN", with: folder.path)
            }
        let scratch = try Integration.temporaryDirectory(prefix: "cb-golden-")
        defer { try? FileManager.default.removeItem(at: scratch) }
        // A stored run is committed as SQL text (`sqlite3 .dump`), not as a database file: the CLI reads a
        // database made from it in a scratch dir, so a golden run never writes into the repository.
        let copied = try arguments.map { argument -> String in
            guard argument.hasSuffix(".sql"), FileManager.default.fileExists(atPath: argument) else { return argument }
            let database = scratch.appendingPathComponent(((argument as NSString).lastPathComponent as NSString)
                .deletingPathExtension + ".sqlite")
            if !FileManager.default.fileExists(atPath: database.path) { try Self.load(dump: argument, into: database.path) }
            return database.path
        }
        let result = try await Integration.cli(copied)
        let expectedFile = folder.appendingPathComponent("expected")
        let codeFile = folder.appendingPathComponent("exit-code")
        if ProcessInfo.processInfo.environment["CACHEBENCH_REGENERATE_GOLDEN"] == "1" {
            try (result.out + "\n").write(to: expectedFile, atomically: true, encoding: .utf8)
            try "\(result.code)\n".write(to: codeFile, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: expectedFile, encoding: .utf8)
        let code = (try? String(contentsOf: codeFile, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
        #expect(result.code == code, "exit code of \(name); stderr: \(result.err)")
        #expect(result.out + "\n" == expected, "output of \(name) differs from Golden/\(name)/expected")
    }
}
