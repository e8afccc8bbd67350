@testable import BenchAnalysis
import Foundation
import ResultStore
import Testing

/// "The change broke the build": every strategy failed at one chain position after a chain that worked.
@Suite struct ScenarioErrorTests {
    static let run = RunRecord(id: 1, startedAt: Date(timeIntervalSince1970: 0), status: .failed, project: "/p", dockerfile: "",
                               engineVersions: [:], options: [:], host: "h")

    static func build(_ strategy: String, _ scenario: String, position: Int, status: BuildStatus, iteration: Int = 1) -> BuildDetail {
        BuildDetail(build: BuildRecord(runId: 1, strategy: strategy, scenario: scenario, iteration: iteration,
                                       chainPosition: position, status: status, wallSeconds: 5,
                                       error: status == .failed ? "xargs: apt-get: exited with status 255" : nil),
                    phases: [], steps: [])
    }

    @Test func everyStrategyFailingAfterAWorkingChainIsTheScenarios() {
        let analysis = RunAnalysis(run: Self.run, builds: [
            Self.build("none", "cold", position: 0, status: .ok),
            Self.build("naive", "cold", position: 0, status: .ok),
            Self.build("none", "dependency-change", position: 1, status: .failed),
            Self.build("naive", "dependency-change", position: 1, status: .failed),
        ])
        #expect(analysis.scenarioErrors == [ScenarioError(scenario: "dependency-change", iteration: 1, chainPosition: 1,
                                                          strategies: ["none", "naive"], controlFailed: true,
                                                          error: "xargs: apt-get: exited with status 255")])
    }

    @Test func aScenarioErrorIsNoStrategysFailure() {
        let analysis = RunAnalysis(run: Self.run, builds: [
            Self.build("none", "cold", position: 0, status: .ok),
            Self.build("naive", "cold", position: 0, status: .ok),
            Self.build("none", "dependency-change", position: 1, status: .failed),
            Self.build("naive", "dependency-change", position: 1, status: .failed),
            Self.build("none", "cold", position: 0, status: .ok, iteration: 2),
            Self.build("naive", "cold", position: 0, status: .ok, iteration: 2),
            Self.build("none", "dependency-change", position: 1, status: .ok, iteration: 2),
            Self.build("naive", "dependency-change", position: 1, status: .ok, iteration: 2),
        ])
        // Iteration 1's change broke both builds: the cells count them as builds, but charge neither strategy.
        #expect(analysis.cell("naive", "dependency-change")?.failed == 0)
        #expect(analysis.cell("naive", "dependency-change")?.builds == 2)
        #expect(analysis.failedBuilds == 2)
        let recommendation = Recommendation(analysis: analysis, weights: ["dependency-change": 1])
        #expect(recommendation.ranking.map(\.strategy).sorted() == ["naive", "none"])
        #expect(recommendation.ranking.allSatisfy { $0.failedBuilds == 0 })
    }

    @Test func oneStrategyWorkingOrABrokenChainIsNot() {
        let oneWorked = RunAnalysis(run: Self.run, builds: [
            Self.build("none", "cold", position: 0, status: .ok), Self.build("naive", "cold", position: 0, status: .ok),
            Self.build("none", "source-change", position: 1, status: .ok),
            Self.build("naive", "source-change", position: 1, status: .failed),
        ])
        #expect(oneWorked.scenarioErrors.isEmpty)
        let brokenBefore = RunAnalysis(run: Self.run, builds: [
            Self.build("none", "cold", position: 0, status: .failed), Self.build("naive", "cold", position: 0, status: .ok),
            Self.build("none", "source-change", position: 1, status: .failed),
            Self.build("naive", "source-change", position: 1, status: .failed),
        ])
        #expect(brokenBefore.scenarioErrors.isEmpty)
        let unchanged = RunAnalysis(run: Self.run, builds: [
            Self.build("none", "cold", position: 0, status: .ok), Self.build("naive", "cold", position: 0, status: .ok),
            Self.build("none", "no-change", position: 1, status: .failed),
            Self.build("naive", "no-change", position: 1, status: .failed),
        ])
        #expect(unchanged.scenarioErrors.isEmpty)
    }
}
