import BenchAnalysis
@testable import BenchReports
import BenchRunner
import BuildEngine
import Foundation
import ResultStore
import Testing
import Yams

/// A run whose stored argv carries every character a shell or YAML could misread, and the scripts printed from it.
enum HostileRun {
    /// Spaces, `$()`, backticks, `;`, `#`, both quotes, a backslash, a tab, a newline, a glob, braces, a tilde,
    /// a GitHub expression and unicode. Each `touch` leaves a file behind if a shell ever runs it.
    static let note = "x $(touch pwned1) `touch pwned2` ; touch pwned3 # 'single' \"double\" \\ \ttab\nnewline ünïcödé ☃ {a,b} ~ * ${{ secrets.X }}"
    static let dockerfile = "my dir/Docker file;$(touch pwned4)'\""

    static let run = RunRecord(id: 9, startedAt: Date(timeIntervalSince1970: 1_800_000_000), status: .completed,
                               project: "/p/app", dockerfile: "FROM x\n", engineVersions: [:],
                               options: ["dockerfile": dockerfile, "image": "app"],
                               host: "ci")

    static func analysis() -> RunAnalysis {
        let image = "127.0.0.1:5000/r9-i1/inline/app"
        let lines: [(PhaseKind, [String])] = [
            (.build, ["build", "--build-arg", "NOTE=\(note)", "--build-arg", "TOKEN=***", "--progress=plain",
                       "--build-arg", "BUILDKIT_INLINE_CACHE=1", "--cache-from", "\(image):latest", "-t", "\(image):latest", "-f", "/tmp/cb/work/i1-inline/context/x",
                       "/tmp/cb/work/i1-inline/context"]),
            (.push, ["push", "\(image):latest"]),
        ]
        let phases = lines.enumerated().map { i, line in
            PhaseRecord(id: Int64(i + 1), buildId: 1, ordinal: i, kind: line.0, argv: ["/usr/bin/docker"] + line.1,
                        environment: ["DOCKER_BUILDKIT":"1"], wallSeconds: 1, exitCode: 0, output: "")
        }
        let build = BuildRecord(id: 1, runId: 9, strategy: "inline", scenario: "cold", iteration: 1, chainPosition: 0,
                                status: .ok, wallSeconds: 2, startedAt: run.startedAt)
        // Stored before runs kept their scripts: the script is re-rendered from the strategy, with these build args.
        return RunAnalysis(run: run, builds: try! StoredScripts.filled([BuildDetail(build: build, phases: phases, steps: [])], run: run))
    }

    /// The argv each docker call must receive, written out by hand: IMAGE lowercased, the secret read from the
    /// environment by docker itself (`--build-arg TOKEN`), every other word exactly as stored.
    static let expectedCalls: [[String]] = [
        ["build", "--build-arg", "NOTE=\(note)", "--build-arg", "TOKEN", "--progress=plain",
         "--build-arg", "BUILDKIT_INLINE_CACHE=1", "--cache-from", "registry.example.com/team/app:latest", "-t", "registry.example.com/team/app:latest",
         "-f", dockerfile, "."],
        ["push", "registry.example.com/team/app:latest"],
    ]
}

/// Runs a program and returns its exit code and output.
func runProgram(_ path: String, _ arguments: [String], environment: [String: String]? = nil, in directory: URL? = nil)
    throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    if let environment { process.environment = environment }
    if let directory { process.currentDirectoryURL = directory }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// Writes an executable the tests run. `cp` writes it, in a child of its own: a file this process wrote could still be
/// open for writing in a child another test forked meanwhile, and running it would then fail with "Text file busy".
func installExecutable(_ text: String, at url: URL) throws {
    let source = url.appendingPathExtension("source")
    try Data(text.utf8).write(to: source)
    let copied = try runProgram("/bin/cp", [source.path, url.path])
    guard copied.status == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path]) }
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
}

