import BenchAnalysis

extension Recommendation: Renderable {
    /// `recommend`: a ranking and a CI job, not a table of builds, so no csv; and no html page yet.
    package static var formats: [OutputFormat] { [.text, .md, .json] }
}
