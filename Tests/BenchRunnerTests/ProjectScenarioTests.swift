@testable import BenchRunner
import Foundation
import Testing

@Suite struct ScenarioMutatorTests {
    func context() throws -> Scratch {
        let dir = try Scratch()
        try dir.write("hello.c", "int main(void) { return 0; }\n")
        try dir.write("app.py", "print('hi')")  // no final newline
        try dir.write("package.json", "{}\n")
        try dir.write("go.mod", "module example.com/x\n")
        try dir.write("empty.c", "")
        try dir.write("other.txt", "untouched\n")
        return dir
    }

    @discardableResult
    func apply(_ scenario: Scenario = .sourceChange, file: String?, in dir: Scratch, marker: String = "cachebench run 1 #1") throws -> String? {
        try ScenarioMutator.apply(scenario, files: ScenarioFiles(sourceFile: file, dependencyFile: file), contextCopy: dir.url,
                                  marker: marker)
    }

    @Test func cSourceGetsABlockComment() throws {
        // `/* */` is a comment in every C standard; `//` is not in C89 (`gcc -std=c89 -pedantic-errors`).
        let dir = try context()
        let written = try apply(file: "hello.c", in: dir)
        #expect(written == "/* cachebench run 1 #1 */\n")
        #expect(try dir.read("hello.c") == "int main(void) { return 0; }\n/* cachebench run 1 #1 */\n")
    }

    /// A package list read with `xargs apt-get install < packages.txt`: a `# cachebench run 1 #1` line would
    /// become the package names `#`, `cachebench`, `run`, `1`, `#1` (the held-out project's exit 123). xargs
    /// skips blank lines, so the change is one.
    @Test func plainListGetsATrailingBlankLine() throws {
        let dir = try context()
        try dir.write("packages.txt", "gcc\nmake\n")
        try apply(.dependencyChange, file: "packages.txt", in: dir)
        #expect(try dir.read("packages.txt") == "gcc\nmake\n\n")
        try apply(.dependencyChange, file: "packages.txt", in: dir)
        #expect(try dir.read("packages.txt") == "gcc\nmake\n\n\n")
        try dir.write("apt.list", "curl")
        try apply(.dependencyChange, file: "apt.list", in: dir)
        #expect(try dir.read("apt.list") == "curl\n\n")
    }

    @Test func pythonWithoutFinalNewlineGetsOneFirst() throws {
        let dir = try context()
        try apply(file: "app.py", in: dir)
        #expect(try dir.read("app.py") == "print('hi')\n# cachebench run 1 #1\n")
    }

    @Test func jsonGetsWhitespaceOnly() throws {
        let dir = try context()
        try apply(.dependencyChange, file: "package.json", in: dir)
        #expect(try dir.read("package.json") == "{}\n \n")
        #expect(try JSONSerialization.jsonObject(with: Data(try dir.read("package.json").utf8)) is [String: Any])
    }

    @Test func goModGetsASlashComment() throws {
        let dir = try context()
        try apply(.dependencyChange, file: "go.mod", in: dir)
        #expect(try dir.read("go.mod") == "module example.com/x\n// cachebench run 1 #1\n")
    }

    @Test func emptyFileGetsNoLeadingNewline() throws {
        let dir = try context()
        try apply(file: "empty.c", in: dir)
        #expect(try dir.read("empty.c") == "/* cachebench run 1 #1 */\n")
    }

    @Test func successiveEditsAccumulateAndOtherFilesAreUntouched() throws {
        let dir = try context()
        try apply(file: "hello.c", in: dir, marker: "one")
        try apply(file: "hello.c", in: dir, marker: "two")
        #expect(try dir.read("hello.c") == "int main(void) { return 0; }\n/* one */\n/* two */\n")
        #expect(try dir.read("other.txt") == "untouched\n")
        #expect(try dir.read("app.py") == "print('hi')")
        #expect(try dir.read("package.json") == "{}\n")
    }

    @Test func coldAndNoChangeEditNothing() throws {
        let dir = try context()
        #expect(try apply(.cold, file: "hello.c", in: dir) == nil)
        #expect(try apply(.noChange, file: "hello.c", in: dir) == nil)
        #expect(try dir.read("hello.c") == "int main(void) { return 0; }\n")
    }

