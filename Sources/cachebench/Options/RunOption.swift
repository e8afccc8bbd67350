import ArgumentParser

/// `--run ID|latest`, for the commands that read one stored run.
struct RunOption: ParsableArguments {
    @Option(name: .customLong("run"), help: "Run id, or `latest`.")
    var selector: RunSelector = .latest
}
