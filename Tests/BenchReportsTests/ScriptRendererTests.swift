import BenchAnalysis
@testable import BenchReports
@testable import BenchRunner
import BuildEngine
import Foundation
import ResultStore
import Testing
import Yams

/// The commands a build runs and the script a user pastes come from one renderer: run the pasted script, as each CI
/// system would run it, against a stub `docker`/`buildah`, and it makes exactly the calls the build made.
@Suite struct ScriptRendererTests {
    static let image = "registry.example.com/team/app"
    static func renderer(_ strategy: Strategy) -> ScriptRenderer {
        ScriptRenderer(strategy: strategy, cacheStages: ["compile-image"], finalTarget: "runtime-image",
                       buildArgs: [.init(name: "VERSION", value: "1 2"), .init(name: "TOKEN", value: "s3cret", secret: true)])
    }

    /// What the build ran, with the pasted script's paths (context `.`, `Dockerfile`, `.buildx-cache`); the secret's
    /// value is read by the client from the environment (`--build-arg TOKEN`), the CI cache copies are left to CI.
    static func ran(_ renderer: ScriptRenderer) -> [[String]] {
        renderer.commands(image: image, context: ".", dockerfile: "Dockerfile", cacheDirectory: ScriptRenderer.userCacheDirectory)
            .filter { $0.kind != .restore && $0.kind != .save }
            .map { [renderer.strategy.builder.program] + $0.arguments.map { $0 == "TOKEN=s3cret" ? "TOKEN" : $0 } }
    }

    /// The script text as `ci` runs it: the whole bash file, GitHub's `run:` block, GitLab's one `script:` entry.
    static func text(_ script: ShellScript, ci: CISystem) throws -> String {
        let wrapped = RecommendationReport().wrap(script, strategy: "s", ci: ci)
        switch ci {
        case .bash: return wrapped
        case .github: return try #require((try Yams.load(yaml: wrapped) as? [[String: Any]])?.first?["run"] as? String)
        case .gitlab:
            let job = try #require((try Yams.load(yaml: wrapped) as? [String: Any])?["build-image"] as? [String: Any])
            return try #require((job["script"] as? [String])?.first)
        }
    }

    @Test(arguments: Strategy.builtIn.flatMap { [$0, $0.resolved(buildKitIsDefault: true)] }, CISystem.allCases)
    func pastedScriptMakesTheCallsTheBuildMade(strategy: Strategy, ci: CISystem) throws {
        let renderer = Self.renderer(strategy)
        let script = renderer.buildScript(label: strategy.id, runId: 1, dockerfile: "Dockerfile").script
        let calls = try StubClients.run(try Self.text(script, ci: ci),
                                        environment: ["IMAGE": Self.image.uppercased(), "TOKEN": "s3cret"])
        #expect(calls == Self.ran(renderer), "\(strategy.id) on \(ci)")
        #expect(script.exports.map { $0.value } == (renderer.dockerBuildKit.map { [$0] } ?? []))
    }

    /// Every built-in strategy's pasted script, with a secret and a spaced build arg, is clean to shellcheck as bash and sh.
    @Test(arguments: Strategy.builtIn, ["bash", "sh"])
    func shellcheckReportsNothing(strategy: Strategy, dialect: String) throws {
        let shellcheck = "/usr/bin/shellcheck"
        try #require(FileManager.default.isExecutableFile(atPath: shellcheck), "apt-get install -y shellcheck")
        let script = Self.renderer(strategy).buildScript(label: strategy.id, runId: 1, dockerfile: "docker/Dockerfile").script
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cbs-\(UUID().uuidString).sh")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(script.bash.utf8).write(to: file)
        let result = try runProgram(shellcheck, ["-s", dialect, file.path])
        #expect(result.status == 0 && result.output == "", "\(strategy.id): \(result.output)")
    }

    /// One phase command per rendered line, in order: the reports' per-phase table lines up with the stored phases.
    @Test(arguments: Strategy.builtIn)
    func onePhaseCommandPerCommand(strategy: Strategy) {
        let renderer = Self.renderer(strategy)
        let stored = renderer.buildScript(label: strategy.id, runId: 1, dockerfile: "Dockerfile")
        let commands = renderer.commands(image: "i", context: "/c", dockerfile: "/d", cacheDirectory: "/cache")
        #expect(stored.phaseCommands.count == commands.count)
        for (command, shown) in zip(commands, stored.phaseCommands) where command.kind != .restore && command.kind != .save {
            #expect(shown.hasPrefix("\(strategy.builder.program) \(command.arguments[0])"))
        }
    }

