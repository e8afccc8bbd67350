import BenchAnalysis
import BuildEngine
import Foundation

/// Rebuilds a strategy's CI script from the argv that cachebench actually ran, with the sandbox's
/// repository replaced by `$IMAGE` and the private paths by the user's own. Every word is rendered by
/// `ShellScript`, so a stored value (a build arg, a path) is always one quoted word.
public enum CIScript {
    /// The script as data, for `RecommendationReport` to wrap as a CI job.
    public static func shellScript(strategy: String, analysis: RunAnalysis) -> ShellScript? {
        let candidates = analysis.builds.filter { $0.build.strategy == strategy && $0.build.status == "ok" && !$0.phases.isEmpty }
        guard let build = candidates.last else { return nil }
        let options = JSONReport.dictionary(analysis.run.options)
        let dockerfile = options["dockerfile"] ?? "Dockerfile"
        let marker = "/r\(analysis.run.id ?? 0)-i"
        var lines: [ShellScript.Line] = []
        var buildKit: String?
        var secrets: [String] = []
        for phase in build.phases {
            // The CI system restores and saves its cache itself (actions/cache, GitLab `cache:`).
            if phase.kind == "restore" || phase.kind == "save" { continue }
            let environment = JSONReport.dictionary(phase.environment)
            if buildKit == nil, let value = environment["DOCKER_BUILDKIT"] { buildKit = value }
            let words = displayWords(phase, marker: marker, strategy: strategy, dockerfile: dockerfile, image: options["image"])
            guard !words.isEmpty else { continue }
            secrets += secretBuildArgs(phase.argvArray).filter { !secrets.contains($0) }
            lines.append(ShellScript.Line(words, allowFailure: phase.kind == "pull"))
        }
        var comments = ["strategy \(strategy), as cachebench ran it (run \(analysis.run.id ?? 0))",
                        "IMAGE is your repository, e.g. registry.example.com/team/app"]
        if build.phases.contains(where: { $0.kind == "restore" }) {
            comments.append("Before: restore \(localCacheDirectory) from your CI cache (actions/cache, GitLab cache:); after: save it")
        }
        if lines.contains(where: { $0.words.contains { $0.value([:]).hasPrefix("cachebench-stage-") } }) {
            comments.append("Builders cannot --target an unnamed stage: name each one in your Dockerfile as cachebench did,")
            comments.append("`FROM <image> AS cachebench-stage-N` (N = the stage's index), or use names of your own here.")
        }
        if !secrets.isEmpty {
            comments.append("Secret build args come from the environment (docker reads `--build-arg NAME` from it): "
                            + secrets.joined(separator: ", ") + ".")
        }
        var requirements = [ShellScript.Requirement(name: "IMAGE", hint: "set IMAGE to your repository", lowercase: true)]
        requirements += secrets.map { ShellScript.Requirement(name: $0, hint: "set \($0), a secret build arg", export: true) }
        return ShellScript(comments: comments, requirements: requirements,
                           exports: buildKit.map { [("DOCKER_BUILDKIT", $0)] } ?? [], lines: lines)
    }

    /// The bash script, as printed in reports.
    public static func script(strategy: String, analysis: RunAnalysis) -> String? {
        shellScript(strategy: strategy, analysis: analysis)?.bash
    }

    /// Names of build args stored redacted (`NAME=***`): the script takes their values from the environment.
    static func secretBuildArgs(_ argv: [String]) -> [String] {
        zip(argv, argv.dropFirst()).compactMap { flag, value in
            flag == "--build-arg" && value.hasSuffix("=" + Redaction.mask) ? String(value.dropLast(Redaction.mask.count + 1)) : nil
        }
    }

