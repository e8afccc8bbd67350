import BenchAnalysis
import Foundation
import ResultStore

/// Rebuilds a strategy's CI script from the argv that cachebench actually ran, with the sandbox's
/// repository replaced by `$IMAGE` and the private paths by the user's own.
public enum CIScript {
    public static func script(strategy: String, analysis: RunAnalysis) -> String? {
        let candidates = analysis.builds.filter { $0.build.strategy == strategy && $0.build.status == "ok" && !$0.phases.isEmpty }
        guard let build = candidates.last else { return nil }
        let options = JSONReport.dictionary(analysis.run.options)
        let dockerfile = options["dockerfile"] ?? "Dockerfile"
        let marker = "/r\(analysis.run.id ?? 0)-i"
        var lines: [String] = []
        var buildKit: String?
        for phase in build.phases {
            let environment = JSONReport.dictionary(phase.environment)
            if buildKit == nil, let value = environment["DOCKER_BUILDKIT"] { buildKit = value }
            let words = displayWords(phase, marker: marker, strategy: strategy, dockerfile: dockerfile, image: options["image"])
            guard !words.isEmpty else { continue }
            lines.append(words.joined(separator: " ") + (phase.kind == "pull" ? " || true" : ""))
        }
        var header = ["# strategy \(strategy), as cachebench ran it (run \(analysis.run.id ?? 0))",
                      "# IMAGE is your repository, e.g. registry.example.com/team/app"]
        if lines.contains(where: { $0.contains("--target cachebench-stage-") }) {
            header.append("# Builders cannot --target an unnamed stage: name each one in your Dockerfile as cachebench did,")
            header.append("# `FROM <image> AS cachebench-stage-N` (N = the stage's index), or use names of your own here.")
        }
        if let buildKit { header.append("export DOCKER_BUILDKIT=\(buildKit)") }
        return (header + lines).joined(separator: "\n")
    }

    /// A stored phase's argv as the user would type it: `docker`, `$IMAGE`, `-f Dockerfile`, context `.`.
    static func displayWords(_ phase: PhaseRecord, marker: String, strategy: String, dockerfile: String,
                             image: String? = nil) -> [String] {
        var argv = phase.argvArray
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
        for i in argv.indices.dropFirst() {
            argv[i] = replaceImage(argv[i], marker: marker, strategy: strategy, image: image)
            if argv[i - 1] == "-f" { argv[i] = dockerfile }
        }
        if phase.kind == "build", let last = argv.indices.last, argv[last].hasPrefix("/") { argv[last] = "." }
        return argv.map { $0.contains("$IMAGE") ? "\"\($0)\"" : $0 }
    }

    /// The display form of one phase of a build in `analysis`.
    public static func commandLine(_ phase: PhaseRecord, strategy: String, analysis: RunAnalysis) -> String {
        let options = JSONReport.dictionary(analysis.run.options)
        return displayWords(phase, marker: "/r\(analysis.run.id ?? 0)-i", strategy: strategy,
                            dockerfile: options["dockerfile"] ?? "Dockerfile", image: options["image"])
            .joined(separator: " ")
    }

    /// `127.0.0.1:PORT/rN-iK/STRATEGY/NAME[:tag]` (also inside `ref=...`) becomes `$IMAGE[:tag]`.
    static func replaceImage(_ argument: String, marker: String, strategy: String, image: String? = nil) -> String {
        guard let markerRange = argument.range(of: marker) else { return argument }
        var start = markerRange.lowerBound
        while start > argument.startIndex {
            let previous = argument.index(before: start)
            if argument[previous] == "=" || argument[previous] == "," { break }
            start = previous
        }
        let afterMarker = argument[markerRange.upperBound...]
        guard let strategyRange = afterMarker.range(of: "/\(strategy)/") else { return argument }
        var end = strategyRange.upperBound
        if let image, argument[end...].hasPrefix(image) {
            // Only the repository itself: a suffix such as buildah's `-cache` stays (`$IMAGE-cache`).
            end = argument.index(end, offsetBy: image.count)
        } else {
            while end < argument.endIndex, argument[end] != ":", argument[end] != ",", argument[end] != "@" {
                end = argument.index(after: end)
            }
        }
        return argument.replacingCharacters(in: start..<end, with: "$IMAGE")
    }
}
