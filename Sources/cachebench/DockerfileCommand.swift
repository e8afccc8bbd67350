import ArgumentParser
import DockerfileModel
import Foundation

/// `cachebench dockerfile`: parse a Dockerfile and print its AST, stage graph, change impact or
/// inferred scenario files. Argument parsing only; the work is in DockerfileModel.
struct DockerfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dockerfile",
        abstract: "Parse a Dockerfile: AST dump, stage graph, change impact, inferred scenario files."
    )

    /// What `--dump` prints.
    enum Dump: String, ExpressibleByArgument, CaseIterable {
        /// BuildKit's AST dump.
        case ast
        /// The stage graph as JSON.
        case stages
        /// The instructions with flags, arguments and line ranges as JSON.
        case json
    }

    @Argument(help: "The Dockerfile to read.")
    var file: String

    @Option(help: "What to print: ast, stages or json.")
    var dump: Dump?

    @Option(parsing: .upToNextOption, help: "Changed paths, relative to the build context: print the change impact.")
    var impact: [String] = []

    @Option(help: "A build arg whose value changed (repeatable), for --impact.")
    var changedBuildArg: [String] = []

    @Option(help: "A base image whose digest changed (repeatable), for --impact.")
    var changedBase: [String] = []

    @Option(help: "The stage to build (default: the last one).")
    var target: String?

    @Option(help: "A build argument K=V (repeatable).")
    var buildArg: [String] = []

    @Flag(help: "Print the inferred source file and dependency manifest.")
    var infer = false

    @Option(help: "The build context directory (default: the Dockerfile's directory).")
    var context: String?

    func validate() throws {
        for argument in buildArg where !argument.contains("=") {
            throw CommandFailure(.failure, "--build-arg \(argument): expected K=V — pass --build-arg NAME=VALUE")
        }
    }

    func run() throws {
        let url = URL(fileURLWithPath: file)
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: url))
        } catch {
            throw CommandFailure(.failure, "\(file):1: cannot read the file — check the path")
        }
        let dockerfile = try Dockerfile.parse(bytes: bytes, file: file)
        let arguments = Dictionary(
            buildArg.map { pair -> (String, String) in
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
            }, uniquingKeysWith: { _, last in last })
        let contextURL = context.map { URL(fileURLWithPath: $0) } ?? url.deletingLastPathComponent()
        var printed = false
        switch dump {
        case .ast:
            print(dockerfile.astDump, terminator: "")
            printed = true
        case .json:
            print(dockerfile.jsonString())
            printed = true
        case .stages:
            print(try StageGraph(dockerfile: dockerfile, buildArgs: arguments, target: target).jsonString())
            printed = true
        case nil:
            break
        }
        if !impact.isEmpty || !changedBuildArg.isEmpty || !changedBase.isEmpty {
            let ignore = DockerIgnore.file(contextDirectory: contextURL, dockerfile: url)
                .flatMap { try? String(contentsOf: $0, encoding: .utf8) }
            let result = try dockerfile.changeImpact(
                changedPaths: impact, dockerignore: ignore, changedBuildArgs: Set(changedBuildArg),
                changedBaseImages: Set(changedBase), buildArgs: arguments, target: target)
            print(result.jsonString())
            printed = true
        }
        if infer {
            let graph = try StageGraph(dockerfile: dockerfile, buildArgs: arguments, target: target)
            print(
                ScenarioInference.infer(dockerfile: dockerfile, graph: graph, contextDirectory: contextURL).text,
                terminator: "")
            printed = true
        }
        if !printed {
            print(try StageGraph(dockerfile: dockerfile, buildArgs: arguments, target: target).jsonString())
        }
    }
}
