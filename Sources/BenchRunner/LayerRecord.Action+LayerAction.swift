import BenchAnalysis
import BuildEngine
import BuildLogParsing
import Foundation
import ResultStore

extension LayerRecord.Action {
    /// The stored action for a layer a push or pull printed; nil for a `docker history` row, which is no transfer.
    init?(_ parsed: LayerAction) {
        switch parsed {
        case .pushed: self = .pushed
        case .exists: self = .exists
        case .mounted: self = .mounted
        case .pulled: self = .pulled
        case .alreadyExists: self = .alreadyExists
        case .imported: self = .imported
        case .exported: self = .exported
        case .history: return nil
        }
    }
}
