import BenchAnalysis
import BenchReports
@testable import BenchRunner
import BuildEngine
import CacheBenchTestSupport
import Foundation
import ResultStore
import Testing

@Suite struct SecretBuildArgTests {
    static let environment = ["CB_TEST_TOKEN": "s3cr3t-from-env-42"]
    static let config = ProjectConfig(buildArgs: ["API_TOKEN": "${env:CB_TEST_TOKEN}", "DB_PASSWORD": "hunter2-by-name",
                                                  "PLAIN": "listed-secret-77", "KEY_SERVER": "keys.example.org",
                                                  "GREETING": "hello world"],
                                      secretBuildArgs: ["PLAIN"], publicBuildArgs: ["KEY_SERVER"])
    static let secrets = ["s3cr3t-from-env-42", "hunter2-by-name", "listed-secret-77"]

    @Test func whichArgsAreSecret() throws {
        let scratch = try Scratch()
        let project = try Project.resolve(directory: try scratch.helloC(), config: Self.config, environment: Self.environment)
        #expect(project.buildArgs["API_TOKEN"] == "s3cr3t-from-env-42")
        #expect(project.secretBuildArgs == ["API_TOKEN", "DB_PASSWORD", "PLAIN"])
    }

    @Test func environmentReferences() throws {
        #expect(try Project.expandEnvironment("a-${env:X}-b-${env:Y}", arg: "A", environment: ["X": "1", "Y": "2"]) == ("a-1-b-2", true))
        #expect(try Project.expandEnvironment("$HOME ${x}", arg: "A", environment: [:]) == ("$HOME ${x}", false))
        #expect(throws: ConfigError.missingEnvironment(arg: "A", variable: "NOPE")) {
            try Project.expandEnvironment("${env:NOPE}", arg: "A", environment: [:])
        }
        #expect(throws: ConfigError.badEnvironmentReference(arg: "A")) { try Project.expandEnvironment("${env:a b}", arg: "A", environment: [:]) }
        #expect(throws: ConfigError.badEnvironmentReference(arg: "A")) { try Project.expandEnvironment("${env:X", arg: "A", environment: [:]) }
    }

    /// A whole run whose build prints the secrets, then everything cachebench keeps or shows: the database as
    /// `sqlite3 .dump` prints it, every report format, every recommend job, the progress lines.
    @Test func secretValuesAppearNowhere() async throws {
        let scratch = try Scratch()
        let project = try Project.resolve(directory: try scratch.helloC(), config: Self.config, environment: Self.environment)
        let plan = Plan(strategies: [Strategy.named("naive")!], scenarios: [.cold, .noChange], iterations: 1)
        let settings = RunSettings(project: project, plan: plan, workDirectory: scratch.url.appendingPathComponent("work"), options: [:])
        let database = scratch.url.appendingPathComponent("results.sqlite").path
        let store = try ResultStore(path: database)
        let replay = ReplayProcessRunner()
        let leak = "Step 3/6 : RUN echo s3cr3t-from-env-42 hunter2-by-name listed-secret-77\n"
        replay.on(arguments: ["pull"], exitCode: 1, text: "manifest unknown: hunter2-by-name", stream: .stderr, times: 1)
        replay.on(arguments: ["pull"], log: try Fixtures.log("pull-latest.log"))
        replay.on(arguments: ["build"], log: leak + (try Fixtures.log("legacy-perstage-cold-runtime.log")))
        replay.on(arguments: ["push"], log: try Fixtures.log("push-latest.log"))
        let events = Box<RunEvent>()
        let printed = Box<String>()
        let printer = ProgressPrinter(isTerminal: true) { printed.append($0) }
        let runner = BenchmarkRunner(settings: settings, engine: FakeEngine(), store: store, runner: replay,
                                     events: { events.append($0); printer.handle($0) })
        let run = try runner.startRun()
        let outcome = try await runner.run(run)
        #expect(outcome.failedBuilds == 0)
        // The builder itself got the real values.
        let builds = replay.commands.filter { $0.arguments.first == "build" }
        #expect(builds.first?.arguments.contains("API_TOKEN=s3cr3t-from-env-42") == true)

        let dump = try runProgram("/usr/bin/sqlite3", [database, ".dump"])
        #expect(dump.status == 0)
        #expect(dump.output.contains("API_TOKEN=***"))
        #expect(dump.output.contains("KEY_SERVER=keys.example.org"))
        let analysis = RunAnalysis(run: try store.run(id: outcome.runId), builds: try store.builds(runId: outcome.runId))
        var outputs = ["sqlite3 .dump": dump.output, "progress": printed.values.joined()]
        for format in OutputFormat.allCases { outputs[format.rawValue] = format.renderer.render(analysis) }
        for ci in CISystem.allCases {
            outputs["recommend \(ci.rawValue)"] = RecommendationReport(ci: ci).render(Recommendation(analysis: analysis))
        }
        outputs["events"] = events.values.map { "\($0)" }.joined(separator: "\n")
        #expect(outputs["recommend bash"]?.contains("--build-arg API_TOKEN --build-arg DB_PASSWORD") == true)
        // Reports print the command as a user would type it: docker reads a value-less `--build-arg NAME` from the environment.
        #expect(outputs["md"]?.contains("--build-arg API_TOKEN --build-arg DB_PASSWORD --build-arg 'GREETING=hello world'") == true)
        #expect(outputs["json"]?.contains("API_TOKEN=***") == true)
        for (name, text) in outputs {
            for secret in Self.secrets { #expect(!text.contains(secret), "\(secret) in \(name)") }
        }
    }
}

