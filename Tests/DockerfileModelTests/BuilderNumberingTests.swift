import Testing

@testable import DockerfileModel

/// How each builder numbers a stage's steps. Expected values are worked out by hand from the rules in
/// moby/buildkit `frontend/dockerfile/dockerfile2llb/convert.go` (v0.8.3, the BuildKit in docker 20.10, and
/// v0.13.0 agree): `total = 1` for FROM only when `BaseName != "scratch" && base == nil`, then one per
/// ADD/COPY/RUN/WORKDIR; `stageName = ""` when `len(allDispatchStates.states) == 1`, where each `--from`
/// naming an image adds an (unregistered) state. The legacy builder prints `Step N/M` for every
/// instruction (cachebench restarts N at each FROM); buildah prints `[k/n] STEP i/m` for every
/// instruction (hello-c: `[2/2] STEP 3/3: CMD`), without `[k/n]` for one stage.
struct BuilderNumberingTests {
    func printed(_ text: String, _ builder: BuilderFamily) throws -> [String] {
        let dockerfile = try Dockerfile.parse(text: text)
        return try StageGraph(dockerfile: dockerfile).printedSteps(for: builder).map { "\($0.label ?? "")#\($0.index)@\($0.line)" }
    }

    /// The issue's example: ENV before the RUN. BuildKit prints the COPY as `[build 3/4]`.
    static let envBeforeRun = """
        FROM debian:bookworm-slim AS build
        ENV DEBIAN_FRONTEND=noninteractive
        RUN apt-get update && apt-get install -y gcc
        COPY hello.c .
        RUN gcc -o hello hello.c

        FROM debian:bookworm-slim
        COPY --from=build /hello /hello
        """

    @Test func envIsNoBuildKitStep() throws {
        #expect(try printed(Self.envBeforeRun, .buildKit) == [
            "build#1@1", "build#2@3", "build#3@4", "build#4@5", "stage-1#1@7", "stage-1#2@8",
        ])
        #expect(try printed(Self.envBeforeRun, .legacy) == [
            "build#1@1", "build#2@2", "build#3@3", "build#4@4", "build#5@5", "stage-1#1@7", "stage-1#2@8",
        ])
        #expect(try printed(Self.envBeforeRun, .buildah) == (try printed(Self.envBeforeRun, .legacy)))
    }

    @Test func metadataInstructionsAreNotCounted() throws {
        let text = """
            FROM alpine AS app
            ARG V=1
            LABEL org.example=x
            USER root
            EXPOSE 80
            WORKDIR /app
            COPY . .
            CMD ["app"]

            FROM app
            """
        #expect(try printed(text, .buildKit) == ["app#1@1", "app#2@6", "app#3@7"])
        #expect(try printed(text, .legacy).count == 9)
    }

    @Test func fromStageAndFromScratchPrintNoFromStep() throws {
        let text = """
            FROM golang:1.22 AS build
            RUN go build -o /app .

            FROM build AS test
            WORKDIR /src
            RUN go test ./...

            FROM scratch
            COPY --from=build /app /app
            """
        #expect(try printed(text, .buildKit) == [
            "build#1@1", "build#2@2", "test#1@5", "test#2@6", "stage-2#1@9",
        ])
        #expect(try printed(text, .legacy) == [
            "build#1@1", "build#2@2", "test#1@4", "test#2@5", "test#3@6", "stage-2#1@8", "stage-2#2@9",
        ])
    }

    @Test func singleStageHasNoLabelExceptWithAnImageSource() throws {
        let single = "FROM alpine\nRUN echo hi\nCOPY a /a\n"
        #expect(try printed(single, .buildKit) == ["#1@1", "#2@2", "#3@3"])
        #expect(try printed(single, .buildah) == ["#1@1", "#2@2", "#3@3"])
        #expect(try printed(single, .legacy) == ["stage-0#1@1", "stage-0#2@2", "stage-0#3@3"])
        let withImage = "FROM alpine\nCOPY --from=busybox:1.36 /bin/busybox /bin/\n"
        #expect(try printed(withImage, .buildKit) == ["stage-0#1@1", "stage-0#2@2"])
    }
}
