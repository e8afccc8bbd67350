import Foundation

/// Which test decided a comparison of two samples of seconds.
package enum ComparisonTest: String, Sendable, Codable {
    /// Both sides have two or more values: Welch's t-test.
    case welch
    /// One side has a single value: is it inside the other side's 95 % prediction interval?
    case predictionInterval = "prediction interval"
    /// One value on each side: the threshold alone decides.
    case singleBuilds = "single builds: no interval"
}
