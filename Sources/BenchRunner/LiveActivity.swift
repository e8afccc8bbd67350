import BuildEngine
import BuildLogParsing
import Foundation

/// Recognises the lines worth echoing as live progress.
enum LiveActivity {
    static func isStepLine(_ line: String) -> Bool {
        if line.hasPrefix("Step ") { return true }
        guard line.hasPrefix("#") else { return false }
        return line.contains(" [") && !line.contains("[internal]")
    }
}
