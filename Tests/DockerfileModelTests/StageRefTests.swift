import DockerfileModel
import Testing

@Suite struct StageRefTests {
    @Test func theGraphNamesEveryStageOnce() throws {
        let graph = try StageGraph(dockerfile: Dockerfile.parse(text: """
            FROM debian:bookworm-slim AS Compile-Image
            RUN make
            FROM scratch
            COPY --from=compile-image /out /out
            """))
        #expect(graph.stageRefs == [StageRef(index: 0, name: "compile-image"), StageRef(index: 1, name: nil)])
        // BuildKit's labels for the two stages, as its plain progress prints them (`[compile-image 2/2]`, `[stage-1 2/2]`).
        #expect(graph.stageRefs.map(\.displayName) == ["compile-image", "stage-1"])
    }

    @Test func aFromLineReadByTheModel() {
        #expect(StageRef.parsing(fromLine: "from img as Build", index: 0) == StageRef(index: 0, name: "build"))
        #expect(StageRef.parsing(fromLine: "FROM --platform=linux/amd64 img AS x", index: 2) == StageRef(index: 2, name: "x"))
        #expect(StageRef.parsing(fromLine: "FROM img", index: 1)?.displayName == "stage-1")
        #expect(StageRef.parsing(fromLine: "RUN echo FROM x AS y", index: 0) == nil)
    }
}
