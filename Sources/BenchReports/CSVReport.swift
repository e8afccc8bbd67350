import BenchAnalysis
import Foundation

/// One row per build, for spreadsheets: every figure the other formats summarise.
package struct CSVReport: Renderer {
    package init() {}

    static let header = ["run", "strategy", "scenario", "iteration", "chain_position", "status", "wall_seconds",
                         "engine_startup_seconds", "cached_steps", "total_steps", "missed_steps", "missed_seconds",
                         "bytes_pushed", "bytes_pulled", "error", "model_errors", "missed_causes", "engine", "builder",
                         "final_image_bytes", "registry_cache_bytes", "local_cache_bytes"]

    package func render(_ analysis: RunAnalysis) -> String {
        // A run that measured a prediction gets its cell's prediction on every build's row.
        let predicted = analysis.prediction.map { !$0.errors.isEmpty } ?? false
        var lines = [(Self.header + (predicted ? PredictionReport.csvHeader : [])).joined(separator: ",")]
        for detail in analysis.builds {
            let b = detail.build
            let fields: [String] = [
                String(b.runId), b.strategy, b.scenario, String(b.iteration), String(b.chainPosition), b.status.rawValue,
                String(format: "%.3f", b.wallSeconds), String(format: "%.3f", b.engineStartupSeconds),
                String(detail.cachedSteps), String(detail.totalSteps), String(detail.missedSteps.count),
                String(format: "%.3f", detail.missedSeconds), String(detail.bytesPushed), String(detail.bytesPulled), b.error ?? "",
                String(detail.modelErrors.count), IdealCacheReport.causes(detail),
                b.engine ?? "not recorded", b.builder?.rawValue ?? "not recorded",
                ProductsReport.finalImageBytes(detail).map(String.init) ?? ProductsReport.notMeasured,
                Self.cacheBytes(detail, "registry"), Self.cacheBytes(detail, "local"),
            ]
            let prediction = PredictionReport.csvFields(analysis.prediction, strategy: b.strategy, scenario: b.scenario) ?? []
            lines.append((fields + prediction).map(Self.field).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// The bytes a backend held after the build; `not measured` for builds stored before it was measured, empty for
    /// a backend the strategy does not use.
    static func cacheBytes(_ detail: StoredBuild, _ backend: String) -> String {
        if let usage = detail.cacheUsage.first(where: { $0.backend == backend }) { return String(usage.bytes) }
        if backend == "local", !detail.cacheUsage.isEmpty { return "" }
        return detail.build.status == .unavailable ? "" : ProductsReport.notMeasured
    }

    /// `12.345` with three decimals; empty for no value.
    static func number(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "" }

    /// RFC 4180: quote fields holding a comma, quote, CR or LF; double inner quotes.
    static func field(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