    /// A stored phase's argv as the user would type it: `docker`, `$IMAGE`, `-f Dockerfile`, context `.`.
    static func displayWords(_ phase: StoredPhase, marker: String, strategy: String, dockerfile: String,
                             image: String? = nil) -> [ShellWord] {
        var argv = phase.argvArray.map(userCacheDirectory)
        let strategy = RunAnalysis.strategyID(of: strategy)
        guard !argv.isEmpty else { return [] }
        let program = (argv[0] as NSString).lastPathComponent
        argv[0] = program == "buildah" ? "buildah" : "docker"
        if program == "buildah" {
            // Per-build storage and the sandbox's registries.conf are cachebench's, not part of the user's script.
            var kept = [argv[0]]
            var i = 1
            while i < argv.count {
                if ["--root", "--runroot", "--registries-conf"].contains(argv[i]) { i += 2; continue }
                kept.append(argv[i])
                i += 1
            }
            argv = kept
        }
        var words = [ShellWord(argv[0])]
        for i in argv.indices.dropFirst() {
            let previous = argv[i - 1]
            if previous == "-f" {
                words.append(ShellWord(dockerfile))
            } else if previous == "--build-arg" {
                // A user's value, never an image: a redacted secret becomes `NAME`, read from the environment.
                let secret = argv[i].hasSuffix("=" + Redaction.mask)
                words.append(ShellWord(secret ? String(argv[i].dropLast(Redaction.mask.count + 1)) : argv[i]))
            } else if phase.kind == "build", i == argv.count - 1, argv[i].hasPrefix("/") {
                words.append(ShellWord("."))
            } else if let range = imageRange(argv[i], marker: marker, strategy: strategy, image: image),
                      let word = ShellWord(String(argv[i][..<range.lowerBound]), variable: "IMAGE",
                                           String(argv[i][range.upperBound...])) {
                words.append(word)
            } else {
                words.append(ShellWord(argv[i]))
            }
        }
        return words
    }

    /// Where a pasted `local` script keeps its cache, relative to the checkout.
    static let localCacheDirectory = ".buildx-cache"

    /// `type=local,src=/…/ci-cache-runner` (the runner directory cachebench used) becomes `type=local,src=.buildx-cache`.
    static func userCacheDirectory(_ argument: String) -> String {
        guard let range = argument.range(of: "/ci-cache-runner") else { return argument }
        var start = range.lowerBound
        while start > argument.startIndex, !"=,".contains(argument[argument.index(before: start)]) {
            start = argument.index(before: start)
        }
        return argument.replacingCharacters(in: start..<range.upperBound, with: localCacheDirectory)
    }

    /// The display form of one phase of a build in `analysis`.
    public static func commandLine(_ phase: StoredPhase, strategy: String, analysis: RunAnalysis) -> String {
        let options = JSONReport.dictionary(analysis.run.options)
        return displayWords(phase, marker: "/r\(analysis.run.id ?? 0)-i", strategy: strategy,
                            dockerfile: options["dockerfile"] ?? "Dockerfile", image: options["image"])
            .map(\.rendered).joined(separator: " ")
    }

    /// `127.0.0.1:PORT/rN-iK/STRATEGY/NAME[:tag]` (also inside `ref=...`) becomes `$IMAGE[:tag]`.
    static func replaceImage(_ argument: String, marker: String, strategy: String, image: String? = nil) -> String {
        guard let range = imageRange(argument, marker: marker, strategy: strategy, image: image) else { return argument }
        return argument.replacingCharacters(in: range, with: "$IMAGE")
    }

    /// Where the sandbox repository lies in `argument`.
    static func imageRange(_ argument: String, marker: String, strategy: String, image: String? = nil) -> Range<String.Index>? {
        guard let markerRange = argument.range(of: marker) else { return nil }
        var start = markerRange.lowerBound
        while start > argument.startIndex {
            let previous = argument.index(before: start)
            if argument[previous] == "=" || argument[previous] == "," { break }
            start = previous
        }
        let afterMarker = argument[markerRange.upperBound...]
        guard let strategyRange = afterMarker.range(of: "/\(strategy)/") else { return nil }
        var end = strategyRange.upperBound
        if let image, argument[end...].hasPrefix(image) {
            // Only the repository itself: a suffix such as buildah's `-cache` stays (`$IMAGE-cache`).
            end = argument.index(end, offsetBy: image.count)
        } else {
            while end < argument.endIndex, argument[end] != ":", argument[end] != ",", argument[end] != "@" {
                end = argument.index(after: end)
            }
        }
        return start..<end
    }
}
