import Foundation
import ResultStore

/// A step a real build served from cache while the model said it must rebuild.
package struct ModelError: Sendable, Equatable {
    package var build: BuildRecord
    package var step: StepRecord
}