    /// Build args go right after the template's `build` word, for `docker build`, `docker buildx build` and `buildah build`.
    @Test func buildArgsFollowTheSubcommand() throws {
        let commands = try ["naive", "registry-max", "buildah-layers"].map { id in
            Self.renderer(try #require(Strategy.named(id))).commands(image: "i", context: "c", dockerfile: "d", cacheDirectory: "x")
                .first { $0.kind == .build }!.arguments
        }
        #expect(commands[0].prefix(5) == ["build", "--build-arg", "TOKEN=s3cret", "--build-arg", "VERSION=1 2"])
        #expect(commands[1].prefix(6) == ["buildx", "build", "--build-arg", "TOKEN=s3cret", "--build-arg", "VERSION=1 2"])
        #expect(commands[2].prefix(5) == ["build", "--build-arg", "TOKEN=s3cret", "--build-arg", "VERSION=1 2"])
        // A pull or push takes no build args.
        let naive = Self.renderer(try #require(Strategy.named("naive"))).commands(image: "i", context: "c", dockerfile: "d", cacheDirectory: "x")
        #expect(naive.filter { $0.kind != .build }.allSatisfy { !$0.arguments.contains("--build-arg") })
    }

    /// buildah's cache repository keeps its suffix: `$IMAGE-cache`, not a mangled image path.
    @Test func buildahCacheRepositoryKeepsItsSuffix() throws {
        let bash = Self.renderer(try #require(Strategy.named("buildah-layers")))
            .buildScript(label: "buildah-layers", runId: 1, dockerfile: "Dockerfile").script.bash
        #expect(bash.contains(#"--cache-from "$IMAGE-cache" --cache-to "$IMAGE-cache" -t "$IMAGE:latest""#), "\(bash)")
    }

    /// What a build stores decodes back to the same script; a damaged one is an error naming its row.
    @Test func storedScriptRoundTripsAndADamagedOneNamesItsRow() throws {
        let stored = Self.renderer(try #require(Strategy.named("inline-per-stage")))
            .buildScript(label: "inline-per-stage", runId: 4, dockerfile: "Dockerfile")
        #expect(try BuildScript.decode(stored.json, row: 1) == stored)
        #expect(throws: StoredScriptError.self) { try BuildScript.decode(#"{"script":{}}"#, row: 12) }
        do {
            _ = try BuildScript.decode("[1]", row: 12)
        } catch {
            #expect(error.localizedDescription.contains("build 12"))
        }
        var build = BuildRecord(id: 12, runId: 4, strategy: "naive", scenario: "cold", iteration: 1, chainPosition: 0,
                                status: .ok, wallSeconds: 1)
        build.script = "not json"
        let run = RunRecord(id: 4, project: "/p", dockerfile: "FROM x", engineVersions: [:], options: [:])
        #expect(throws: StoredScriptError.self) { try StoredScripts.filled([BuildDetail(build: build, phases: [], steps: [])], run: run) }
    }
}

/// Stub `docker` and `buildah` that record each call's argv, NUL-separated, one file per call.
enum StubClients {
    static func run(_ script: String, environment: [String: String]) throws -> [[String]] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cbs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let bin = dir.appendingPathComponent("bin"), calls = dir.appendingPathComponent("calls")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: calls, withIntermediateDirectories: true)
        for program in ["docker", "buildah"] {
            try installExecutable("#!/bin/sh\nn=$(ls \"$CALLS\" | wc -l)\nprintf '%s\\0' \"$0\" \"$@\" > \"$CALLS/$n\"\n",
                                  at: bin.appendingPathComponent(program))
        }
        let file = dir.appendingPathComponent("script.sh")
        try Data(script.utf8).write(to: file)
        let result = try runProgram("/bin/bash", [file.path],
                                    environment: environment.merging(["PATH": "\(bin.path):/usr/bin:/bin", "CALLS": calls.path]) { $1 },
                                    in: dir)
        try #require(result.status == 0, "\(result.output)")
        let count = try FileManager.default.contentsOfDirectory(atPath: calls.path).count
        return try (0..<count).map { index in
            let words = String(decoding: try Data(contentsOf: calls.appendingPathComponent(String(index))), as: UTF8.self)
                .split(separator: "\0", omittingEmptySubsequences: false).dropLast().map(String.init)
            return [(words[0] as NSString).lastPathComponent] + words.dropFirst()
        }
    }
}
