import Testing

@testable import DockerfileModel

/// Stage graphs of real-world shaped Dockerfiles.
struct StageGraphTests {
    static let goService = """
        # syntax=docker/dockerfile:1
        ARG GO_VERSION=1.22
        ARG BASE=debian:bookworm-slim
        FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-bookworm AS Deps
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN --mount=type=cache,target=/go/pkg/mod go mod download

        FROM deps AS build
        COPY . .
        RUN --mount=type=cache,from=deps,source=/go/pkg/mod,target=/go/pkg/mod \\
            go build -o /out/app ./cmd/app

        FROM golang:${GO_VERSION} AS lint
        RUN go vet ./...

        FROM ${BASE}
        COPY --link --from=gcr.io/distroless/static:nonroot /etc/passwd /etc/passwd
        COPY --from=BUILD /out/app /usr/local/bin/app
        ENTRYPOINT ["/usr/local/bin/app"]
        """

    @Test func argBeforeFromWithDefaultsAndOverride() throws {
        let dockerfile = try Dockerfile.parse(text: Self.goService)
        let graph = try StageGraph(dockerfile: dockerfile)
        #expect(graph.stages.map(\.base) == ["golang:1.22-bookworm", "deps", "golang:1.22", "debian:bookworm-slim"])
        #expect(graph.stages.map(\.name) == ["deps", "build", "lint", nil])
        #expect(graph.stages[0].platform == "$BUILDPLATFORM")
        let overridden = try StageGraph(
            dockerfile: dockerfile, buildArgs: ["GO_VERSION": "1.23", "BASE": "alpine:3.20", "UNUSED": "x"])
        #expect(overridden.stages.map(\.base) == ["golang:1.23-bookworm", "deps", "golang:1.23", "alpine:3.20"])
    }

    @Test func dependenciesTargetAndBuildOrders() throws {
        let graph = try StageGraph(dockerfile: try Dockerfile.parse(text: Self.goService))
        #expect(graph.stages.map(\.dependsOn) == [[], [0], [], [1]])
        #expect(graph.stages[1].baseStage == 0)
        #expect(graph.target == 3)
        #expect(graph.neededByTarget == [0, 1, 3])
        #expect(graph.legacyBuildOrder == [0, 1, 2, 3])
        #expect(graph.buildKitBuildOrder == [0, 1, 3])
        #expect(graph.externalCopySources == ["gcr.io/distroless/static:nonroot"])
        #expect(graph.stages[3].externalSources == ["gcr.io/distroless/static:nonroot"])
        let lint = try StageGraph(dockerfile: try Dockerfile.parse(text: Self.goService), target: "LINT")
        #expect(lint.target == 2)
        #expect(lint.neededByTarget == [2])
        #expect(lint.legacyBuildOrder == [0, 1, 2])
    }

    @Test func stagesJSONShape() throws {
        let graph = try StageGraph(dockerfile: try Dockerfile.parse(text: "FROM a AS x\nFROM x\nCOPY --from=0 / /\n"))
        let expected = """
            {"stages":[{"index":0,"name":"x","base":"a","dependsOn":[]},\
            {"index":1,"name":null,"base":"x","dependsOn":[0]}],\
            "target":1,"neededByTarget":[0,1],"externalCopySources":[]}
            """
        #expect(graph.jsonString(pretty: false) == expected)
    }

    @Test func unnamedStagesReferencedByIndex() throws {
        let text = """
            FROM alpine:3.20
            RUN echo built > /a

            FROM busybox
            RUN echo unused > /b

            FROM scratch
            COPY --from=0 /a /a
            ADD --from=0 /a /again
            """
        let graph = try StageGraph(dockerfile: try Dockerfile.parse(text: text))
        #expect(graph.stages.map(\.name) == [nil, nil, nil])
        #expect(graph.stages[2].dependsOn == [0])
        #expect(graph.neededByTarget == [0, 2])
        #expect(graph.buildKitBuildOrder == [0, 2])
        #expect(graph.legacyBuildOrder == [0, 1, 2])
        #expect(graph.stages.map { $0.targetName() } == ["cachebench-stage-0", "cachebench-stage-1", "cachebench-stage-2"])
    }

    @Test func heredocsAndBacktickEscape() throws {
        let text = """
            # escape=`
            FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS Builder
            RUN powershell -Command `
                New-Item -ItemType Directory C:\\out
            COPY <<EOF C:\\out\\note.txt
            hello
            EOF

            FROM mcr.microsoft.com/windows/nanoserver:ltsc2022
            COPY --from=builder C:\\out C:\\app
            """
        let dockerfile = try Dockerfile.parse(text: text)
        #expect(dockerfile.instructions[1].arguments == ["powershell -Command     New-Item -ItemType Directory C:\\out"])
        #expect(dockerfile.instructions[2].heredocs.first?.content == "hello\n")
        let graph = try StageGraph(dockerfile: dockerfile)
        #expect(graph.stages.map(\.name) == ["builder", nil])
        #expect(graph.stages[1].dependsOn == [0])
        #expect(graph.stages[1].startLine == 9)
        #expect(graph.stages[0].endLine == 7)
    }

    @Test func runMountFromStageAndExternalImage() throws {
        let text = """
            FROM node:20 AS x
            RUN npm ci
            FROM node:20
            RUN --mount=type=cache,from=X,source=/root/.npm,target=/root/.npm npm ci
            RUN --mount=type=bind,from=alpine:3.20,source=/etc/os-release,target=/os true
            """
        let graph = try StageGraph(dockerfile: try Dockerfile.parse(text: text))
        #expect(graph.stages[1].dependsOn == [0])
        #expect(graph.externalCopySources == ["alpine:3.20"])
        #expect(graph.resolve(reference: "x", inStage: 1) == .stage(0))
    }
}
