import BenchAnalysis
@testable import BenchReports
import BenchRunner
import Foundation
import ResultStore
import Testing

/// A small hand-built run 7: naive (two iterations of cold, one source-change) and per-stage
/// (cold ok, source-change failed), with the phases cachebench would have stored.
enum Sample {
    static let started = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15T08:00:00Z

    static let run = RunRecord(id: 7, startedAt: started, status: .failed, project: "/p/hello-c",
                               dockerfile: "FROM x\n", engineVersions: ["dockerd": "20.10.24+dfsg1"],
                               options: ["cacheStages": "compile-image", "dockerfile": "Dockerfile", "strategies": "naive,per-stage"],
                               host: "ci-1")

    static func phases(strategy: String, iteration: Int) -> [PhaseRecord] {
        let image = "127.0.0.1:5000/r7-i\(iteration)/\(strategy)/hello-c"
        let ctx = "/tmp/cb/work/i\(iteration)-\(strategy)/context"
        let env = ["DOCKER_BUILDKIT": "0", "DOCKER_HOST": "unix:///tmp/cb-1/sock"]
        let lines: [(PhaseKind, [String], Int)]
        if strategy == "naive" {
            lines = [(.pull, ["pull", "\(image):latest"], 1),
                     (.build, ["build", "-t", "\(image):latest", "-f", "\(ctx)/Dockerfile", ctx], 0),
                     (.push, ["push", "\(image):latest"], 0)]
        } else {
            let cacheFrom = ["--cache-from", "\(image):compile-image", "--cache-from", "\(image):latest"]
            lines = [(.pull, ["pull", "\(image):compile-image"], 1),
                     (.pull, ["pull", "\(image):latest"], 1),
                     (.build, ["build", "--target", "compile-image"] + cacheFrom
                         + ["-t", "\(image):compile-image", "-f", "/tmp/cb/work/i1-per-stage/Dockerfile.named", ctx], 0),
                     (.build, ["build"] + cacheFrom + ["-t", "\(image):latest", "-f", "/tmp/cb/work/i1-per-stage/Dockerfile.named", ctx], 0),
                     (.push, ["push", "\(image):compile-image"], 0),
                     (.push, ["push", "\(image):latest"], 0)]
        }
        return lines.enumerated().map { i, line in
            PhaseRecord(id: Int64(i + 1), buildId: 1, ordinal: i, kind: line.0, argv: ["/usr/bin/docker"] + line.1,
                        environment: env, wallSeconds: Double(i) + 0.5, exitCode: line.2, output: "")
        }
    }

    static func detail(_ strategy: String, _ scenario: String, iteration: Int, position: Int, status: BuildStatus = .ok,
                       wall: Double, cached: [Bool], error: String? = nil) -> BuildDetail {
        let build = BuildRecord(id: Int64(iteration * 10 + position), runId: 7, strategy: strategy, scenario: scenario,
                                iteration: iteration, chainPosition: position, status: status, wallSeconds: wall,
                                engineStartupSeconds: 1.5, error: error, startedAt: started)
        var steps = [StepRecord(ordinal: 0, stage: "compile-image", stepIndex: 1, stepOf: nil,
                                instruction: "FROM debian:bookworm-slim AS compile-image", cached: false, seconds: nil)]
        for (i, isCached) in cached.enumerated() {
            steps.append(StepRecord(ordinal: i + 1, stage: "compile-image", stepIndex: i + 2, stepOf: nil,
                                    instruction: i == 0 ? "RUN apt-get update" : "RUN gcc -o helloworld hello.c",
                                    cached: isCached, seconds: isCached ? 0 : 2.25))
        }
        return BuildDetail(build: build, phases: phases(strategy: strategy, iteration: iteration), steps: steps)
    }

    /// Stored as a run before runs kept their scripts: each build's script is re-rendered from its strategy.
    static let analysis = RunAnalysis(run: run, builds: try! StoredScripts.filled([
        detail("naive", "cold", iteration: 1, position: 0, wall: 10, cached: [false, false]),
        detail("per-stage", "cold", iteration: 1, position: 0, wall: 20, cached: [false, false]),
        detail("naive", "source-change", iteration: 1, position: 1, wall: 6, cached: [true, false]),
        detail("per-stage", "source-change", iteration: 1, position: 1, status: .failed, wall: 3, cached: [true],
               error: "The command '/bin/sh -c gcc' returned a non-zero code: 3"),
        detail("naive", "cold", iteration: 2, position: 0, wall: 12, cached: [false, false]),
    ], run: run))
}

