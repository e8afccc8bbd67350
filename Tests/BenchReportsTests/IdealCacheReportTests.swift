import BenchAnalysis
@testable import BenchReports
import Foundation
import ResultStore
import Testing

/// Missed-step causes, model errors and "depends on content" in every report format.
@Suite struct IdealCacheReportTests {
    static func step(_ ordinal: Int, _ stage: String, _ index: Int, _ instruction: String, cached: Bool, state: IdealState,
                     seconds: Double, cause: String? = nil) -> StepRecord {
        var record = StepRecord(ordinal: ordinal, stage: stage, stepIndex: index, stepOf: nil, instruction: instruction,
                                cached: cached, seconds: seconds, ideallyCached: state.ideallyCached)
        record.idealState = state
        record.missCause = cause
        return record
    }

    /// naive on source-change, as the hello-c logs show it: the apt steps missed (never pushed), the compile
    /// steps rebuilt as they must, the runtime COPY --from undecided; and one made-up model error.
    static let analysis: RunAnalysis = {
        let build = BuildRecord(id: 1, runId: 3, strategy: "naive", scenario: "source-change", iteration: 1, chainPosition: 1,
                                status: .ok, wallSeconds: 20, engineStartupSeconds: 1, error: nil, startedAt: Sample.started)
        let never = "stage never pushed (naive pushes only :latest)"
        let earlier = "invalidated by an earlier step of the same stage that missed"
        let steps = [
            step(0, "compile-image", 2, "RUN apt-get update", cached: false, state: .cached, seconds: 2.5, cause: never),
            step(1, "compile-image", 3, "RUN apt-get install -y gcc", cached: false, state: .cached, seconds: 9.5, cause: earlier),
            step(2, "compile-image", 4, "WORKDIR /root", cached: true, state: .rebuild, seconds: 0),
            step(3, "compile-image", 5, "COPY hello.c .", cached: false, state: .rebuild, seconds: 0.1),
            step(4, "runtime-image", 2, "COPY --from=compile-image /root/helloworld .", cached: false,
                 state: .dependsOnContent, seconds: 0.2, cause: "no --cache-from: the legacy builder does not use a pulled image as cache"),
        ]
        return RunAnalysis(run: Sample.run, builds: [BuildDetail(build: build, phases: [], steps: steps)])
    }()

    @Test func textNamesCausesModelErrorsAndUndecidedSteps() {
        let text = TextReport().render(Self.analysis)
        #expect(text.contains("model errors: 1 step(s) served from cache that the ideal cache said must rebuild"))
        #expect(text.contains("naive · source-change · iteration 1: compile-image#4 `WORKDIR /root` was served from cache"))
        // 2.5 s and 9.5 s, one build.
        #expect(text.contains("naive · source-change: 1 step(s) over 1 build(s), 2.5 s: stage never pushed (naive pushes only :latest)"))
        #expect(text.contains("naive · source-change: 1 step(s) over 1 build(s), 9.5 s: invalidated by an earlier step of the same stage that missed"))
        #expect(text.contains("1 rebuilt step(s) copy from a rebuilt stage"))
    }

    @Test func markdownAndHTMLStepTablesCarryTheCause() {
        let markdown = MarkdownReport().render(Self.analysis)
        #expect(markdown.contains("| no | cached **missed: stage never pushed (naive pushes only :latest)** | 2.5 |"))
        #expect(markdown.contains("| yes | rebuild **model error: served from cache, the model said rebuild** |"))
        #expect(markdown.contains("| no | depends on content | 0.2 |"))
        let html = HTMLReport().render(Self.analysis)
        #expect(html.contains("missed: stage never pushed (naive pushes only :latest)"))
    }

    @Test func jsonAndCSVCarryTheCause() throws {
        let text = JSONReport().render(Self.analysis)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let build = try #require((object["builds"] as? [[String: Any]])?.first)
        #expect(build["modelErrors"] as? Int == 1)
        let steps = try #require(build["steps"] as? [[String: Any]])
        #expect(steps[0]["missCause"] as? String == "stage never pushed (naive pushes only :latest)")
        #expect(steps[0]["idealState"] as? String == "cached")
        #expect(steps[2]["modelError"] as? Bool == true)
        #expect(steps[4]["idealState"] as? String == "depends-on-content")
        let csv = CSVReport().render(Self.analysis)
        #expect(csv.contains(",1,1× stage never pushed (naive pushes only :latest); 1× invalidated by an earlier step of the same stage that missed,"))
    }
}
