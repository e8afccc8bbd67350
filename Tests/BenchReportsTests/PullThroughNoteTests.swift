@testable import BenchReports
import Testing

/// Reports say which images of other registries came through which pull-through cache, only when some did.
@Suite struct PullThroughNoteTests {
    @Test func theRunReportNamesRoutedImagesOnlyWhenThereAreSome() {
        var analysis = VerdictSample.analysis(1, [("naive", "cold", VerdictSample.ok([60]))])
        #expect(!TextReport().render(analysis).contains("pull-through"))
        analysis.run.options["pullThroughImages"] = "ghcr.io/org/app:1 (line 1) through the pull-through cache of http://10.0.2.2:5000"
        let line = "images of other registries, pulled once through a pull-through cache: ghcr.io/org/app:1 (line 1) through the pull-through cache of http://10.0.2.2:5000"
        #expect(TextReport().render(analysis).contains(line))
        #expect(MarkdownReport().render(analysis).contains("images of other registries, pulled once through a pull-through cache: ghcr.io/org/app:1"))
        #expect(HTMLReport().render(analysis).contains(line))
        analysis.run.options["unservedImages"] = "${REG}/o/x:1 (line 3: its registry depends on an ARG with no value before the build)"
        #expect(TextReport().render(analysis).contains(line + ". images no pull-through cache served (the engines pulled them themselves): ${REG}/o/x:1 (line 3: its registry depends on an ARG with no value before the build)"))
    }
}
