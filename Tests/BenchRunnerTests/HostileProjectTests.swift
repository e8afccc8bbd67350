@testable import BenchRunner
import Foundation
import Testing

/// A `cachebench.yml` written by someone else: typos, bad names and paths that try to leave the project.
@Suite struct HostileConfigTests {
    func load(_ yaml: String) throws -> ProjectConfig {
        let dir = try Scratch()
        try dir.write("cachebench.yml", yaml)
        return try ProjectConfig.load(projectDirectory: dir.url)
    }

    @Test func unknownKeyNamesTheClosestKnownOne() throws {
        #expect {
            try load("image: app\nbuild_args: {A: b}\n")
        } throws: { error in
            guard case ConfigError.unknownKey(_, let key, let closest) = error else { return false }
            return key == "build_args" && closest == "build-args"
        }
        // `source_file` is one substitution from `source-file`; `strategy` two deletions from `strategies`.
        #expect(throws: ConfigError.self) { try load("source_file: a.c\n") }
        let message = ConfigError.unknownKey("/p/cachebench.yml", key: "strategy", closest: "strategies").localizedDescription
        #expect(message.hasPrefix("/p/cachebench.yml: unknown key `strategy`: did you mean `strategies`? Known keys: image, "))
        #expect(!message.contains("\n"))
    }

    @Test func farOffKeyGetsNoSuggestion() {
        #expect(EditDistance.closest(to: "zzzzzzzzzzzz", in: ProjectConfig.knownKeys) == nil)
        // Hand-computed Levenshtein distances: kitten→sitting 3, flaw→lawn 2, ""→abc 3.
        #expect(EditDistance.distance("kitten", "sitting") == 3)
        #expect(EditDistance.distance("flaw", "lawn") == 2)
        #expect(EditDistance.distance("", "abc") == 3)
    }

    // Valid and invalid names by distribution/reference's grammar (reference/regexp.go, its tests' table).
    @Test(arguments: ["hello-c", "team/app", "a", "a__b", "a.b/c_d", "a---b", "ghcr.io/owner/repo", "0"])
    func validImages(name: String) { #expect(ImageReference.isValidRepository(name)) }

    @Test(arguments: ["Hello", "app:1.0", "app@sha256:00", "-app", "app-", "a..b", "a___b", "a//b", "/a", "a/", "",
                      "a b", "a$(id)", "ü", String(repeating: "a", count: 256)])
    func invalidImages(name: String) { #expect(!ImageReference.isValidRepository(name)) }

    @Test func badImageFailsAtLoad() throws {
        #expect {
            try load("image: \"My App:latest\"\n")
        } throws: { error in
            guard case ConfigError.badImage(_, let image) = error else { return false }
            return image == "My App:latest"
        }
    }

    @Test func emptyListsAreErrors() throws {
        #expect(throws: ConfigError.self) { try load("strategies: []\n") }
        #expect(throws: ConfigError.self) { try load("scenarios: []\n") }
        let dir = try Scratch()
        let project = try dir.helloC()
        #expect(throws: ConfigError.emptySelection(option: "--strategies")) {
            try RunSession.prepare(RunRequest(directory: project.path, strategies: []))
        }
        #expect(throws: ConfigError.emptySelection(option: "--scenarios")) {
            try RunSession.prepare(RunRequest(directory: project.path, scenarios: []))
        }
    }

    @Test func secretKeysAreKnown() throws {
        let config = try load("build-args: {A: b}\nsecret-build-args: [A]\npublic-build-args: [KEY_ID]\n")
        #expect(config.secretBuildArgs == ["A"])
        #expect(config.publicBuildArgs == ["KEY_ID"])
        #expect(throws: ConfigError.self) { try load("secret-build-args: [A]\npublic-build-args: [A]\n") }
    }
}

@Suite struct HostilePathTests {
    /// hello-c under `scratch/proj`, and a file outside it that nothing may touch.
    func project(_ scratch: Scratch) throws -> URL {
        let dir = try scratch.helloC(named: "proj")
        try scratch.write("outside/motd", "keep\n")
        return dir
    }

