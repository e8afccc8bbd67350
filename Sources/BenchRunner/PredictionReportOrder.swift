import BenchAnalysis
import BuildEngine
import Foundation

enum PredictionReportOrder {
    static func strategies(_ cells: [PredictedCell]) -> [String] {
        var seen = Set<String>()
        return cells.map(\.strategy).filter { seen.insert($0).inserted }
    }
}
