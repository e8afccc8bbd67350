import BuildEngine
import BenchRunner
import Foundation

/// Files under Tests/BenchRunnerTests/Fixtures (copied from real engine output; see Fixtures/README.md).
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func log(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent("logs/\(name)"), encoding: .utf8)
    }

    static var helloC: URL { directory.appendingPathComponent("hello-c") }
}

/// A directory under the system temp dir, removed when the value is deinitialized.
final class Scratch {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("cbr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    @discardableResult
    func write(_ relative: String, _ contents: String) throws -> URL {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: file)
        return file
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOf: url.appendingPathComponent(relative), encoding: .utf8)
    }

    /// A copy of the hello-c sample under `name`, writable.
    func helloC(named name: String = "hello-c") throws -> URL {
        let target = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        for file in ["Dockerfile", "hello.c"] {
            let data = try Data(contentsOf: Fixtures.helloC.appendingPathComponent(file))
            try data.write(to: target.appendingPathComponent(file))
        }
        return target
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// Thread-safe collection for values reported from `@Sendable` callbacks.
final class Box<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [T] = []
    func append(_ value: T) { lock.withLock { storage.append(value) } }
    var values: [T] { lock.withLock { storage } }
}

/// Tests write step keys as the prediction labels print them: `compile-image#2`, `#1` for a step without a stage.
extension StepKey: ExpressibleByStringLiteral {
    public init(stringLiteral text: String) {
        let hash = text.lastIndex(of: "#")!
        let stage = String(text[..<hash])
        self.init(stage: stage.isEmpty ? nil : stage, index: Int(text[text.index(after: hash)...])!)
    }
}

extension SubprocessRunner {
    /// A runner with a supervisor of its own: what a test starts is stopped by the test, never by a signal.
    init() { self.init(supervisor: ProcessSupervisor()) }
}
