import Foundation

/// Which lines a `CommandResult` keeps. A caller that takes every line from `onLine` as it arrives (a build phase,
/// whose log can be gigabytes) keeps only a tail, so that memory does not grow with the output.
package enum OutputRetention: Sendable, Equatable {
    /// Every line, in arrival order.
    case all
    /// Only the last `count` lines that are not blank: what `CommandResult.tail` shows in an error message.
    case tail(Int)
}
