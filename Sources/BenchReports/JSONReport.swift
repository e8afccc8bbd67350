import BenchAnalysis
import Foundation

/// `{"run": {...}, "builds": [{"strategy", "scenario", "iteration", "status", "wallSeconds",
/// "steps": [{"stage", "index", "instruction", "cached", "seconds"}], "phases": [{"kind", "argv", "wallSeconds", "exitCode"}]}]}`.
/// Builds also carry `chainPosition`, `engineStartupSeconds`, `cachedSteps`, `totalSteps`, `missedSteps`,
/// `missedSeconds`, `bytesPushed`, `engine`, `builder`, `finalImageBytes`, `images` (`docker history` of the final
/// and pushed stage images: rows with `id`, `createdBy`, `createdAt`, `bytes`, `reused`), `cacheUsage` (bytes each
/// cache backend held after the build), the last four only when measured,
/// `bytesPulled` (both include what BuildKit moved itself, itemised as `bytesImported`, `bytesExported` and
/// `bytesPushedByBuildKit` when the build stored such transfers) and, when set, `error` and `modelErrors` (steps served from cache that the model said must rebuild);
/// steps carry, when known, `ideallyCached`, `idealState` (`cached`, `rebuild`, `depends-on-content`, `content-unchanged`),
/// `dockerfileLine`, `missCause` (why a step the ideal would serve was rebuilt) and `modelError: true`; phases carry
/// their `layers`. `speedups` lists every cell's `ratio` over the `reference` strategy with its 95 % interval (`low`, `high`).
/// A run with a stored prediction adds `prediction` (see `PredictionReport.JSONPrediction`). Keys are sorted; every figure is a stored row or computed from them.
package struct JSONReport: Renderer {
    package init() {}

    struct Document: Encodable {
        var run: Run
        var builds: [Build]
        var speedups: [Speedup]
        var prediction: PredictionReport.JSONPrediction?
    }

    struct Run: Encodable {
        var id: Int64
        var startedAt: String
        var finishedAt: String?
        var status: String
        var project: String
        var host: String
        var engineVersions: [String: String]
        var options: [String: String]
    }

    struct Build: Encodable {
        var strategy: String
        var scenario: String
        var iteration: Int
        var chainPosition: Int
        var status: String
        var error: String?
        var wallSeconds: Double
        var engineStartupSeconds: Double
        var cachedSteps: Int
        var totalSteps: Int
        var missedSteps: Int
        var missedSeconds: Double
        var modelErrors: Int?
        var bytesPushed: Int64
        var bytesPulled: Int64
        /// What BuildKit moved itself inside the build (part of the two above); only when the build stored any.
        var bytesImported: Int64?
        var bytesExported: Int64?
        var bytesPushedByBuildKit: Int64?
        var engine: String?
        var builder: String?
        var finalImageBytes: Int64?
        var images: [Image]?
        var cacheUsage: [CacheUsage]?
        var steps: [Step]
        var phases: [Phase]
    }

    struct Image: Encodable {
        var image: String
        var isFinal: Bool
        var exitCode: Int
        var layers: [ImageLayer]
    }

    struct ImageLayer: Encodable {
        var id: String
        var createdBy: String?
        var createdAt: String?
        var bytes: Int64?
        var reused: Bool?
    }

    struct CacheUsage: Encodable {
        var backend: String
        var location: String
        var bytes: Int64
        var items: Int
    }

    struct Step: Encodable {
        var stage: String?
        var index: Int?
        var instruction: String
        var cached: Bool
        var seconds: Double?
        var error: String?
        var ideallyCached: Bool?
        var idealState: String?
        var dockerfileLine: Int?
        var missCause: String?
        var modelError: Bool?

        init(_ step: StoredStep) {
            stage = step.stage; index = step.stepIndex; instruction = step.instruction; cached = step.cached
            seconds = step.seconds; error = step.error; ideallyCached = step.ideallyCached
            idealState = step.idealState?.rawValue; dockerfileLine = step.dockerfileLine
            missCause = step.cached ? nil : step.missCause; modelError = step.modelError ? true : nil
        }
    }

    struct Phase: Encodable {
        var kind: String
        var argv: [String]
        var wallSeconds: Double
        var exitCode: Int
        var layers: [Layer]
    }

    struct Layer: Encodable {
        var id: String
        var action: String
        var bytes: Int64?
    }

    package func render(_ analysis: RunAnalysis) -> String {
        let run = analysis.run
        let document = Document(
            run: Run(id: run.id ?? 0, startedAt: Format.date(run.startedAt), finishedAt: run.finishedAt.map(Format.date),
                     status: run.status.rawValue, project: run.project, host: run.host,
                     engineVersions: run.engineVersions, options: run.options),
            builds: analysis.builds.map { detail in
                Build(strategy: detail.build.strategy, scenario: detail.build.scenario, iteration: detail.build.iteration,
                      chainPosition: detail.build.chainPosition, status: detail.build.status.rawValue, error: detail.build.error,
                      wallSeconds: detail.build.wallSeconds, engineStartupSeconds: detail.build.engineStartupSeconds,
                      cachedSteps: detail.cachedSteps, totalSteps: detail.totalSteps,
                      missedSteps: detail.missedSteps.count, missedSeconds: detail.missedSeconds,
                      modelErrors: detail.modelErrors.isEmpty ? nil : detail.modelErrors.count,
                      bytesPushed: detail.bytesPushed, bytesPulled: detail.bytesPulled,
                      bytesImported: detail.hasBuildKitTransfers ? detail.bytesImported : nil,
                      bytesExported: detail.hasBuildKitTransfers ? detail.bytesExported : nil,
                      bytesPushedByBuildKit: detail.hasBuildKitTransfers ? detail.bytesPushedByBuildKit : nil,
                      engine: detail.build.engine, builder: detail.build.builder?.rawValue,
                      finalImageBytes: ProductsReport.finalImageBytes(detail),
                      images: detail.images.isEmpty ? nil : detail.images.map { image in
                          Image(image: image.history.image, isFinal: image.history.isFinal, exitCode: image.history.exitCode,
                                layers: image.layers.map {
                                    ImageLayer(id: $0.layerId, createdBy: $0.createdBy, createdAt: $0.createdAt.map(Format.date),
                                               bytes: $0.bytes, reused: $0.reused)
                                })
                      },
                      cacheUsage: detail.cacheUsage.isEmpty ? nil : detail.cacheUsage.map {
                          CacheUsage(backend: $0.backend, location: $0.location, bytes: $0.bytes, items: $0.items)
                      },
                      steps: detail.steps.map(Step.init),
                      phases: detail.phases.map { phase in
                          Phase(kind: phase.kind.rawValue, argv: phase.argv, wallSeconds: phase.wallSeconds, exitCode: phase.exitCode,
                                layers: detail.layers.filter { $0.phaseId == phase.id }.map {
                                    Layer(id: $0.layerId, action: $0.action.rawValue, bytes: $0.bytes)
                                })
                      })
            },
            speedups: analysis.speedups(reference: analysis.speedupReference),
            prediction: analysis.prediction.map(PredictionReport.JSONPrediction.init))
        return JSONText.encode(document)
    }

}
