import BuildLogParsing
import Foundation

enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    static func data(_ name: String) -> Data { (try? Data(contentsOf: url(name))) ?? Data() }

    static func text(_ name: String) -> String { String(decoding: data(name), as: UTF8.self) }

    /// Lines as the runner would see them (split at `\n`, the last empty piece dropped).
    /// Split at the byte `\n`: splitting a String at the Character "\n" would keep `\r\n` lines joined.
    static func lines(_ name: String) -> [Substring] {
        var lines = Array(data(name)).split(separator: 10, omittingEmptySubsequences: false)
            .map { Substring(String(decoding: $0, as: UTF8.self)) }
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    static var allNames: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix(".log") || $0.hasSuffix(".jsonl") }.sorted()
    }

    static func parse(_ name: String, format: LogFormat? = nil) throws -> ParsedLog {
        try ParsedLog.parse(contentsOf: url(name), format: format)
    }
}
