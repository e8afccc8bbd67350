import BenchAnalysis
import Foundation

enum Format {
    static func seconds(_ value: Double) -> String { String(format: "%.1f s", value) }

    /// Decimal megabytes, as registries and `docker` print them.
    static func megabytes(_ bytes: Int64) -> String { String(format: "%.1f MB", Double(bytes) / 1_000_000) }

    /// `12.3 s ± 0.4` when there is an interval, else `12.3 s`.
    static func wall(_ cell: CellSummary) -> String {
        guard let wall = cell.wall else {
            if cell.unavailable > 0 { return StoredBuildStatus.unavailable.rawValue }
            return cell.failed > 0 ? "FAILED" : "-"
        }
        var text = seconds(wall.mean)
        if let ci = wall.confidence95 { text += String(format: " ± %.1f", ci) }
        if cell.failed > 0 { text += " (\(cell.failed) failed)" }
        return text
    }

    /// `2.5/6 cached, 0.5 missed (1.2 s of build steps), mean of 2`: counts averaged over the successful builds.
    static func steps(_ cell: CellSummary) -> String {
        guard let wall = cell.wall else { return "" }
        var text = "\(count(cell.cachedSteps))/\(cell.totalSteps) cached"
        if cell.missedSteps > 0 {
            text += String(format: ", %@ missed (%.1f s of build steps)", count(cell.missedSteps), cell.missedSeconds)
        }
        return wall.count > 1 ? text + ", mean of \(wall.count)" : text
    }

    static func count(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String(format: "%.1f", value)
    }

    /// `per-stage is 1.9x faster than naive on source-change (1.6x to 2.3x)`.
    static func speedup(_ s: Speedup) -> String {
        let faster = s.ratio >= 1
        let factor = faster ? s.ratio : 1 / s.ratio
        var text = String(format: "%@ is %.1fx %@ than %@ on %@", s.strategy, factor, faster ? "faster" : "slower", s.reference, s.scenario)
        guard let low = s.low, let high = s.high else { return text + " (one build on a side: no interval)" }
        let range = faster ? (low, high) : (1 / high, 1 / low)
        text += String(format: " (%.1fx to %.1fx", range.0, range.1)
        return text + (low < 1 && high > 1 ? ": not a clear difference)" : ")")
    }

    /// The heading over the speedup sentences.
    static func speedupHeading(_ analysis: RunAnalysis) -> String {
        "speedup over \(analysis.speedupReference): ratio of geometric-mean wall times, 95% interval from the difference of mean log times"
    }

    static func date(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// Left-aligned columns padded to the widest cell.
    static func table(_ rows: [[String]]) -> String {
        guard let first = rows.first else { return "" }
        var widths = Array(repeating: 0, count: first.count)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        return rows.map { row in
            row.enumerated().map { i, cell in i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