@Suite struct HostileScriptTests {
    let script = CIScript.shellScript(strategy: "inline", analysis: HostileRun.analysis())!

    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cbs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func bashAcceptsIt() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("script.sh")
        try Data(script.bash.utf8).write(to: file)
        let result = try runProgram("/bin/bash", ["-n", file.path])
        #expect(result.status == 0, "\(result.output)")
    }

    @Test(arguments: ["bash", "sh"])
    func shellcheckReportsNothing(dialect: String) throws {
        let shellcheck = "/usr/bin/shellcheck"
        try #require(FileManager.default.isExecutableFile(atPath: shellcheck), "apt-get install -y shellcheck")
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("script.sh")
        try Data(script.bash.utf8).write(to: file)
        let result = try runProgram(shellcheck, ["-s", dialect, file.path])
        #expect(result.status == 0)
        #expect(result.output == "")
    }

    /// Runs the script against a stub `docker` that records each call's argv, NUL-separated, in its own file.
    @Test func everyArgumentArrivesIntactAndNothingElseRuns() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bin = dir.appendingPathComponent("bin")
        let calls = dir.appendingPathComponent("calls")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: calls, withIntermediateDirectories: true)
        let stub = bin.appendingPathComponent("docker")
        try installExecutable("""
        #!/bin/sh
        n=$(ls "$CALLS" | wc -l)
        printf '%s\\0' "$@" > "$CALLS/$n"

        """, at: stub)
        let file = dir.appendingPathComponent("script.sh")
        try Data(script.bash.utf8).write(to: file)
        let environment = ["PATH": "\(bin.path):/usr/bin:/bin", "CALLS": calls.path,
                           "IMAGE": "Registry.Example.com/Team/App", "TOKEN": "s3cret"]
        let result = try runProgram("/bin/bash", [file.path], environment: environment, in: dir)
        #expect(result.status == 0, "\(result.output)")
        var recorded: [[String]] = []
        for index in 0..<HostileRun.expectedCalls.count {
            let data = try Data(contentsOf: calls.appendingPathComponent(String(index)))
            recorded.append(String(decoding: data, as: UTF8.self).split(separator: "\0", omittingEmptySubsequences: false)
                .dropLast().map(String.init))
        }
        #expect(recorded == HostileRun.expectedCalls)
        #expect(try FileManager.default.contentsOfDirectory(atPath: calls.path).count == HostileRun.expectedCalls.count)
        for marker in ["pwned1", "pwned2", "pwned3", "pwned4"] {
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent(marker).path), "\(marker) ran")
        }
    }

    @Test func githubStepParsesBackAndRunsTheScript() throws {
        let yaml = RecommendationReport().wrap(script, strategy: "inline", ci: .github)
        let steps = try #require(try Yams.load(yaml: yaml) as? [[String: Any]])
        #expect(steps.count == 1)
        let step = steps[0]
        #expect(Set(step.keys) == ["name", "shell", "env", "run"])
        #expect(step["run"] as? String == script.bash)
        #expect(step["shell"] as? String == "bash")
        let env = try #require(step["env"] as? [String: String])
        #expect(env == ["IMAGE": "ghcr.io/${{ github.repository }}", "TOKEN": "${{ secrets.TOKEN }}"])
        // Actions would evaluate a `${{` in the run text before bash sees it.
        #expect(!script.bash.contains("${{"))
    }

    @Test func gitlabJobParsesBackLogsInThroughStdinAndRunsTheScript() throws {
        let yaml = RecommendationReport().wrap(script, strategy: "inline", ci: .gitlab)
        let document = try #require(try Yams.load(yaml: yaml) as? [String: Any])
        #expect(Array(document.keys) == ["build-image"])
        let job = try #require(document["build-image"] as? [String: Any])
        #expect(Set(job.keys) == ["variables", "before_script", "script"])
        #expect(job["script"] as? [String] == [script.bash])
        let login = try #require((job["before_script"] as? [String])?.first)
        #expect(login.contains("--password-stdin"))
        #expect(!login.contains(" -p "))
        #expect(!login.contains("--password "))
    }

    @Test func bashWrapIsTheScript() {
        #expect(RecommendationReport().wrap(script, strategy: "inline", ci: .bash) == script.bash)
    }

    @Test func secretIsTakenFromTheEnvironment() {
        #expect(script.bash.contains(": \"${TOKEN:?set TOKEN, a secret build arg}\"\nexport TOKEN\n"))
        #expect(script.bash.contains(" --build-arg TOKEN "))
        #expect(!script.bash.contains("***"))
    }
}

@Suite struct ShellWordTests {
    // Hand-written expectations: POSIX single quotes, `'` as `'\''`, `$IMAGE` in double quotes.
    @Test func rendering() {
        #expect(ShellWord("plain-word_1.0:x=y,z@a%b+c/d").rendered == "plain-word_1.0:x=y,z@a%b+c/d")
        #expect(ShellWord("").rendered == "''")
        #expect(ShellWord("it's").rendered == #"'it'\''s'"#)
        #expect(ShellWord("a b").rendered == "'a b'")
        #expect(ShellWord("type=registry,ref=", variable: "IMAGE", ":buildcache,mode=max")?.rendered
            == #"type=registry,ref="$IMAGE:buildcache,mode=max""#)
        #expect(ShellWord("", variable: "IMAGE", "_x")?.rendered == #""${IMAGE}_x""#)
        #expect(ShellWord("", variable: "IMAGE", ":a b")?.rendered == #""$IMAGE"':a b'"#)
        #expect(ShellWord("", variable: "NOT A NAME", "") == nil)
        #expect(ShellWord("${{ x }}").rendered == "'$''{{ x }}'")
        #expect(ShellWord("$(id) `id`").rendered == #"'$''(id) `''id`'''"#)
        #expect(ShellWord("a\nb").rendered == "'a'\"\n\"'b'")
    }
}
