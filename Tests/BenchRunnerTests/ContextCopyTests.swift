import Foundation
import Testing

@testable import BenchRunner

/// What a strategy's context copy gives the engine, against what a CI checkout of the user's project gives it. The legacy
/// builder's CLI sends a Dockerfile from outside the context under a random name and adds that name to the context's
/// `.dockerignore` (docker/cli `AddDockerfileToBuildContext`), so a Dockerfile inside the context must stay there.
@Suite struct ContextCopyTests {
    /// Two stages, the second unnamed, so a per-stage strategy must name it.
    static let user = "FROM debian:12-slim AS build\nCOPY . /src\nRUN ls /src > /list\n\nFROM debian:12-slim\nCOPY --from=build /list /list\n"
    /// `user` as the per-stage script tells the user to write it: the unnamed stage named, nothing else changed.
    static let named = "FROM debian:12-slim AS build\nCOPY . /src\nRUN ls /src > /list\n\nFROM debian:12-slim AS cachebench-stage-1\nCOPY --from=build /list /list\n"

    func entries(_ url: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }

    func make(_ strategy: String, _ project: Project, in scratch: Scratch, as name: String? = nil) throws -> ContextCopy {
        try ContextCopy.make(project: project, strategy: Strategy.named(strategy)!,
                             under: scratch.url.appendingPathComponent("work/\(name ?? strategy)"))
    }

    @Test func perStageBuildsTheContextsOwnDockerfileWithItsStagesNamed() throws {
        let scratch = try Scratch()
        try scratch.write("proj/Dockerfile", Self.user)
        try scratch.write("proj/.dockerignore", "*.tmp\n")
        try scratch.write("proj/main.c", "int main(void) { return 0; }\n")
        let project = try Project.resolve(directory: scratch.url.appendingPathComponent("proj"), config: ProjectConfig())
        for strategy in ["per-stage", "per-stage-legacy", "inline-per-stage"] {
            let copy = try make(strategy, project, in: scratch)
            #expect(copy.dockerfile.path == copy.context.appendingPathComponent("Dockerfile").path, "\(strategy)")
            #expect(try String(contentsOf: copy.dockerfile, encoding: .utf8) == Self.named, "\(strategy)")
            // Nothing is written beside the context, and the context holds the user's files with the user's ignore file.
            #expect(try entries(copy.root) == ["context"], "\(strategy)")
            #expect(try entries(copy.context) == [".dockerignore", "Dockerfile", "main.c"], "\(strategy)")
            #expect(try String(contentsOf: copy.context.appendingPathComponent(".dockerignore"), encoding: .utf8) == "*.tmp\n")
        }
        #expect(try scratch.read("proj/Dockerfile") == Self.user)
    }

    @Test func otherStrategiesBuildTheUsersDockerfileAsWritten() throws {
        let scratch = try Scratch()
        try scratch.write("proj/Dockerfile", Self.user)
        try scratch.write("proj/main.c", "int main(void) { return 0; }\n")
        let project = try Project.resolve(directory: scratch.url.appendingPathComponent("proj"), config: ProjectConfig())
        for strategy in ["naive", "single-tag", "inline", "buildah-layers", "registry-max"] {
            let copy = try make(strategy, project, in: scratch)
            #expect(copy.dockerfile.path == copy.context.appendingPathComponent("Dockerfile").path, "\(strategy)")
            #expect(try String(contentsOf: copy.dockerfile, encoding: .utf8) == Self.user, "\(strategy)")
            #expect(try entries(copy.root) == ["context"], "\(strategy)")
        }
    }

    /// A symlinked Dockerfile whose stages need names gets a file of its own: the link leads to the user's tree.
    @Test func aSymlinkedDockerfileIsReplacedNeverWrittenThrough() throws {
        let scratch = try Scratch()
        let dir = scratch.url.appendingPathComponent("proj")
        try scratch.write("proj/docker/real.Dockerfile", Self.user)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("Dockerfile").path,
                                                   withDestinationPath: dir.appendingPathComponent("docker/real.Dockerfile").path)
        let project = try Project.resolve(directory: dir, config: ProjectConfig())
        let copy = try make("per-stage", project, in: scratch)
        let attributes = try FileManager.default.attributesOfItem(atPath: copy.dockerfile.path)
        #expect(attributes[.type] as? FileAttributeType == .typeRegular)
        #expect(try String(contentsOf: copy.dockerfile, encoding: .utf8) == Self.named)
        #expect(try scratch.read("proj/docker/real.Dockerfile") == Self.user)
    }

    /// Stages all named already: the per-stage copy is the user's context untouched, a symlink still a symlink.
    @Test func aDockerfileWhoseStagesHaveNamesIsLeftAsCopied() throws {
        let scratch = try Scratch()
        let dir = scratch.url.appendingPathComponent("proj")
        let text = "FROM debian:12-slim AS build\nRUN true\nFROM debian:12-slim AS run\nCOPY --from=build /etc/hostname /h\n"
        try scratch.write("proj/real.Dockerfile", text)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("Dockerfile").path, withDestinationPath: "real.Dockerfile")
        let project = try Project.resolve(directory: dir, config: ProjectConfig())
        let copy = try make("per-stage", project, in: scratch)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: copy.dockerfile.path) == "real.Dockerfile")
        #expect(try String(contentsOf: copy.dockerfile, encoding: .utf8) == text)
    }

    /// A Dockerfile in a sub-directory keeps its path and its Dockerfile-specific ignore file beside it (BuildKit reads it).
    @Test func aDockerfileInASubdirectoryKeepsItsPathAndIgnoreFile() throws {
        let scratch = try Scratch()
        try scratch.write("proj/docker/app.Dockerfile", Self.user)
        try scratch.write("proj/docker/app.Dockerfile.dockerignore", "*.log\n")
        let project = try Project.resolve(directory: scratch.url.appendingPathComponent("proj"),
                                          config: ProjectConfig(dockerfile: "docker/app.Dockerfile"))
        let copy = try make("inline-per-stage", project, in: scratch)
        #expect(copy.dockerfile.path == copy.context.appendingPathComponent("docker/app.Dockerfile").path)
        #expect(try String(contentsOf: copy.dockerfile, encoding: .utf8) == Self.named)
        #expect(try entries(copy.context.appendingPathComponent("docker")) == ["app.Dockerfile", "app.Dockerfile.dockerignore"])
        #expect(try entries(copy.root) == ["context"])
    }

    /// A Dockerfile the user keeps outside the context stays outside, as in the user's CI, with its own ignore file.
    @Test func aDockerfileOutsideTheContextStaysOutside() throws {
        let scratch = try Scratch()
        try scratch.write("proj/Dockerfile", Self.user)
        try scratch.write("proj/Dockerfile.dockerignore", "*.log\n")
        try scratch.write("proj/app/main.c", "int main(void) { return 0; }\n")
        let project = try Project.resolve(directory: scratch.url.appendingPathComponent("proj"), config: ProjectConfig(context: "app"))
        for (strategy, text) in [("per-stage", Self.named), ("naive", Self.user)] {
            let copy = try make(strategy, project, in: scratch)
            #expect(copy.dockerfile.path == copy.root.appendingPathComponent("Dockerfile").path, "\(strategy)")
            #expect(try String(contentsOf: copy.dockerfile, encoding: .utf8) == text, "\(strategy)")
            #expect(try entries(copy.root) == ["Dockerfile", "Dockerfile.dockerignore", "context"], "\(strategy)")
            #expect(try entries(copy.context) == ["main.c"], "\(strategy)")
        }
    }
}
