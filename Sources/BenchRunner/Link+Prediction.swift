import BenchAnalysis
import BuildEngine
import Foundation

extension Link {
    /// The link a network profile emulates.
    package init(_ profile: NetworkProfile) {
        self.init(name: profile.name, bytesPerSecond: profile.bytesPerSecond, latency: profile.latency)
    }
}
