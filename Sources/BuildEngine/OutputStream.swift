import Foundation

/// Which stream a line came from.
package enum OutputStream: String, Sendable, Codable {
    case stdout, stderr
}
