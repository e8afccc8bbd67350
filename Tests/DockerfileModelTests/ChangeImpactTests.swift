import Testing

@testable import DockerfileModel

struct ChangeImpactTests {
    static let text = """
        ARG BASE=debian:bookworm-slim
        FROM ${BASE} AS deps
        ARG PIP_VERSION=24
        WORKDIR /app
        COPY requirements*.txt ./
        RUN pip install -r requirements.txt
        RUN echo "pip $PIP_VERSION"

        FROM deps AS build
        COPY src/ ./src/
        COPY ["config/app.yml", "/etc/app.yml"]
        RUN make

        FROM alpine:3.20 AS docs
        COPY docs /docs

        FROM gcr.io/distroless/base
        COPY --from=build /app/out /app
        COPY --from=docs /docs /docs
        CMD ["/app"]
        """

    func impact(
        _ paths: [String], ignore: String? = nil, args: Set<String> = [], bases: Set<String> = []
    ) throws -> ChangeImpact {
        try Dockerfile.parse(text: Self.text).changeImpact(
            changedPaths: paths, dockerignore: ignore, changedBuildArgs: args, changedBaseImages: bases)
    }

    @Test func globSourceInvalidatesFromTheCopyDown() throws {
        let result = try impact(["requirements-dev.txt"])
        #expect(result.invalidatedStages == [0, 1])
        let deps = result.stages[0]
        #expect(deps.firstInvalidated?.position == 3)
        #expect(deps.firstInvalidated?.startLine == 5)
        #expect(deps.invalidated.map(\.startLine) == [5, 6, 7])
        #expect(deps.cached.map(\.startLine) == [2, 3, 4])
        #expect(deps.dependentStages == [1])
        #expect(result.stages[1].firstInvalidated?.position == 0)
        #expect(result.stages[2].firstInvalidated == nil)
        // COPY --from=build (line 18) copies from a rebuilt stage: builders key it by the copied files'
        // checksum, so it and what follows are cached only if /app/out comes out identical.
        #expect(result.stages[3].firstInvalidated == nil)
        #expect(result.stages[3].firstDependsOnContent?.startLine == 18)
        #expect(result.stages[3].dependsOnContent.map(\.step.startLine) == [18, 19, 20])
        #expect(result.stages[3].dependsOnContent.map { $0.roots.map(\.startLine) } == [[18], [18], [18]])
        #expect(result.stages[3].cached.map(\.startLine) == [17])
    }

    @Test func directorySourceCoversFilesBelowIt() throws {
        let result = try impact(["./src/pkg/main.c"])
        #expect(result.changedPaths == ["src/pkg/main.c"])
        #expect(result.stages[0].firstInvalidated == nil)
        #expect(result.stages[1].firstInvalidated?.startLine == 10)
        #expect(result.stages[1].cause == "COPY source \"src/\" covers changed path \"src/pkg/main.c\"")
        #expect(result.invalidatedStages == [1])
        #expect(result.stages[3].firstDependsOnContent?.startLine == 18)
        let json = try impact(["config/app.yml"])
        #expect(json.stages[1].firstInvalidated?.startLine == 11)
        let unrelated = try impact(["srcfile", "README.md"])
        #expect(unrelated.invalidatedStages == [])
    }

    @Test func dockerignoreWithDoubleStarAndExceptions() throws {
        let ignore = """
            # build outputs
            **/*.md
            src/**/generated
            !src/**/generated/keep.c
            """
        let result = try impact(["docs/intro.md", "src/a/generated/x.c"], ignore: ignore)
        #expect(result.ignoredPaths == ["docs/intro.md", "src/a/generated/x.c"])
        #expect(result.invalidatedStages == [])
        let kept = try impact(["src/a/b/generated/keep.c"], ignore: ignore)
        #expect(kept.ignoredPaths == [])
        #expect(kept.invalidatedStages == [1])
        let docs = try impact(["docs/diagram.svg"], ignore: ignore)
        #expect(docs.invalidatedStages == [2])
        #expect(docs.stages[3].firstDependsOnContent?.startLine == 19)
    }

