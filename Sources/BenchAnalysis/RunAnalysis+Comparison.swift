import Foundation
import ResultStore

extension RunAnalysis {
    /// The builds of one cell, in stored order.
    package func builds(_ strategy: String, _ scenario: String) -> [BuildDetail] {
        builds.filter { $0.build.strategy == strategy && $0.build.scenario == scenario }
    }
}
