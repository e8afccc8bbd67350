import Foundation
import Testing

@testable import DockerfileModel

/// BuildKit's own parser test cases, copied under Fixtures so a clean clone can run them.
struct ConformanceTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures/conformance/buildkit-dockerfile-parser")

    static func caseNames(_ folder: String) -> [String] {
        let directory = root.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted()
    }

    @Test func fixturesArePresent() {
        #expect(Self.caseNames("testfiles").count == 33)
        #expect(Self.caseNames("testfiles-negative").count == 4)
        #expect(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent("LICENSE").path))
        #expect(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent("README.md").path))
    }

    @Test(arguments: caseNames("testfiles"))
    func positiveCaseDumpsExactly(_ name: String) throws {
        let folder = Self.root.appendingPathComponent("testfiles").appendingPathComponent(name)
        let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent("Dockerfile")))
        let expected = try String(contentsOf: folder.appendingPathComponent("result"), encoding: .utf8)
        let dockerfile = try Dockerfile.parse(bytes: bytes, file: "\(name)/Dockerfile")
        #expect(dockerfile.astDump == expected)
    }

    @Test(arguments: caseNames("testfiles-negative"))
    func negativeCaseFailsWithFileAndLine(_ name: String) throws {
        let folder = Self.root.appendingPathComponent("testfiles-negative").appendingPathComponent(name)
        let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent("Dockerfile")))
        let file = "\(name)/Dockerfile"
        do {
            _ = try Dockerfile.parse(bytes: bytes, file: file)
            Issue.record("\(name) parsed without error")
        } catch {
            #expect(error.file == file)
            #expect(error.line >= 1)
            #expect(error.errorDescription?.hasPrefix("\(file):\(error.line): ") == true)
        }
    }
}
