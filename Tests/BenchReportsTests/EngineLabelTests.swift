import BenchAnalysis
@testable import BenchReports
import BenchRunner
import Foundation
import ResultStore
import Testing

/// A run on two engines groups by strategy and engine; the `local` script names the user's cache dir.
@Suite struct EngineLabelTests {
    static func build(_ strategy: String, engine: String?, seconds: Double) -> BuildDetail {
        BuildDetail(build: BuildRecord(runId: 1, strategy: strategy, scenario: "cold", iteration: 1, chainPosition: 0, status: .ok,
                                       wallSeconds: seconds, engine: engine), phases: [], steps: [])
    }

    static let run = RunRecord(id: 1, project: "/p", dockerfile: "FROM x", engineVersions: [:],
                               options: ["strategies":"naive,registry-max"])

    @Test func twoEnginesMakeOneCellPerStrategyAndEngine() {
        let analysis = RunAnalysis(run: Self.run, builds: [
            Self.build("registry-max", engine: "docker-26.1", seconds: 12),
            Self.build("naive", engine: "docker-26.1", seconds: 20),
            Self.build("naive", engine: "docker-20.10", seconds: 30),
            Self.build("registry-max", engine: "docker-20.10", seconds: 0),
        ])
        // Listed order of the strategies, each strategy's engines in the order they ran.
        #expect(analysis.strategies == ["naive@docker-26.1", "naive@docker-20.10", "registry-max@docker-26.1", "registry-max@docker-20.10"])
        #expect(analysis.cell("naive@docker-20.10", "cold")?.wall?.mean == 30)
        #expect(RunAnalysis.strategyID(of: "registry-max@docker-26.1") == "registry-max")
    }

    @Test func oneEngineKeepsPlainStrategyNames() {
        let analysis = RunAnalysis(run: Self.run, builds: [Self.build("naive", engine: "docker-26.1", seconds: 20),
                                                           Self.build("naive", engine: nil, seconds: 21)])
        #expect(analysis.strategies == ["naive"])
    }

    @Test func restoreAndSavePhasesAreLeftToTheCISystem() throws {
        let phases = [
            PhaseRecord(ordinal: 0, kind: .restore, argv: ["cp","-a","/w/ci-cache-store","/w/ci-cache-runner"], wallSeconds: 1, exitCode: 0, output: ""),
            PhaseRecord(ordinal: 1, kind: .build, argv: ["/e/docker","buildx","build","--cache-from","type=local,src=/w/ci-cache-runner","-t","127.0.0.1:5000/r1-i1/local/app:latest","--push","-f","/w/context/Dockerfile","/w/context"],
                        wallSeconds: 9, exitCode: 0, output: ""),
            PhaseRecord(ordinal: 2, kind: .save, argv: ["cp","-a","/w/ci-cache-runner","/w/ci-cache-store"], wallSeconds: 1, exitCode: 0, output: ""),
        ]
        var detail = Self.build("local", engine: "docker-26.1", seconds: 11)
        detail.phases = phases
        let run = RunRecord(id: 1, project: "/p", dockerfile: "FROM x", engineVersions: [:], options: ["image": "app"])
        let analysis = RunAnalysis(run: run, builds: try StoredScripts.filled([detail], run: run))
        let script = try #require(CIScript.script(strategy: "local", analysis: analysis))
        #expect(script.contains("docker buildx build --progress=plain --cache-from type=local,src=.buildx-cache "
                                + "--cache-to type=local,dest=.buildx-cache,mode=max -t \"$IMAGE:latest\" --push -f Dockerfile ."), "\(script)")
        // The reports' per-phase commands: the CI cache steps by name, never the runner's private copy.
        #expect(detail.phases.map { CIScript.commandLine($0, build: analysis.builds[0]) }.first == "restore .buildx-cache")
        #expect(script.contains("# Before: restore .buildx-cache from your CI cache"))
        #expect(!script.contains("cp -a"))
    }
}

/// The chart of a run on two engines has up to twice as many labels: its legend wraps instead of running off the chart.
@Suite struct ChartLegendTests {
    @Test func legendWrapsAtTheRightEdgeAndKeepsEveryLabel() {
        let labels = ["naive", "per-stage", "inline"].flatMap { ["\($0)@docker-26.1", "\($0)@docker-20.10"] } + ["registry-max@docker-26.1"]
        let legend = HTMLReport.legendRows(labels, from: 56, to: 400)
        #expect(legend.places.count == labels.count)
        #expect(legend.rows > 1)
        for (place, label) in zip(legend.places, labels) {
            #expect(place.x + 16 + Double(label.count) * 7.5 <= 400 + 8, "\(label) runs past the edge")
        }
        // Rows fill left to right: a new row starts back at the left edge.
        #expect(legend.places.filter { $0.x == 56 }.count == legend.rows)
        // A short legend stays on one row.
        #expect(HTMLReport.legendRows(["naive", "inline"], from: 56, to: 944).rows == 1)
    }
}
