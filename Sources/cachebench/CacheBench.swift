import ArgumentParser

@main
struct CacheBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cachebench",
        abstract: "Measure Docker build-cache strategies on fresh, empty CI-like engines.",
        subcommands: [ParseLogCommand.self]
    )
}