    func expectOutside(_ key: String, _ config: ProjectConfig, in dir: URL, sourceFlag: String? = nil) {
        #expect {
            try Project.resolve(directory: dir, config: config, sourceFile: sourceFlag)
        } throws: { error in
            guard case ConfigError.pathOutside(let named, _, _) = error else { return false }
            return named == key
        }
    }

    @Test func sourceFileThatClimbsOutIsRefused() throws {
        let scratch = try Scratch()
        let dir = try project(scratch)
        expectOutside("source-file", ProjectConfig(sourceFile: "../outside/motd"), in: dir)
        expectOutside("source-file", ProjectConfig(sourceFile: "../../../../../../../../etc/motd"), in: dir)
        expectOutside("source-file", ProjectConfig(sourceFile: "/etc/motd"), in: dir)
        expectOutside("dependency-file", ProjectConfig(dependencyFile: "../outside/motd"), in: dir)
        expectOutside("--source-file", ProjectConfig(), in: dir, sourceFlag: "../outside/motd")
        expectOutside("dockerfile", ProjectConfig(dockerfile: "../outside/motd"), in: dir)
        let message = ConfigError.pathOutside(key: "source-file", path: "../x", roots: ["/p"]).localizedDescription
        #expect(message == "source-file ../x lies outside /p: name a file inside the build context, relative to it, that is no symlink leading out.")
    }

    @Test func symlinkLeadingOutIsRefusedBeforeAnythingRuns() throws {
        let scratch = try Scratch()
        let dir = try project(scratch)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("evil.c").path,
                                                   withDestinationPath: scratch.url.appendingPathComponent("outside/motd").path)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("etc").path, withDestinationPath: "/etc")
        expectOutside("source-file", ProjectConfig(sourceFile: "evil.c"), in: dir)
        expectOutside("source-file", ProjectConfig(sourceFile: "etc/motd"), in: dir)
        expectOutside("dependency-file", ProjectConfig(dependencyFile: "etc/bash.bashrc"), in: dir)
    }

    @Test func symlinkInsideTheContextIsFine() throws {
        let scratch = try Scratch()
        let dir = try project(scratch)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("alias.c").path, withDestinationPath: "hello.c")
        let project = try Project.resolve(directory: dir, config: ProjectConfig(sourceFile: "alias.c"))
        #expect(project.scenarioFiles.sourceFile == "alias.c")
    }

    @Test(arguments: ["/", "/proc", "/etc", "/usr", "/var", "/dev", "/sys/kernel", "/run/user"])
    func systemContextIsRefused(path: String) {
        #expect(throws: ConfigError.self) { try ContainedPath.checkContext(URL(fileURLWithPath: path)) }
    }

    @Test func parentContextIsAllowed() throws {
        let scratch = try Scratch()
        let dir = try project(scratch)
        let project = try Project.resolve(directory: dir, config: ProjectConfig(context: "..", sourceFile: "proj/hello.c"))
        #expect(project.contextDirectory.path == scratch.url.standardizedFileURL.path)
        #expect(throws: ConfigError.systemContext("/")) {
            try Project.resolve(directory: dir, config: ProjectConfig(context: "../../../../../../../../../.."))
        }
    }

    /// `context: ..` in a monorepo: the project's `.cachebench` (state, database) and an outside database path
    /// that lies in the context are not copied, at any depth.
    @Test func contextCopyLeavesOutCachebenchsOwnFiles() throws {
        let scratch = try Scratch()
        let dir = try project(scratch)
        try scratch.write("proj/.cachebench/results.sqlite", "db")
        try scratch.write("proj/.cachebench/state/run-1/work/x", "copy in progress")
        try scratch.write("other/deep/.cachebench/y", "y")
        try scratch.write("results/my.sqlite", "db")
        try scratch.write("other/keep.txt", "keep")
        let project = try Project.resolve(directory: dir, config: ProjectConfig(context: ".."))
        let work = scratch.url.appendingPathComponent("proj/.cachebench/state/run-1/work/i1-naive")
        let copy = try ContextCopy.make(project: project, strategy: Strategy.named("naive")!, under: work,
                                        excluding: [ContainedPath.resolved(scratch.url.appendingPathComponent("results/my.sqlite"))])
        let fm = FileManager.default
        #expect(fm.fileExists(atPath: copy.context.appendingPathComponent("proj/hello.c").path))
        #expect(fm.fileExists(atPath: copy.context.appendingPathComponent("other/keep.txt").path))
        #expect(!fm.fileExists(atPath: copy.context.appendingPathComponent("proj/.cachebench").path))
        #expect(!fm.fileExists(atPath: copy.context.appendingPathComponent("other/deep/.cachebench").path))
        #expect(!fm.fileExists(atPath: copy.context.appendingPathComponent("results/my.sqlite").path))
        #expect(fm.fileExists(atPath: copy.context.appendingPathComponent("results").path))
    }

    @Test func contextCopySkipsFIFOsAndKeepsSymlinksAsLinks() throws {
        let scratch = try Scratch()
        let dir = try project(scratch)
        #expect(mkfifo(dir.appendingPathComponent("pipe").path, 0o600) == 0)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("etc").path, withDestinationPath: "/etc")
        let project = try Project.resolve(directory: dir, config: ProjectConfig())
        let copy = try ContextCopy.make(project: project, strategy: Strategy.named("naive")!,
                                        under: scratch.url.appendingPathComponent("work"))
        let fm = FileManager.default
        #expect(!fm.fileExists(atPath: copy.context.appendingPathComponent("pipe").path))
        #expect(try fm.destinationOfSymbolicLink(atPath: copy.context.appendingPathComponent("etc").path) == "/etc")
        #expect(fm.fileExists(atPath: copy.context.appendingPathComponent("hello.c").path))
    }
}