@Suite struct TextReportTests {
    @Test func goldenOutput() {
        let expected = """
        run 7 · /p/hello-c · 2027-01-15T08:00:00Z · failed · 2 iteration(s)
        wall seconds of each CI run (mean ± 95% CI over iterations) and steps served from cache

        strategy   cold                                   source-change
        naive      11.0 s ± 12.7 (0/2 cached, mean of 2)  6.0 s (1/2 cached)
        per-stage  20.0 s (0/2 cached)                    FAILED

        speedup over naive: ratio of geometric-mean wall times, 95% interval from the difference of mean log times
          per-stage is 1.8x slower than naive on cold (one build on a side: no interval)

        per-stage · source-change: The command '/bin/sh -c gcc' returned a non-zero code: 3

        builders: not recorded (this run was stored by a cachebench that did not record it)

        final image per build: not measured (this run was stored by a cachebench that did not record it)

        cache bytes after each build: not measured (this run was stored by a cachebench that did not record it)

        """
        #expect(TextReport().render(Sample.analysis) == expected)
    }

    @Test func formatChoosesTheRenderer() {
        #expect(OutputFormat.text.renderer is TextReport)
        #expect(OutputFormat.md.renderer is MarkdownReport)
        #expect(OutputFormat.json.renderer is JSONReport)
    }
}

@Suite struct JSONReportTests {
    @Test func documentedShape() throws {
        let text = JSONReport().render(Sample.analysis)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["run", "builds", "speedups"])
        // per-stage cold 20 s against naive's geometric mean √(10·12): ratio 10.954 / 20 = 0.5477, no interval (n = 1).
        let speedups = try #require(object["speedups"] as? [[String: Any]])
        #expect(speedups.count == 1)
        #expect(speedups[0]["strategy"] as? String == "per-stage" && speedups[0]["reference"] as? String == "naive")
        #expect(abs((speedups[0]["ratio"] as? Double ?? 0) - 120.0.squareRoot() / 20) < 1e-12)
        #expect(speedups[0]["low"] == nil)

        let run = try #require(object["run"] as? [String: Any])
        // finishedAt is nil and therefore absent.
        #expect(Set(run.keys) == ["id", "startedAt", "status", "project", "host", "engineVersions", "options"])
        #expect(run["id"] as? Int == 7)
        #expect(run["startedAt"] as? String == "2027-01-15T08:00:00Z")
        #expect(run["status"] as? String == "failed")
        #expect((run["engineVersions"] as? [String: String])?["dockerd"] == "20.10.24+dfsg1")
        #expect((run["options"] as? [String: String])?["dockerfile"] == "Dockerfile")

        let builds = try #require(object["builds"] as? [[String: Any]])
        #expect(builds.count == 5)
        let documented: Set<String> = ["strategy", "scenario", "iteration", "status", "wallSeconds", "steps", "phases"]
        // Beyond the keys JSONReport's doc comment lists, the report also carries these figures.
        let extra: Set<String> = ["chainPosition", "engineStartupSeconds", "cachedSteps", "totalSteps", "missedSteps", "missedSeconds", "bytesPushed", "bytesPulled"]
        for build in builds {
            #expect(documented.isSubset(of: Set(build.keys)))
            #expect(Set(build.keys).subtracting(documented).subtracting(["error"]) == extra)
        }
        let first = builds[0]
        #expect(first["strategy"] as? String == "naive")
        #expect(first["scenario"] as? String == "cold")
        #expect(first["iteration"] as? Int == 1)
        #expect(first["status"] as? String == "ok")
        #expect(first["wallSeconds"] as? Double == 10)
        #expect(first["error"] == nil)

        let steps = try #require(first["steps"] as? [[String: Any]])
        #expect(steps.count == 3)
        #expect(Set(steps[1].keys) == ["stage", "index", "instruction", "cached", "seconds"])
        #expect(steps[1]["stage"] as? String == "compile-image")
        #expect(steps[1]["index"] as? Int == 2)
        #expect(steps[1]["instruction"] as? String == "RUN apt-get update")
        #expect(steps[1]["cached"] as? Bool == false)
        #expect(steps[1]["seconds"] as? Double == 2.25)
        #expect(steps[0]["seconds"] == nil)

        let phases = try #require(first["phases"] as? [[String: Any]])
        #expect(phases.count == 3)
        #expect(Set(phases[0].keys) == ["kind", "argv", "wallSeconds", "exitCode", "layers"])
        #expect(phases[0]["kind"] as? String == "pull")
        #expect(phases[0]["argv"] as? [String] == ["/usr/bin/docker", "pull", "127.0.0.1:5000/r7-i1/naive/hello-c:latest"])
        #expect(phases[0]["exitCode"] as? Int == 1)
        #expect(phases[1]["wallSeconds"] as? Double == 1.5)

        let failed = builds[3]
        #expect(failed["status"] as? String == "failed")
        #expect(failed["error"] as? String == "The command '/bin/sh -c gcc' returned a non-zero code: 3")
    }

    @Test func outputEndsWithANewlineAndSlashesAreNotEscaped() {
        let text = JSONReport().render(Sample.analysis)
        #expect(text.hasSuffix("}\n"))
        #expect(text.contains("\"/p/hello-c\""))
    }
}

