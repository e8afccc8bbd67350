import Foundation
import Testing

/// BenchReports reads stored runs only through BenchAnalysis (issue 7): no file of it imports ResultStore, and
/// BenchAnalysis does not hand ResultStore over with `@_exported`. Reads the sources, so it costs no build.
@Suite struct LayeringTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")

    /// `import ResultStore` in any form: `@testable`, `@_exported`, `import struct ResultStore.BuildRecord`.
    static func importsResultStore(_ line: Substring) -> Bool {
        line.contains(/^\s*(?:@\w+\s+)*import\s+(?:(?:struct|class|enum|protocol|typealias|func|var|let)\s+)?ResultStore(?!\w)/)
    }

    static func swiftLines(of target: String) throws -> [(file: String, line: Substring)] {
        let directory = sources.appendingPathComponent(target)
        let files = try FileManager.default.subpathsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".swift") }.sorted()
        return try files.flatMap { file in
            try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: false).map { (file, $0) }
        }
    }

    @Test func theImportCheckRecognisesEveryFormOfTheImport() {
        for line in ["import ResultStore", "@testable import ResultStore", "@_exported import ResultStore",
                     "  import struct ResultStore.BuildRecord", "@preconcurrency import ResultStore"] {
            #expect(Self.importsResultStore(line[...]), "\(line)")
        }
        for line in ["import BenchAnalysis", "// import ResultStore", "import ResultStoreKit", "let store: ResultStore"] {
            #expect(!Self.importsResultStore(line[...]), "\(line)")
        }
    }

    @Test func benchReportsImportsNoResultStore() throws {
        let lines = try Self.swiftLines(of: "BenchReports")
        #expect(Set(lines.map(\.file)).count > 10, "Sources/BenchReports not found under \(Self.sources.path)")
        let offending = lines.filter { Self.importsResultStore($0.line) }.map { "\($0.file): \($0.line)" }
        #expect(offending.isEmpty, "BenchReports reads stored runs only through BenchAnalysis (its Stored* names): \(offending)")
    }

    @Test func benchAnalysisReexportsNoModule() throws {
        let lines = try Self.swiftLines(of: "BenchAnalysis")
        #expect(Set(lines.map(\.file)).count > 10, "Sources/BenchAnalysis not found under \(Self.sources.path)")
        let offending = lines.filter { $0.line.contains("@_exported") }.map { "\($0.file): \($0.line)" }
        #expect(offending.isEmpty, "BenchAnalysis must not re-export ResultStore: \(offending)")
    }
}
