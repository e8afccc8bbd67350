import Foundation
import ResultStore

/// A step a real build served from cache while the model said it must rebuild.
public struct ModelError: Sendable, Equatable {
    public var build: BuildRecord
    public var step: StepRecord
}
