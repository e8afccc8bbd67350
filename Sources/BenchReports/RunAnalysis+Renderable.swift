import BenchAnalysis

extension RunAnalysis: Renderable {
    /// `report` and `run`: every format.
    package static var formats: [OutputFormat] { OutputFormat.allCases }
}
