import Testing

@testable import DockerfileModel

/// Random Dockerfile-shaped input: every entry point either succeeds or throws a located error.
struct RobustnessTests {
    static let tokens = [
        "FROM", "from", "RUN", "COPY", "ADD", "ONBUILD", "ENV", "LABEL", "ARG", "CMD", "HEALTHCHECK", "AS", "x",
        "alpine", "\\", "`", "\n", "\r\n", " ", "\t", "<<EOF", "<<-'E'", "EOF", "E", "\"", "'", "[", "]", ",",
        "--from=0", "--from=x", "--mount=type=cache,from=1", "#", "# escape=`", "=", "${A:-b}", "$", "A=1", "*",
        "♥", "\u{0}",
    ]

    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    @Test func randomInputNeverCrashes() {
        var generator = Generator(state: 42)
        var parsed = 0
        var graphs = 0
        for _ in 0..<3000 {
            var text = ""
            for _ in 0..<generator.next(10) {
                // Mostly lines that start with an instruction, so that many inputs parse.
                let keywords = Self.tokens.prefix(12)
                text += generator.next(10) == 0
                    ? Self.tokens[generator.next(Self.tokens.count)]
                    : keywords[generator.next(keywords.count)] + " "
                for _ in 0..<generator.next(8) {
                    text += Self.tokens[generator.next(Self.tokens.count)]
                }
                text += "\n"
            }
            do {
                let dockerfile = try Dockerfile.parse(text: text)
                parsed += 1
                #expect(dockerfile.instructions.allSatisfy { $0.startLine >= 1 && $0.endLine >= $0.startLine })
                _ = dockerfile.astDump
                if let graph = try? StageGraph(dockerfile: dockerfile) {
                    _ = graph.jsonString()
                    graphs += 1
                    _ = try? dockerfile.changeImpact(changedPaths: ["x", "a/b"], dockerignore: "*\n!x", changedBuildArgs: ["A"])
                    let renamed = dockerfile.namingUnnamedStages().text
                    let again = try? Dockerfile.parse(text: renamed)
                    #expect(again?.instructions.count == dockerfile.instructions.count)
                }
            } catch {
                #expect(error.line >= 1)
                #expect(error.errorDescription?.hasPrefix("Dockerfile:\(error.line): ") == true)
            }
        }
        #expect(parsed > 300)
        #expect(graphs > 30)
    }
}
