import Testing

@testable import DockerfileModel

struct NamingTests {
    @Test func namesOnlyUnnamedStagesAndKeepsEveryOtherByte() throws {
        let text = "ARG X=1\r\nFROM alpine:3.20  \r\nRUN true\r\nFROM busybox AS named\r\nFROM \\\n  scratch\r\nCOPY --from=0 /a /a\r\n"
        let dockerfile = try Dockerfile.parse(text: text)
        let (rewritten, names) = dockerfile.namingUnnamedStages()
        #expect(names == [0: "cachebench-stage-0", 2: "cachebench-stage-2"])
        let expected = "ARG X=1\r\nFROM alpine:3.20 AS cachebench-stage-0  \r\nRUN true\r\nFROM busybox AS named\r\nFROM \\\n  scratch AS cachebench-stage-2\r\nCOPY --from=0 /a /a\r\n"
        #expect(rewritten == expected)
        let graph = try StageGraph(dockerfile: try Dockerfile.parse(text: rewritten))
        #expect(graph.stages.map(\.name) == ["cachebench-stage-0", "named", "cachebench-stage-2"])
        #expect(graph.stages[2].dependsOn == [0])
        let original = try StageGraph(dockerfile: dockerfile)
        #expect(original.stages.map { $0.targetName() } == graph.stages.map { $0.name ?? "" })
    }

    @Test func customPrefixAndNothingToName() throws {
        let named = try Dockerfile.parse(text: "FROM a AS one\nFROM b AS two\n")
        #expect(named.namingUnnamedStages().text == named.text)
        #expect(named.namingUnnamedStages().names.isEmpty)
        let unnamed = try Dockerfile.parse(text: "FROM a\n")
        #expect(unnamed.namingUnnamedStages(prefix: "s").text == "FROM a AS s0\n")
    }
}
