import Testing

@testable import DockerfileModel

/// The images a Dockerfile pulls, where they are written, and rewriting them in place (expected texts written by hand).
struct ImageSiteTests {
    func sites(_ text: String, buildArgs: [String: String] = [:], target: String? = nil) throws -> (Dockerfile, [ImageSite]) {
        let dockerfile = try Dockerfile.parse(text: text)
        return (dockerfile, dockerfile.imageSites(graph: try StageGraph(dockerfile: dockerfile, buildArgs: buildArgs, target: target)))
    }

    @Test func stagesAliasesScratchAndAStageNamedLikeAnImage() throws {
        let text = """
            FROM --platform=$BUILDPLATFORM ghcr.io/org/builder:1 AS node
            RUN make
            FROM node AS test
            COPY --from=node /out /out
            FROM scratch
            COPY --from=quay.io/org/tools:2 /bin/tool /tool
            COPY --from=0 /out /out
            RUN --mount=type=bind,from=ghcr.io/org/data:3,target=/data --mount=type=cache,target=/c cat /data/x

            """
        let (_, found) = try sites(text)
        #expect(found.map(\.kind) == [.from, .copyFrom, .mountFrom])
        #expect(found.map(\.written) == ["ghcr.io/org/builder:1", "quay.io/org/tools:2", "ghcr.io/org/data:3"])
        #expect(found.map(\.stage) == [0, 2, 2])
        #expect(found.map(\.startLine) == [1, 6, 8])
        #expect(found.allSatisfy { $0.isResolved })
    }

    @Test func argumentsBeforeFromAndBuildArgs() throws {
        let text = """
            ARG REGISTRY=ghcr.io
            ARG TAG
            ARG TARGETARCH
            FROM ${REGISTRY}/org/base:1
            FROM quay.io/org/app:${TAG}
            FROM ghcr.io/org/arch:${TARGETARCH}

            """
        let (_, found) = try sites(text, buildArgs: ["TAG": "7"])
        #expect(found.map(\.expanded) == ["ghcr.io/org/base:1", "quay.io/org/app:7", "ghcr.io/org/arch:"])
        #expect(found.map(\.isResolved) == [true, true, false], "TARGETARCH has a value only in the builder")
    }

    @Test func onlyStagesUpToTheTarget() throws {
        let (_, found) = try sites("FROM ghcr.io/a/one:1 AS one\nFROM ghcr.io/a/two:1 AS two\nFROM ghcr.io/a/three:1\n", target: "two")
        #expect(found.map(\.written) == ["ghcr.io/a/one:1", "ghcr.io/a/two:1"], "the legacy builder builds every stage before the target")
    }

    @Test func rewritesEachSiteInPlaceAndNothingElse() throws {
        let text = """
            # syntax=docker/dockerfile:1
            ARG TAG=1
            FROM --platform=linux/amd64 ghcr.io/org/base:${TAG} AS build
            RUN echo ghcr.io/org/base:${TAG}
            FROM ghcr.io/org/base@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
            COPY --from=ghcr.io/org/base:${TAG} /etc/os-release /a
            RUN --mount=from=ghcr.io/org/base:${TAG},target=/m cat /m/etc/os-release
            COPY --from=build /x /x

            """
        let (dockerfile, found) = try sites(text)
        #expect(found.count == 4)
        let replacements = found.map { site in (site: site, with: "127.0.0.1:5000/" + site.written.dropFirst("ghcr.io/".count)) }
        let (rewritten, unreplaced) = dockerfile.replacingImages(replacements)
        #expect(unreplaced.isEmpty)
        #expect(rewritten == """
            # syntax=docker/dockerfile:1
            ARG TAG=1
            FROM --platform=linux/amd64 127.0.0.1:5000/org/base:${TAG} AS build
            RUN echo ghcr.io/org/base:${TAG}
            FROM 127.0.0.1:5000/org/base@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
            COPY --from=127.0.0.1:5000/org/base:${TAG} /etc/os-release /a
            RUN --mount=from=127.0.0.1:5000/org/base:${TAG},target=/m cat /m/etc/os-release
            COPY --from=build /x /x

            """)
        // The same edits apply to the version with unnamed stages named: the name goes after the image.
        let named = dockerfile.namingUnnamedStages().text
        let renamed = dockerfile.replacingImages(replacements, in: named)
        #expect(renamed.unreplaced.isEmpty)
        #expect(renamed.text.contains("FROM 127.0.0.1:5000/org/base@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef AS cachebench-stage-1\n"))
    }

    @Test func continuationsCrLfAndWordsItCannotFind() throws {
        let text = "FROM \\\r\n  # a comment\r\n  ghcr.io/org/a:1 \\\r\n  AS a\r\nFROM ghcr.io/org/\\\r\nb:1\r\n"
        let (dockerfile, found) = try sites(text)
        #expect(found.map(\.written) == ["ghcr.io/org/a:1", "ghcr.io/org/b:1"])
        let (rewritten, unreplaced) = dockerfile.replacingImages(found.map { ($0, "X/" + $0.written.dropFirst(8)) })
        #expect(rewritten == "FROM \\\r\n  # a comment\r\n  X/org/a:1 \\\r\n  AS a\r\nFROM ghcr.io/org/\\\r\nb:1\r\n")
        #expect(unreplaced.map(\.written) == ["ghcr.io/org/b:1"], "a word cut by a continuation is left as written")
    }
}