    @Test func changedArgInvalidatesFromItsFirstUse() throws {
        let result = try impact([], args: ["PIP_VERSION"])
        // ARG at line 3; the first RUN after it (line 6) sees it in its environment.
        #expect(result.stages[0].firstInvalidated?.startLine == 6)
        #expect(result.stages[0].cause?.contains("PIP_VERSION") == true)
        let undeclared = try Dockerfile.parse(text: "FROM a\nRUN x\nARG V\nCOPY $V /v\nRUN y\n")
            .changeImpact(changedPaths: [], changedBuildArgs: ["V"])
        #expect(undeclared.stages[0].firstInvalidated?.startLine == 4)
        let global = try impact([], args: ["BASE"])
        #expect(global.stages[0].firstInvalidated?.position == 0)
        #expect(global.invalidatedStages == [0, 1])
        #expect(global.stages[3].firstDependsOnContent?.startLine == 18)
    }

    @Test func sourcesWithVariablesAreExpanded() throws {
        let text = "FROM a\nARG APP=web\nENV CONF=etc\nCOPY $APP/ /app/\nCOPY ${CONF}/x.conf /etc/\n"
        let dockerfile = try Dockerfile.parse(text: text)
        #expect(try dockerfile.changeImpact(changedPaths: ["web/index.html"]).stages[0].firstInvalidated?.startLine == 4)
        #expect(try dockerfile.changeImpact(changedPaths: ["etc/x.conf"]).stages[0].firstInvalidated?.startLine == 5)
        let overridden = try dockerfile.changeImpact(changedPaths: ["web/index.html"], buildArgs: ["APP": "api"])
        #expect(overridden.invalidatedStages == [])
    }

    @Test func changedBaseImageInvalidatesWholeStage() throws {
        let result = try impact([], bases: ["docker.io/library/alpine:3.20"])
        #expect(result.invalidatedStages == [2])
        #expect(result.stages[2].firstInvalidated?.position == 0)
        #expect(result.stages[2].cached.isEmpty)
        #expect(result.stages[3].firstDependsOnContent?.startLine == 19)
        #expect(result.stages[3].dependsOnContent.map(\.step.startLine) == [19, 20])
        let final = try impact([], bases: ["gcr.io/distroless/base"])
        #expect(final.invalidatedStages == [3])
        #expect(final.stages[3].firstInvalidated?.position == 0)
    }

    @Test func dockerfileSpecificIgnoreTakesPrecedence() throws {
        let directory = try TemporaryDirectory()
        try directory.write(".dockerignore", "src\n")
        try directory.write("build.Dockerfile.dockerignore", "docs\n")
        try directory.write("build.Dockerfile", "FROM a\nCOPY . .\n")
        let dockerfileURL = directory.url.appendingPathComponent("build.Dockerfile")
        let chosen = DockerIgnore.file(contextDirectory: directory.url, dockerfile: dockerfileURL)
        #expect(chosen?.lastPathComponent == "build.Dockerfile.dockerignore")
        let rules = try #require(DockerIgnore.load(contextDirectory: directory.url, dockerfile: dockerfileURL))
        #expect(rules.excludes("docs/a.md"))
        #expect(!rules.excludes("src/a.c"))
        let plain = DockerIgnore.file(contextDirectory: directory.url, dockerfile: directory.url.appendingPathComponent("Dockerfile"))
        #expect(plain?.lastPathComponent == ".dockerignore")
    }

    @Test func jsonNamesFirstInvalidatedStepPerStage() throws {
        let json = try Dockerfile.parse(text: "FROM a AS x\nCOPY f /f\n").changeImpact(changedPaths: ["f"]).jsonString(pretty: false)
        #expect(json.contains("\"invalidatedStages\":[0]"))
        #expect(json.contains("\"firstInvalidated\":{\"position\":1,\"line\":2,\"endLine\":2,\"instruction\":\"COPY f /f\"}"))
    }

