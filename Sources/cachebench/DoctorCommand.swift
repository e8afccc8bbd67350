import ArgumentParser
import BuildEngine
import Foundation

struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check every prerequisite and print the command that installs what is missing."
    )

    @Option(help: "Docker CLI to probe instead of the ones on PATH.")
    var dockerCli: String?

    func run() async throws {
        let caps = await EngineCapabilities.probe(runner: CacheBench.runner, dockerCLI: dockerCli)
        let cacheDirectory = BaseImageStore.defaultCacheDirectory()
        let engines = await EngineAvailability.probe(cacheDirectory: cacheDirectory, runner: CacheBench.runner)
        let buildxEngine = engines.first { $0.spec == .docker261 && $0.state != .unavailable }?.spec.name
        let checks = Doctor.checks(capabilities: caps, base: BaseImageStore(cacheDirectory: cacheDirectory), buildxEngine: buildxEngine)
            + EngineAvailability.doctorChecks(engines)
        for check in checks {
            let mark = check.ok ? "ok  " : (check.required ? "FAIL" : "warn")
            print("\(mark) \(check.name): \(check.detail)")
            if let fix = check.fix, !check.ok { print("     fix: \(fix)") }
        }
        let missing = checks.filter { $0.required && !$0.ok }
        if missing.isEmpty {
            print("\nready: `cachebench run DIR` can start its own registry and engines here.")
        } else {
            FileHandle.standardError.write(Data("error: \(missing.count) required prerequisite(s) missing; run the fix commands above.\n".utf8))
            throw ExitCode(1)
        }
    }
}