    @Test func missingFile() throws {
        let dir = try context()
        #expect(throws: ScenarioError.fileMissing(scenario: "source-change", path: "src/nope.c")) {
            try apply(file: "src/nope.c", in: dir)
        }
        #expect(!FileManager.default.fileExists(atPath: dir.url.appendingPathComponent("src/nope.c").path))
    }

    @Test func noFileToEdit() throws {
        let dir = try context()
        #expect(throws: ScenarioError.noFileToEdit(scenario: "source-change", option: "--source-file")) {
            try apply(.sourceChange, file: nil, in: dir)
        }
        #expect(throws: ScenarioError.noFileToEdit(scenario: "dependency-change", option: "--dependency-file")) {
            try apply(.dependencyChange, file: nil, in: dir)
        }
        #expect(ScenarioError.noFileToEdit(scenario: "source-change", option: "--source-file").localizedDescription
            == "scenario source-change needs a file to edit and none could be inferred: pass --source-file PATH or set it in cachebench.yml.")
    }

    @Test(arguments: [
        ("main.c", "/* m */"), ("packages.txt", ""), ("pkgs", ""), ("app.conf", ""), ("CMakeLists.txt", "# m"),
        ("constraints.txt", "# m"), ("lib.rs", "// m"), ("go.mod", "// m"), ("app.py", "# m"), ("Gemfile.lock", " "), ("yarn.lock", "# m"),
        ("requirements.txt", "# m"), ("package.json", " "), ("pom.xml", "<!-- m -->"), ("q.sql", "-- m"), ("Makefile", "# m"),
    ])
    func commentSyntax(file: String, expected: String) {
        #expect(ScenarioMutator.comment("m", forFile: file) == expected)
    }
}

@Suite struct ProjectConfigTests {
    @Test func validYAML() throws {
        let dir = try Scratch()
        try dir.write("cachebench.yml", """
        image: hello-c
        dockerfile: docker/Dockerfile
        context: src
        target: runtime-image
        source-file: hello.c
        dependency-file: deps.txt
        strategies: [naive, per-stage]
        scenarios: [cold, source-change]
        iterations: 3
        build-args: {VERSION: "1.2"}
        """)
        let config = try ProjectConfig.load(projectDirectory: dir.url)
        #expect(config == ProjectConfig(image: "hello-c", dockerfile: "docker/Dockerfile", context: "src", target: "runtime-image",
                                        sourceFile: "hello.c", dependencyFile: "deps.txt", strategies: ["naive", "per-stage"],
                                        scenarios: ["cold", "source-change"], iterations: 3, buildArgs: ["VERSION": "1.2"]))
    }

    @Test func emptyFileIsAnEmptyConfig() throws {
        let dir = try Scratch()
        try dir.write("cachebench.yml", "\n  \n")
        #expect(try ProjectConfig.load(projectDirectory: dir.url) == ProjectConfig())
    }

    @Test
    func commentOnlyFileIsAnEmptyConfig() throws {
        let dir = try Scratch()
        try dir.write("other.yml", "# image: hello-c\n# iterations: 3\n")
        #expect(try ProjectConfig.load(projectDirectory: dir.url, explicitFile: dir.url.appendingPathComponent("other.yml").path)
            == ProjectConfig())
    }

    @Test func absentDefaultFileIsAnEmptyConfig() throws {
        let dir = try Scratch()
        #expect(try ProjectConfig.load(projectDirectory: dir.url) == ProjectConfig())
    }

    @Test func missingExplicitFile() throws {
        let dir = try Scratch()
        let path = dir.url.appendingPathComponent("nope.yml").path
        #expect(throws: ConfigError.missingFile(path)) { try ProjectConfig.load(projectDirectory: dir.url, explicitFile: path) }
        #expect(ConfigError.missingFile("/x.yml").localizedDescription == "config file /x.yml does not exist: check the --config path.")
    }

    @Test func invalidTypeNamesTheKeyPath() throws {
        let dir = try Scratch()
        let file = try dir.write("cachebench.yml", "iterations: many\n")
        #expect {
            try ProjectConfig.load(projectDirectory: dir.url)
        } throws: { error in
            guard case ConfigError.invalid(let path, let why) = error else { return false }
            return path == file.path && why.hasPrefix("iterations")
        }
    }

    @Test func invalidNestedTypeNamesTheKeyPath() throws {
        let dir = try Scratch()
        try dir.write("cachebench.yml", "build-args:\n  VERSION: [1, 2]\n")
        #expect {
            try ProjectConfig.load(projectDirectory: dir.url)
        } throws: { error in
            guard case ConfigError.invalid(_, let why) = error else { return false }
            return why.hasPrefix("build-args.VERSION")
        }
    }
}

