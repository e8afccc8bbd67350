import BenchAnalysis
@testable import BenchReports
import BuildEngine
import Foundation
import ResultStore
import Testing

/// Stored strings with every character Markdown, HTML or CSV could misread, through every format.
enum HostileReport {
    /// A backtick pair, a pipe, a tag, an ampersand, both quotes, `$()`, `;`, `#`, unicode and a newline.
    static let instruction = "RUN echo `date` | tee <b>x</b> & 'q' \"d\" $(id) ; # ü\nnext"
    static let error = "boom | `x` <img src=x onerror=alert(1)>\n# heading, \"quoted\""
    /// A phase kind is a `PhaseKind` case: stored text can no longer reach a report as a kind.
    static let kind = PhaseKind.pull

    static func analysis() -> RunAnalysis {
        let run = RunRecord(id: 3, startedAt: Date(timeIntervalSince1970: 1_800_000_000), status: .failed, project: "/p/<app>",
                            dockerfile: "FROM x\n", engineVersions: ["dockerd": "20.10 `x` | <y>"], options: [:], host: "h|`<b>")
        var build = BuildRecord(id: 1, runId: 3, strategy: "naive", scenario: "cold", iteration: 1, chainPosition: 0,
                                status: .failed, wallSeconds: 2, error: error, startedAt: run.startedAt)
        // The phase's command as the run stored it: a pull of a hostile reference, one quoted word.
        let pull = ShellScript.Line([ShellWord("docker"), ShellWord("pull"), ShellWord("a|b`c")])
        build.script = BuildScript(script: ShellScript(comments: [], requirements: [], exports: [], lines: [pull]),
                                   phaseCommands: [pull.words.map(\.rendered).joined(separator: " ")]).json
        let phase = PhaseRecord(id: 1, buildId: 1, ordinal: 0, kind: kind, argv: ["/usr/bin/docker", "pull", "a|b`c"],
                                environment: [:], wallSeconds: 1, exitCode: 1, output: "")
        let step = StepRecord(ordinal: 0, stage: "s|<t>", stepIndex: 2, stepOf: nil, instruction: instruction, cached: false, seconds: 1)
        return RunAnalysis(run: run, builds: [BuildDetail(build: build, phases: [phase], steps: [step])])
    }
}

@Suite struct HostileReportTests {
    let analysis = HostileReport.analysis()

    @Test func markdownKeepsEveryCellAndCodeSpanWhole() {
        let md = MarkdownReport().render(analysis)
        // Written out by hand: `|` escaped even inside the code span (GFM splits cells first), a two-backtick fence
        // around a text holding single backticks, the newline as a space; plain cells get entities and backslashes.
        #expect(md.contains("| s\\|&lt;t&gt; | 2 | ``RUN echo `date` \\| tee <b>x</b> & 'q' \"d\" $(id) ; # ü next`` | no | - | 1.0 |\n"))
        // The word is split after the backtick by ShellWord, so the span needs a two-backtick fence.
        #expect(md.contains("| pull | ``docker pull 'a\\|b`''c'`` | 1.0 | 1 |\n"))
        #expect(md.contains("> boom \\| \\`x\\` &lt;img src=x onerror=alert(1)&gt; \\# heading, \"quoted\"\n"))
        #expect(md.contains("host ``h|`<b>``."))
        #expect(md.contains("# cachebench: &lt;app&gt;\n"))
        #expect(!md.contains("<img"))
        #expect(!md.contains("\n# heading"))
        #expect(!md.contains("<i>"))
    }

    @Test func htmlEscapesEveryStoredString() {
        let html = HTMLReport().render(analysis)
        #expect(html.contains("<code>RUN echo `date` | tee &lt;b&gt;x&lt;/b&gt; &amp; &#39;q&#39; &quot;d&quot; $(id) ; # ü\nnext</code>"))
        #expect(html.contains("<td>pull</td>"))
        #expect(html.contains("<td>s|&lt;t&gt;</td>"))
        #expect(html.contains("boom | `x` &lt;img src=x onerror=alert(1)&gt;"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<i>"))
        #expect(!html.contains("<b>x"))
    }

    @Test func jsonCarriesTheExactStrings() throws {
        let json = JSONReport().render(analysis)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let build = try #require((document["builds"] as? [[String: Any]])?.first)
        let step = try #require((build["steps"] as? [[String: Any]])?.first)
        #expect(step["instruction"] as? String == HostileReport.instruction)
        #expect(build["error"] as? String == HostileReport.error)
        #expect((build["phases"] as? [[String: Any]])?.first?["kind"] as? String == HostileReport.kind.rawValue)
    }

    @Test func csvQuotesTheError() {
        let csv = CSVReport().render(analysis)
        // RFC 4180 by hand: the field quoted (it holds a comma, a quote and a newline), inner quotes doubled;
        // then model_errors (0), missed_causes (none), and engine, builder, image and cache bytes that this build never recorded.
        #expect(csv.hasSuffix(",\"boom | `x` <img src=x onerror=alert(1)>\n# heading, \"\"quoted\"\"\",0,,"
                              + "not recorded,not recorded,not measured,not measured,not measured\r\n"))
    }

    @Test func textShowsTheRunWithoutBreaking() {
        let text = TextReport().render(analysis)
        #expect(text.hasPrefix("run 3 · /p/<app> · "))
        #expect(text.contains("naive · cold: boom"))
    }
}