@Suite struct MarkdownReportTests {
    @Test func tableProblemsAndScripts() {
        let text = MarkdownReport().render(Sample.analysis)
        #expect(text.hasPrefix("# cachebench: hello-c\n"))
        #expect(text.contains("""
        | strategy | cold | source-change |
        | --- | ---: | ---: |
        | `naive` | 11.0 s ± 12.7<br>0/2 cached, mean of 2 | 6.0 s<br>1/2 cached |
        | `per-stage` | 20.0 s<br>0/2 cached | FAILED |
        """))
        #expect(text.contains("- `per-stage` · source-change: The command '/bin/sh -c gcc' returned a non-zero code: 3"))
        #expect(text.contains("### Speedup over `naive`"))
        #expect(text.contains("- per-stage is 1.8x slower than naive on cold (one build on a side: no interval)"))
        #expect(text.contains("step time only, not the pulls and pushes"))
        #expect(text.contains("""
        ### `naive`

        ```sh
        #!/usr/bin/env bash
        # strategy naive, as cachebench ran it (run 7)
        # IMAGE is your repository, e.g. registry.example.com/team/app
        set -eu
        : "${IMAGE:?set IMAGE to your repository}"
        IMAGE=$(printf '%s' "$IMAGE" | tr '[:upper:]' '[:lower:]')
        export DOCKER_BUILDKIT=0
        docker pull "$IMAGE:latest" || true
        docker build -t "$IMAGE:latest" -f Dockerfile .
        docker push "$IMAGE:latest"
        ```
        """))
        #expect(text.contains("""
        docker build --target compile-image --cache-from "$IMAGE:compile-image" --cache-from "$IMAGE:latest" \
        -t "$IMAGE:compile-image" -f Dockerfile .
        """))
        #expect(text.contains("Engines: dockerd `20.10.24+dfsg1`."))
        #expect(text.contains("| stage | # | instruction | cached | ideal | s |"))
        #expect(text.contains("| compile-image | 3 | `RUN gcc -o helloworld hello.c` | no | - | 2.2 |")
            || text.contains("| compile-image | 3 | `RUN gcc -o helloworld hello.c` | no | - | 2.3 |"))
        #expect(text.contains("### `per-stage` · source-change · iteration 1: 3.0 s, 1/1 cached, pushed 0.0 MB, pulled 0.0 MB by docker pull · **failed**"))
    }
}

@Suite struct CIScriptTests {
    @Test func scriptUsesTheLastSuccessfulBuildAndSkipsStrategiesWithout() throws {
        let script = try #require(CIScript.script(strategy: "per-stage", analysis: Sample.analysis))
        // Shebang, two comments, set -eu, the IMAGE check and its lowercasing, the export, six commands.
        #expect(script.split(separator: "\n").count == 1 + 2 + 1 + 2 + 1 + 6)
        #expect(script.contains("docker pull \"$IMAGE:compile-image\" || true"))
        #expect(CIScript.script(strategy: "inline", analysis: Sample.analysis) == nil)
    }
}

@Suite struct HTMLReportTests {
    @Test func selfContainedPageWithChartAndErrorBars() {
        let html = HTMLReport().render(Sample.analysis)
        #expect(OutputFormat.html.renderer is HTMLReport)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("<script"), "no scripts")
        #expect(!html.contains("src=\"http"), "nothing fetched")
        // One bar per successful cell: naive cold, per-stage cold, naive source-change (per-stage source-change failed).
        #expect(html.components(separatedBy: "<rect x=").count - 1 == 3 + 2)  // + two legend swatches
        // naive cold has two iterations, so exactly one error bar (three lines: stem and two caps).
        #expect(html.components(separatedBy: "stroke=\"#222\"").count - 1 == 3)
        #expect(html.contains("<title>naive · cold: 11.0 s</title>"))
        #expect(html.contains("The command &#39;") || html.contains("The command '/bin/sh -c gcc'"))
        #expect(html.contains("<pre>#!/usr/bin/env bash\n# strategy naive, as cachebench ran it (run 7)"))
    }

    @Test func escapesMarkup() {
        #expect(HTMLReport.escape("<a href=\"x\">&</a>") == "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;")
    }

    @Test(arguments: [(0.4, 0.5), (1.0, 1.0), (13.0, 20.0), (42.8, 50.0), (97.0, 100.0), (120.0, 200.0)])
    func niceCeiling(value: Double, expected: Double) {
        #expect(HTMLReport.niceCeiling(value) == expected)
    }
}

@Suite struct CSVReportTests {
    @Test func oneRowPerBuildWithQuotedErrors() {
        let csv = CSVReport().render(Sample.analysis)
        let rows = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(rows.count == 1 + Sample.analysis.builds.count)
        #expect(rows[0].hasPrefix("run,strategy,scenario,iteration,chain_position,status,wall_seconds"))
        #expect(rows[1].hasPrefix("7,naive,cold,1,0,ok,10.000,"))
        #expect(CSVReport.field("a,b") == "\"a,b\"")
        #expect(CSVReport.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVReport.field("plain") == "plain")
    }
}
