import Testing

@testable import DockerfileModel

struct DockerIgnoreTests {
    @Test func patternmatcherSemantics() {
        let rules = DockerIgnore(text: "\u{FEFF}# comment\n/node_modules\n*.log\n**/tmp\n!important.log\n  \nbuild/*/cache\n")
        #expect(rules.rules.map(\.pattern) == ["node_modules", "*.log", "**/tmp", "important.log", "build/*/cache"])
        #expect(rules.excludes("node_modules/x/y.js"))
        #expect(rules.excludes("app.log"))
        #expect(!rules.excludes("logs/app.log"))
        #expect(!rules.excludes("important.log"))
        #expect(rules.excludes("a/b/tmp/file"))
        #expect(rules.excludes("tmp"))
        #expect(rules.excludes("build/x/cache/obj"))
        #expect(!rules.excludes("build/x/y/cache"))
        #expect(!rules.excludes("src/main.c"))
    }

    @Test func lastMatchingRuleWins() {
        let rules = DockerIgnore(text: "*\n!src\nsrc/*.o\n")
        #expect(rules.excludes("README.md"))
        #expect(!rules.excludes("src/main.c"))
        #expect(rules.excludes("src/main.o"))
    }

    @Test func filepathMatchForCopySources() {
        #expect(ChangeImpact.covers(source: "*.c", path: "main.c"))
        #expect(!ChangeImpact.covers(source: "*.c", path: "src/main.c"))
        #expect(ChangeImpact.covers(source: "src/[a-m]*.c", path: "src/main.c"))
        #expect(!ChangeImpact.covers(source: "src/[^a-m]*.c", path: "src/main.c"))
        #expect(ChangeImpact.covers(source: "s?c", path: "src/deep/file"))
        #expect(ChangeImpact.covers(source: ".", path: "anything/at/all"))
        #expect(ChangeImpact.covers(source: "/app/", path: "app/x"))
        #expect(!ChangeImpact.covers(source: "app", path: "application"))
    }
}
