import BenchAnalysis
import Foundation

/// Text of a prediction: the same table as `run`, marked "predicted", per link; the ranking and where it flips;
/// and, for a confirmed prediction, every measured cell's error.
public enum PredictionReport {
    /// One table per link: "21.3 s ± 2.1" per cell.
    public static func tables(cells: [PredictedCell], links: [String], calibrationRunId: Int64) -> String {
        var out: [String] = []
        for link in links {
            let mine = cells.filter { $0.network == link }
            let strategies = ordered(mine.map(\.strategy)), scenarios = ordered(mine.map(\.scenario))
            out.append("predicted (from calibration run \(calibrationRunId)), network \(link): wall seconds of each CI run ± 95% interval")
            var rows: [[String]] = [["strategy"] + scenarios]
            for strategy in strategies {
                rows.append([strategy] + scenarios.map { scenario in
                    mine.first { $0.strategy == strategy && $0.scenario == scenario }
                        .map { String(format: "%.1f s ± %.1f predicted", $0.seconds, $0.interval) } ?? "-"
                })
            }
            out.append(Format.table(rows))
            out.append("")
        }
        return out.joined(separator: "\n")
    }

    /// The ranking on each link, and the bandwidths where the order of two strategies flips.
    public static func recommendation(rankings: [PredictedRanking], flips: [BandwidthFlip]) -> String {
        var out = rankings.map { $0.summary() }
        for flip in flips { out.append("what-if: " + flip.sentence) }
        return out.joined(separator: "\n") + "\n"
    }

    /// Predicted beside measured, cell by cell, with the error and, over 15 %, the term that was wrong.
    public static func errors(_ errors: [PredictionError]) -> String {
        guard !errors.isEmpty else { return "" }
        var rows: [[String]] = [["strategy", "scenario", "predicted", "measured", "error"]]
        for error in errors {
            var verdict = String(format: "%+.0f%%", error.relativeError * 100)
            if error.flagged, let term = error.wrongTerm, let off = error.termErrors[term] {
                verdict += String(format: " over 15%%: %@ term off by %+.1f s", term, off)
            }
            rows.append([error.strategy, error.scenario, String(format: "%.1f s ± %.1f", error.predicted, error.interval),
                         String(format: "%.1f s", error.measured), verdict])
        }
        let flagged = errors.filter(\.flagged).count
        return "prediction error of every measured cell (predicted − measured, over measured):\n" + Format.table(rows)
            + "\n\(errors.count - flagged) of \(errors.count) cells within 15%\n"
    }

    static func ordered(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }
}

extension PredictionReport {
    /// For `report`: a stored run's prediction beside its measured cells (a confirmation run), or the predicted tables
    /// (a calibration run); empty when the run has no prediction.
    public static func stored(_ prediction: StoredPrediction?) -> String {
        switch prediction {
        case nil: return ""
        case .confirmed(let measured): return "\n" + errors(measured)
        case .predicted(let cells, let networks, let calibrationRunId, let spreadSource):
            return "\n" + tables(cells: cells, links: networks, calibrationRunId: calibrationRunId) + "intervals: \(spreadSource)\n"
        }
    }
}