/// Runs a program and returns its exit code and output.
func runProgram(_ path: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

@Suite struct OwnedFilesTests {
    @Test(.enabled(if: geteuid() == 0, "needs root to give files away"))
    func onlyFilesCreatedAfterExpectAreHandedOver() throws {
        let scratch = try Scratch()
        let existing = try scratch.write("existing.sqlite", "x")
        let created = scratch.url.appendingPathComponent(".cachebench/results.sqlite")
        var owned = OwnedFiles(environment: ["SUDO_UID": "12345", "SUDO_GID": "23456"], isRoot: true)
        owned.expect(creating: created.path)
        owned.expect([existing.path])
        try scratch.write(".cachebench/results.sqlite", "db")
        owned.handOver()
        func owner(_ url: URL) throws -> [Int] {
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            return [(attributes[.ownerAccountID] as? NSNumber)?.intValue ?? -1, (attributes[.groupOwnerAccountID] as? NSNumber)?.intValue ?? -1]
        }
        #expect(try owner(created) == [12345, 23456])
        #expect(try owner(created.deletingLastPathComponent()) == [12345, 23456])
        #expect(try owner(existing) == [0, 0])
        #expect(try owner(scratch.url) == [0, 0])
    }

    @Test func createdFilesArePrivateOthersUntouched() throws {
        let scratch = try Scratch()
        let existing = try scratch.write("existing.sqlite", "x")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: existing.path)
        var owned = OwnedFiles(environment: [:], isRoot: false)
        owned.expect(creating: scratch.url.appendingPathComponent(".cachebench/results.sqlite").path)
        owned.expect([existing.path])
        try scratch.write(".cachebench/results.sqlite", "db")
        owned.handOver()
        func mode(_ relative: String) throws -> Int {
            try (FileManager.default.attributesOfItem(atPath: scratch.url.appendingPathComponent(relative).path)[.posixPermissions]
                as? NSNumber)?.intValue ?? -1
        }
        #expect(try mode(".cachebench") == 0o700)
        #expect(try mode(".cachebench/results.sqlite") == 0o600)
        #expect(try mode("existing.sqlite") == 0o644)
    }
}
