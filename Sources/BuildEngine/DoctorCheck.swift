import Foundation

/// One line of `cachebench doctor`.
package struct DoctorCheck: Sendable, Equatable {
    package var name: String
    package var ok: Bool
    /// What was found.
    package var detail: String
    /// The exact command that fixes it, when it is not ok.
    package var fix: String?
    /// Required for `cachebench run` (false: only some strategies need it).
    package var required: Bool
}
