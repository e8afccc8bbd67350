import BuildEngine
import Foundation

/// A directory under the system temp dir, removed when the value is deinitialized.
final class ScratchDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("cbe-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func write(_ relative: String, _ contents: String, executable: Bool = false) throws -> String {
        let file = (path as NSString).appendingPathComponent(relative)
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: URL(fileURLWithPath: file))
        if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file) }
        return file
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

extension SubprocessRunner {
    /// A runner with a supervisor of its own: what a test starts is stopped by the test, never by a signal.
    init() { self.init(supervisor: ProcessSupervisor()) }
}
