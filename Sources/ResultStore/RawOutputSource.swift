import Foundation

/// Raw output too large to hold in memory, streamed into one phase of a build as it is inserted.
package struct RawOutputSource {
    /// Index into `NewBuild.phases`.
    package var phaseIndex: Int
    /// The next piece of output (each is compressed into its own chunk), nil at the end.
    package var next: () throws -> Data?

    package init(phaseIndex: Int, next: @escaping () throws -> Data?) {
        self.phaseIndex = phaseIndex
        self.next = next
    }
}
