import Foundation

/// The report's line when other cachebench runs shared the machine (the run's stored `sharedMachine`).
enum SharedMachineNote {
    static func line(options: [String: String]) -> String? {
        options["sharedMachine"].map { "note: \($0)" }
    }
}