    /// `ENV X=$V` with a changed `V`: the legacy builder commits ENV with the new value in the image
    /// config, so the ENV step itself misses; BuildKit makes no step of ENV, so only what uses X (and
    /// every RUN, which sees V) rebuilds, and the COPY that does not use it stays cached.
    @Test func envFromAChangedArgSplitsOnlyUnderTheLegacyBuilder() throws {
        let text = "FROM alpine\nARG V=1\nENV X=$V\nCOPY app /app\nCOPY $X/ /x/\nRUN make\n"
        let dockerfile = try Dockerfile.parse(text: text)
        let legacy = try dockerfile.changeImpact(changedPaths: [], changedBuildArgs: ["V"], builder: .legacy)
        #expect(legacy.stages[0].firstInvalidated?.startLine == 3)
        let buildKit = try dockerfile.changeImpact(changedPaths: [], changedBuildArgs: ["V"], builder: .buildKit)
        #expect(buildKit.stages[0].firstInvalidated?.startLine == 5)
        #expect(buildKit.stages[0].cause == "X is set from a changed build arg (used here)")
        #expect(buildKit.stages[0].cached.map(\.startLine) == [1, 2, 3, 4])
        let noUse = try Dockerfile.parse(text: "FROM alpine\nARG V=1\nENV X=$V\nLABEL a=b\nUSER root\nCOPY app /app\nRUN make\n")
            .changeImpact(changedPaths: [], changedBuildArgs: ["V"], builder: .buildKit)
        #expect(noUse.stages[0].firstInvalidated?.startLine == 7)
    }

    /// A RUN that mounts from a rebuilt stage is keyed by the mounted content, like COPY --from.
    @Test func runMountFromARebuiltStageDependsOnContent() throws {
        let text = """
            FROM alpine AS deps
            COPY lock /lock
            RUN fetch
            FROM alpine
            RUN --mount=from=deps,source=/out,target=/deps build
            RUN after
            COPY src /src
            RUN final
            """
        let result = try Dockerfile.parse(text: text).changeImpact(changedPaths: ["lock"], builder: .buildKit)
        #expect(result.invalidatedStages == [0])
        let final = result.stages[1]
        #expect(final.firstDependsOnContent?.startLine == 5)
        #expect(final.contentCause?.hasPrefix("mounts from stage 0 (deps), which is rebuilt") == true)
        #expect(final.dependsOnContent.map(\.step.startLine) == [5, 6, 7, 8])
        #expect(final.cached.map(\.startLine) == [4])
        let json = result.jsonString(pretty: false)
        #expect(json.contains("\"firstDependsOnContent\":{\"position\":1,\"line\":5,"))
        #expect(json.contains("\"dependsOnContentSteps\":[{\"position\":1,\"line\":5,"))
        // A definite change after it still splits the stage.
        let both = try Dockerfile.parse(text: text).changeImpact(changedPaths: ["lock", "src/a.c"], builder: .buildKit)
        #expect(both.stages[1].dependsOnContent.map(\.step.startLine) == [5, 6])
        #expect(both.stages[1].firstInvalidated?.startLine == 7)
    }

    /// A stage built FROM a content-dependent stage inherits its roots.
    @Test func fromAContentDependentStageInheritsItsRoots() throws {
        let text = """
            FROM alpine AS build
            COPY src /src
            RUN make
            FROM alpine AS pack
            COPY --from=build /out /out
            FROM pack
            RUN tar c /out
            """
        let result = try Dockerfile.parse(text: text).changeImpact(changedPaths: ["src/a.c"], builder: .buildKit)
        #expect(result.stages[2].firstDependsOnContent?.position == 0)
        #expect(result.stages[2].dependsOnContent.map { $0.roots.map(\.startLine) } == [[5], [5]])
    }
}
