import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Daemon logs kept past their temp dirs, for the error messages that name them.
enum KeptLog {
    /// Copies `log` to `DIRECTORY/NAME-TIME-PID.log` (the directory made 0700 if missing); nil if it cannot.
    static func keep(_ log: String, as name: String, in directory: String) -> String? {
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        let target = "\(directory)/\(name)-\(Int(Date().timeIntervalSince1970))-\(getpid()).log"
        return (try? FileManager.default.copyItem(atPath: log, toPath: target)) != nil ? target : nil
    }
}
