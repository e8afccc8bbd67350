import Foundation

/// One line of output, stamped with the seconds since the command started.
package struct OutputLine: Sendable, Equatable, Codable {
    package var stream: OutputStream
    /// Seconds since the command was started, measured while streaming.
    package var at: Double
    package var text: String

    package init(stream: OutputStream, at: Double, text: String) {
        self.stream = stream
        self.at = at
        self.text = text
    }
}
