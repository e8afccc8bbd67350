import Foundation
import Testing

@testable import DockerfileModel

/// A dozen Dockerfiles of the kinds real projects have (Fixtures/inference/NAME/, each a whole build context),
/// with the files a person reading them would pick to edit for `source-change` and `dependency-change`.
/// The picks are written down here by hand, with why.
struct InferenceFixtureTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/inference")

    struct Case: CustomStringConvertible, Sendable {
        var name: String
        var source: String?
        var manifest: String?
        var description: String { name }
    }

    static let cases: [Case] = [
        // `xargs apt-get install < /tmp/packages.txt`; make compiles main.c and util.c.
        Case(name: "apt-list-xargs", source: "src/main.c", manifest: "packages.txt"),
        // `cat /tmp/apt.list | xargs apt-get install`; go build ./cmd/server.
        Case(name: "apt-cat-xargs-go", source: "cmd/server/main.go", manifest: "apt.list"),
        // `pip install -r requirements/prod.txt` (dev.txt is copied too but not installed); `python -m app` runs app/__main__.py.
        Case(name: "pip-requirements-dir", source: "app/__main__.py", manifest: "requirements/prod.txt"),
        // npm ci reads package.json (the lock file pins it); tsc compiles src/index.ts.
        Case(name: "npm-typescript", source: "src/index.ts", manifest: "package.json"),
        // go mod download reads go.mod; main.go holds func main.
        Case(name: "go-modules", source: "main.go", manifest: "go.mod"),
        // cargo build reads Cargo.toml; src/main.rs is the crate root.
        Case(name: "cargo", source: "src/main.rs", manifest: "Cargo.toml"),
        // jq's shape: apt installs the toolchain with no copied list, `COPY . /app`, autotools build src/*.c;
        // compile-ios.sh is never run.
        Case(name: "autotools-jq-like", source: "src/main.c", manifest: nil),
        // CMakeLists.txt builds src/app.cpp and src/util.cpp; tools/format.sh is never run.
        Case(name: "cmake-cpp", source: "src/app.cpp", manifest: nil),
        // `conda env create --file=/tmp/env.yml`, a copy of environment.yml; `python -m analysis` runs __main__.py.
        Case(name: "conda-env-file", source: "analysis/__main__.py", manifest: "environment.yml"),
        // bundle install reads the Gemfile; the app's Ruby code is under app/.
        Case(name: "ruby-bundler", source: "app/models/user.rb", manifest: "Gemfile"),
        // `pip install .` reads pyproject.toml; src/pkg/core.py is the package's code (__init__.py is empty).
        Case(name: "pyproject-src-layout", source: "src/pkg/core.py", manifest: "pyproject.toml"),
        // `xargs -a /etc/build-deps apk add`; the Makefile compiles hello.c.
        Case(name: "apk-xargs-arg-file", source: "hello.c", manifest: "build-deps"),
    ]

    @Test(arguments: cases)
    func picksTheFileAPersonWould(_ fixture: Case) throws {
        let context = Self.directory.appendingPathComponent(fixture.name)
        let file = context.appendingPathComponent("Dockerfile")
        let dockerfile = try Dockerfile.parse(data: try Data(contentsOf: file), file: file.path)
        let result = ScenarioInference.infer(dockerfile: dockerfile, graph: try StageGraph(dockerfile: dockerfile),
                                             contextDirectory: context)
        #expect(result.sourceFile?.path == fixture.source, "\(result.sourceFile?.reason ?? "none")")
        #expect(result.dependencyManifest?.path == fixture.manifest, "\(result.dependencyManifest?.reason ?? "none")")
    }

    @Test func installerInputForms() {
        #expect(ScenarioInference.feedsInstaller("apt-get update && xargs apt-get install -y < /tmp/p.txt", file: "p.txt"))
        #expect(ScenarioInference.feedsInstaller("xargs apt-get install -y </tmp/p.txt", file: "p.txt"))
        #expect(ScenarioInference.feedsInstaller("grep -v '^#' /tmp/packages.txt | xargs apt-get install -y", file: "packages.txt"))
        #expect(ScenarioInference.feedsInstaller("apt-get install -y $(cat list)", file: "list"))
        #expect(ScenarioInference.feedsInstaller("pip install -r deps.txt", file: "deps.txt"))
        #expect(ScenarioInference.feedsInstaller("conda env update --file=env.yml", file: "env.yml"))
        // Named, but not as the installer's input: a source file compiled after installing the compiler.
        #expect(!ScenarioInference.feedsInstaller("apt-get install -y gcc && gcc -o hello hello.c", file: "hello.c"))
    }
}
