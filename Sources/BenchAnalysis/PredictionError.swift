import Foundation
import ResultStore

/// A measured cell beside its prediction: the error, and when it passes the threshold, the term to blame.
package struct PredictionError: Sendable, Equatable {
    package var strategy: String
    package var scenario: String
    package var predicted: Double
    package var interval: Double
    /// Mean wall seconds of the measured builds.
    package var measured: Double
    /// Per term, measured minus predicted seconds.
    package var termErrors: [String: Double]

    /// (predicted − measured) / measured.
    package var relativeError: Double { measured > 0 ? (predicted - measured) / measured : 0 }
    /// Errors above this fraction are flagged with their cause.
    package static let threshold = 0.15
    package var flagged: Bool { abs(relativeError) > Self.threshold }
    /// Whether the measured mean lies inside the predicted 95 % interval (made for one build: for the mean of several
    /// it is wider than it need be).
    package var insideInterval: Bool { abs(predicted - measured) <= interval }

    /// The name of the term of a build that both imports and exports its cache itself: its phases cannot tell them apart.
    static let insideTheBuild = "extraction and pushes (inside the build)"

    /// The term whose measured seconds differ most from the predicted ones.
    package var wrongTerm: String? {
        termErrors.max { abs($0.value) < abs($1.value) }.map(\.key)
    }

    /// "+8% (predicted 21.3 s, measured 19.7 s)", or with a flag "−31%: pulls off by +6.2 s (…)".
    package var sentence: String {
        var text = String(format: "%+.0f%% (predicted %.1f s ± %.1f, measured %.1f s)", relativeError * 100, predicted,
                          interval, measured)
        if flagged, let term = wrongTerm, let off = termErrors[term] {
            text += String(format: "; over 15%%: the %@ term was wrong by %+.1f s (measured minus predicted)", term, off)
        }
        return text
    }

    /// Compares a prediction with the successful builds of its cell.
    package init?(predicted cell: PredictedCell, measured builds: [BuildDetail]) {
        let ok = builds.filter { $0.build.status == .ok }
        guard !ok.isEmpty else { return nil }
        strategy = cell.strategy
        scenario = cell.scenario
        predicted = cell.seconds
        interval = cell.interval
        measured = ok.map(\.build.wallSeconds).reduce(0, +) / Double(ok.count)
        let terms = ok.map(MeasuredTerms.init)
        func mean(_ path: KeyPath<MeasuredTerms, Double>) -> Double { terms.map { $0[keyPath: path] }.reduce(0, +) / Double(terms.count) }
        // Measured pull phases hold transfer, extraction and command overhead together: they are split the way the
        // prediction split them, so the bigger share of the pull error is named.
        let pullError = mean(\.pulls) - cell.pulls - cell.extraction
        let pullTerm = cell.extraction > cell.pulls ? "extraction" : "pulls"
        termErrors = [
            "steps": mean(\.steps) - cell.steps,
            "build overhead": mean(\.buildOverhead) - cell.overhead,
            pullTerm: pullError,
            "pushes": mean(\.pushes) - cell.pushes,
        ]
        // A build that fetches its cache itself (BuildKit) prints no time for it: the import is inside the build's
        // overhead, so the two are judged together, as extraction. Likewise a build that pushes or exports its cache
        // itself (buildx --push, --cache-to) has no push phase: its export is inside the build, judged as pushes.
        // Which builds do so is read from the commands they ran (`--cache-from`, `--push`, `--cache-to`), not from
        // what the model predicted for them.
        let noPulls = ok.allSatisfy { !$0.phases.contains { $0.kind == .pull } }
        let noPushes = ok.allSatisfy { !$0.phases.contains { $0.kind == .push } }
        func built(with flags: Set<String>) -> Bool {
            ok.contains { $0.phases.contains { $0.kind == .build && $0.argv.contains { flags.contains($0) } } }
        }
        let importInside = noPulls && (cell.extraction > 0 || built(with: ["--cache-from"]) && ok.allSatisfy { $0.build.chainPosition > 0 })
        let exportInside = noPushes && (cell.pushes > 0 || built(with: ["--push", "--cache-to"]))
        if importInside || exportInside {
            var measuredPart = mean(\.buildOverhead), predictedPart = cell.overhead
            termErrors["build overhead"] = nil
            if importInside {
                termErrors[pullTerm] = nil
                measuredPart += mean(\.pulls); predictedPart += cell.pulls + cell.extraction
            }
            if exportInside {
                termErrors["pushes"] = nil
                measuredPart += mean(\.pushes); predictedPart += cell.pushes
            }
            let name = importInside && exportInside ? Self.insideTheBuild : importInside ? "extraction" : "pushes"
            termErrors[name] = measuredPart - predictedPart
        }
    }
}
