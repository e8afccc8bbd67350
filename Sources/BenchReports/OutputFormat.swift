import BenchAnalysis
import Foundation

/// Output formats of `--format`. `report` and `run` render a run in every one; the other commands list theirs in
/// their document's `Renderable.formats`, and the CLI refuses any other.
package enum OutputFormat: String, Sendable, CaseIterable {
    /// A terminal table: strategy × scenario, wall seconds and cached/total steps.
    case text
    /// Markdown for a PR or wiki: the table, each strategy's script as run, per-build step detail.
    case md
    /// Machine-readable: `{"run": {...}, "builds": [...]}` (see `JSONReport`).
    case json
    /// A self-contained page with an SVG chart (error bars), the table, the scripts and every build's steps.
    case html
    /// One row per build (RFC 4180), every figure, for spreadsheets.
    case csv

    /// The renderer of a stored run (`report`, `run`) in this format.
    package var renderer: any Renderer<RunAnalysis> {
        switch self {
        case .text: return TextReport()
        case .md: return MarkdownReport()
        case .json: return JSONReport()
        case .html: return HTMLReport()
        case .csv: return CSVReport()
        }
    }
}