@Suite struct ProjectResolveTests {
    @Test func helloC() throws {
        let scratch = try Scratch()
        let dir = try scratch.helloC()
        let project = try Project.resolve(directory: dir, config: ProjectConfig())
        #expect(project.cacheStages == ["compile-image"])
        #expect(project.scenarioFiles.sourceFile == "hello.c")
        #expect(project.scenarioFiles.notes.first?.hasPrefix("source file hello.c (inferred") == true)
        #expect(project.image == "hello-c")
        #expect(project.target == nil)
        #expect(project.renamedStages.isEmpty)
        #expect(project.namedDockerfileText == project.dockerfileText)
        #expect(project.dockerfile.lastPathComponent == "Dockerfile")
    }

    @Test func configuredValuesWin() throws {
        let scratch = try Scratch()
        let dir = try scratch.helloC()
        let project = try Project.resolve(directory: dir, config: ProjectConfig(image: "custom", target: "compile-image",
                                                                                sourceFile: "other.c"),
                                          sourceFile: "flag.c")
        #expect(project.image == "custom")
        #expect(project.scenarioFiles.sourceFile == "flag.c")
        #expect(project.scenarioFiles.notes.contains("source file flag.c (configured)"))
        #expect(project.cacheStages.isEmpty)  // the target itself is never a cache stage
    }

    @Test func unnamedStagesGetNames() throws {
        let scratch = try Scratch()
        try scratch.write("proj/Dockerfile", """
        FROM debian:bookworm-slim
        RUN echo a > /a

        FROM debian:bookworm-slim
        COPY --from=0 /a /a
        """)
        let project = try Project.resolve(directory: scratch.url.appendingPathComponent("proj"), config: ProjectConfig())
        #expect(project.cacheStages == ["cachebench-stage-0"])
        #expect(project.renamedStages[0] == "cachebench-stage-0")
        #expect(project.namedDockerfileText.hasPrefix("FROM debian:bookworm-slim AS cachebench-stage-0\n"))
        #expect(project.dockerfileText.hasPrefix("FROM debian:bookworm-slim\n"))
    }

    @Test func missingDirectoryAndDockerfile() throws {
        let scratch = try Scratch()
        let missing = scratch.url.appendingPathComponent("nope")
        #expect(throws: ConfigError.noDirectory(missing.path)) { try Project.resolve(directory: missing, config: ProjectConfig()) }
        #expect(throws: ConfigError.noDockerfile(scratch.url.appendingPathComponent("Dockerfile").path)) {
            try Project.resolve(directory: scratch.url, config: ProjectConfig())
        }
    }

    @Test(arguments: [
        ("hello-c", "hello-c"), ("Hello_C App", "hello-c-app"), ("---", "app"), ("My.Project--2", "my-project-2"),
        ("Ünïcode9", "n-code9"), ("trailing_", "trailing"),
    ])
    func repositoryName(directory: String, expected: String) {
        #expect(Project.repositoryName(for: URL(fileURLWithPath: "/tmp/x/\(directory)")) == expected)
    }

    @Test func displayStageName() {
        #expect(Project.displayStageName("cachebench-stage-1") == "stage-1")
        #expect(Project.displayStageName("compile-image") == "compile-image")
    }
}

/// Dependency manifests that `ScenarioInference.isManifest` accepts, and a change that keeps each one valid.
@Suite struct ManifestCommentTests {
    @Test(arguments: [
        ("requirements.txt", "# m"), ("pyproject.toml", "# m"), ("Cargo.toml", "# m"), ("Cargo.lock", "# m"),
        ("yarn.lock", "# m"), ("Gemfile", "# m"), ("package.json", " "), ("package-lock.json", " "), ("go.mod", "// m"),
        ("pom.xml", "<!-- m -->"), ("app.csproj", "<!-- m -->"), ("build.gradle", "// m"), ("mix.exs", "# m"),
    ])
    func manifestStaysValid(file: String, expected: String) {
        #expect(ScenarioMutator.comment("m", forFile: file) == expected)
    }

    // A `#` line is a syntax error in each of these, so dependency-change would fail the build instead of
    // measuring the cache: Kotlin scripts, JSON lock files, NuGet's XML, and go.sum (which only skips blank lines).
    @Test(
          arguments: [
              ("build.gradle.kts", "// m"), ("settings.gradle.kts", "// m"), ("Package.resolved", " "),
              ("composer.lock", " "), ("Pipfile.lock", " "), ("packages.config", "<!-- m -->"), ("go.sum", " "),
          ])
    func manifestWhereHashIsNotAComment(file: String, expected: String) {
        #expect(ScenarioMutator.comment("m", forFile: file) == expected)
    }
}