@Suite struct SymlinkMutationTests {
    func copy(_ scratch: Scratch) throws -> URL {
        try scratch.write("ctx/hello.c", "int main(void) { return 0; }\n")
        try scratch.write("outside/motd", "keep\n")
        return scratch.url.appendingPathComponent("ctx")
    }

    func apply(_ file: String, in context: URL, original: URL? = nil) throws {
        try ScenarioMutator.apply(.sourceChange, files: ScenarioFiles(sourceFile: file), contextCopy: context, marker: "m",
                                  originalContext: original)
    }

    @Test func symlinkOutsideIsRefusedAndTheTargetUntouched() throws {
        let scratch = try Scratch()
        let context = try copy(scratch)
        let outside = scratch.url.appendingPathComponent("outside/motd").path
        try FileManager.default.createSymbolicLink(atPath: context.appendingPathComponent("evil.c").path, withDestinationPath: outside)
        #expect {
            try apply("evil.c", in: context)
        } throws: { error in
            guard case ScenarioError.unsafeFile(_, let path, _) = error else { return false }
            return path == "evil.c"
        }
        try FileManager.default.createSymbolicLink(atPath: context.appendingPathComponent("up").path,
                                                   withDestinationPath: scratch.url.appendingPathComponent("outside").path)
        #expect(throws: ScenarioError.self) { try apply("up/motd", in: context) }
        #expect(throws: ScenarioError.self) { try apply("../outside/motd", in: context) }
        #expect(try scratch.read("outside/motd") == "keep\n")
    }

    @Test func symlinkInsideIsReplacedByACopyOfItsTarget() throws {
        let scratch = try Scratch()
        let context = try copy(scratch)
        let link = context.appendingPathComponent("alias.c")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "hello.c")
        try apply("alias.c", in: context)
        #expect(try scratch.read("ctx/alias.c") == "int main(void) { return 0; }\n/* m */\n")
        #expect(try scratch.read("ctx/hello.c") == "int main(void) { return 0; }\n")  // the target is not edited
        let type = try FileManager.default.attributesOfItem(atPath: link.path)[.type] as? FileAttributeType
        #expect(type == .typeRegular)
    }

    @Test func absoluteSymlinkIntoTheUsersContextIsCopied() throws {
        let scratch = try Scratch()
        let context = try copy(scratch)
        try scratch.write("user/real.c", "int x;\n")
        try FileManager.default.createSymbolicLink(atPath: context.appendingPathComponent("real.c").path,
                                                   withDestinationPath: scratch.url.appendingPathComponent("user/real.c").path)
        try apply("real.c", in: context, original: scratch.url.appendingPathComponent("user"))
        #expect(try scratch.read("ctx/real.c") == "int x;\n/* m */\n")
        #expect(try scratch.read("user/real.c") == "int x;\n")
    }

    @Test func directoryIsRefused() throws {
        let scratch = try Scratch()
        let context = try copy(scratch)
        try FileManager.default.createDirectory(at: context.appendingPathComponent("dir.c"), withIntermediateDirectories: true)
        #expect(throws: ScenarioError.unsafeFile(scenario: "source-change", path: "dir.c", why: "it is not a regular file")) {
            try apply("dir.c", in: context)
        }
    }
}
