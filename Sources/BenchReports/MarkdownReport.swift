import BenchAnalysis
import Foundation

/// A Markdown report: the headline table, each strategy's script as run, and per-build steps.
package struct MarkdownReport: Renderer {
    package init() {}

    package func render(_ analysis: RunAnalysis) -> String {
        let run = analysis.run
        let versions = run.engineVersions
        var out: [String] = []
        out.append("# cachebench: \(Markdown.text((run.project as NSString).lastPathComponent))")
        out.append("")
        out.append("Run \(run.id ?? 0), \(Format.date(run.startedAt)), status **\(Markdown.text(run.status.rawValue))**, \(analysis.iterations) iteration(s), "
                   + "host \(Markdown.code(run.host, inTable: false)).")
        out.append("Every build ran on a freshly started dockerd with an empty data root, like a new CI runner; "
                   + "each strategy's chain of builds shares only what it pushed to the registry.")
        if !versions.isEmpty {
            out.append("Engines: " + versions.keys.sorted().map { "\(Markdown.text($0)) \(Markdown.code(versions[$0]!, inTable: false))" }
                .joined(separator: ", ") + ".")
        }
        if let note = PackageCacheNote.line(options: run.options) { out.append(Markdown.text(note) + ".") }
        if let note = SharedMachineNote.line(options: run.options) { out.append(Markdown.text(note) + ".") }
        if let note = EngineStorageNote.line(options: run.options) { out.append(Markdown.text(note) + ".") }
        if let note = PullThroughNote.line(options: run.options) { out.append(Markdown.text(note) + ".") }
        out.append("")
        out.append("## Wall time per CI run")
        out.append("")
        out.append("Mean wall seconds of the strategy's whole script (pulls, builds, pushes; engine start-up excluded), "
                   + "± the 95% confidence interval when there are several iterations, and the RUN/COPY/ADD/WORKDIR steps served from cache. "
                   + "\"Missed\" steps were rebuilt although a perfect cache would have served them after that change "
                   + "(from the Dockerfile's change impact), with the seconds those steps took to build: step time only, "
                   + "not the pulls and pushes a perfect cache would also have shortened. With several iterations the counts "
                   + "are means over the successful builds (\"mean of N\").")
        out.append("")
        out.append("| strategy | " + analysis.scenarios.map(Markdown.text).joined(separator: " | ") + " |")
        out.append("| --- |" + String(repeating: " ---: |", count: analysis.scenarios.count))
        for strategy in analysis.strategies {
            var row = "| \(Markdown.code(strategy)) |"
            for scenario in analysis.scenarios {
                guard let cell = analysis.cell(strategy, scenario) else { row += " - |"; continue }
                let steps = Format.steps(cell)
                row += " \(Format.wall(cell))" + (steps.isEmpty ? "" : "<br>\(steps)") + " |"
            }
            out.append(row)
        }
        let problems = analysis.cells.filter { $0.failed > 0 || $0.unavailable > 0 }
        if !problems.isEmpty {
            out.append("")
            for cell in problems {
                out.append("- \(Markdown.code(cell.strategy, inTable: false)) · \(Markdown.text(cell.scenario)): "
                           + Markdown.text(cell.firstError ?? StoredBuildStatus.failed.rawValue))
            }
        }
        let speedups = analysis.speedups(reference: analysis.speedupReference)
        if !speedups.isEmpty {
            out += ["", "### Speedup over `\(analysis.speedupReference)`", "", Format.speedupHeading(analysis) + ".", ""]
            out += speedups.map { "- " + Format.speedup($0) }
        }
        let notes = IdealCacheReport.notes(analysis)
        if !notes.isEmpty {
            out.append("")
            out += notes.map { $0.hasPrefix("  ") ? "  - " + $0.dropFirst(2) : "- " + $0 }
        }
        if let prediction = analysis.prediction { out += PredictionReport.markdown(prediction) }
        out.append("")
        out.append("## Builders, images and caches")
        out.append("")
        if analysis.builders.contains(where: { $0.builder != nil }) {
            out.append("| strategy | builder |")
            out.append("| --- | --- |")
            for (strategy, builder) in analysis.builders {
                out.append("| \(Markdown.code(strategy)) | \(Markdown.text(RunAnalysis.builderName(builder))) |")
            }
        } else {
            out.append(Markdown.text(ProductsReport.builderLine(analysis)))
        }
        for section in [ProductsReport.imageLines(analysis), ProductsReport.cacheLines(analysis), ProductsReport.cacheMountLines(analysis)]
        where !section.isEmpty {
            out.append("")
            out.append(Markdown.text(section[0]))
            if section.count > 1 { out.append("") }
            out += section.dropFirst().map { "- " + Markdown.text(String($0.drop(while: { $0 == " " }))) }
        }
        out.append("")
        out.append("## Scripts, exactly as run")
        for strategy in analysis.strategies {
            guard let script = CIScript.script(strategy: strategy, analysis: analysis) else { continue }
            out.append("")
            out.append("### \(Markdown.code(strategy, inTable: false))")
            out.append("")
            out += Markdown.block(script, info: "sh")
        }
        out.append("")
        out.append("## Steps per build")
        for detail in analysis.builds where detail.build.status != .unavailable {
            let b = detail.build
            out.append("")
            out.append("### \(Markdown.code(b.strategy, inTable: false)) · \(Markdown.text(b.scenario)) · iteration \(b.iteration): \(Format.seconds(b.wallSeconds)), "
                       + "\(detail.cachedSteps)/\(detail.totalSteps) cached, pushed \(Format.megabytes(detail.bytesPushed)), "
                       + "pulled \(Format.megabytes(detail.bytesPulled)) \(Self.pullSource(detail))\(b.status == .ok ? "" : " · **\(Markdown.text(b.status.rawValue))**")")
            if let error = b.error { out.append(""); out.append("> \(Markdown.text(error))") }
            out.append("")
            out.append("| phase | command | s | exit |")
            out.append("| --- | --- | ---: | ---: |")
            for phase in detail.phases {
                let command = CIScript.commandLine(phase, build: detail)
                out.append("| \(Markdown.text(phase.kind.rawValue)) | \(Markdown.code(command)) | \(String(format: "%.1f", phase.wallSeconds)) | \(phase.exitCode) |")
            }
            if let final = detail.images.first(where: \.history.isFinal), !final.layers.isEmpty {
                out.append("")
                out.append("`docker history` of \(Markdown.code(final.history.image, inTable: false)):")
                out.append("")
                out.append("| layer | created by | size | made |")
                out.append("| --- | --- | ---: | --- |")
                for layer in final.layers {
                    let createdBy = (layer.createdBy ?? "").count > 70 ? String((layer.createdBy ?? "").prefix(69)) + "…" : (layer.createdBy ?? "")
                    let made = layer.reused.map { $0 ? "before this build (reused)" : "by this build" } ?? ProductsReport.notMeasured
                    out.append("| \(Markdown.code(String(layer.layerId.prefix(19)))) | \(Markdown.code(createdBy)) | "
                               + "\(layer.bytes.map(Format.megabytes) ?? ProductsReport.notMeasured) | \(made) |")
                }
            }
            let steps = detail.effectiveSteps
            if !steps.isEmpty {
                out.append("")
                out.append("| stage | # | instruction | cached | ideal | s |")
                out.append("| --- | ---: | --- | :---: | :---: | ---: |")
                for step in steps {
                    let instruction = step.instruction.count > 70 ? String(step.instruction.prefix(69)) + "…" : step.instruction
                    out.append("| \(Markdown.text(step.stage ?? "")) | \(step.stepIndex.map(String.init) ?? "") | \(Markdown.code(instruction)) | "
                               + "\(step.cached ? "yes" : "no") | \(IdealCacheReport.ideal(step))"
                               + "\(IdealCacheReport.verdict(step).map { " **\($0)**" } ?? "") | \(step.seconds.map { String(format: "%.1f", $0) } ?? "") |")
                }
            }
        }
        return out.joined(separator: "\n") + "\n"
    }
}

extension MarkdownReport {
    /// Where a build's pulled bytes came from: `docker pull` alone, or also BuildKit's own transfers, itemised.
    static func pullSource(_ detail: StoredBuild) -> String {
        guard detail.hasBuildKitTransfers else { return "by docker pull" }
        return "(BuildKit itself: imported \(Format.megabytes(detail.bytesImported)), exported "
            + "\(Format.megabytes(detail.bytesExported)), pushed \(Format.megabytes(detail.bytesPushedByBuildKit)))"
    }
}
