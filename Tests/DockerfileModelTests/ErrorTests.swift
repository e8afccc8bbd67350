import Foundation
import Testing

@testable import DockerfileModel

/// Bad input: a clear error naming file and line, never a crash.
struct ErrorTests {
    func parseError(_ text: String, file: String = "Dockerfile") -> DockerfileError? {
        do {
            _ = try Dockerfile.parse(text: text, file: file)
            return nil
        } catch {
            return error
        }
    }

    func graphError(_ text: String, target: String? = nil) throws -> DockerfileError? {
        let dockerfile = try Dockerfile.parse(text: text, file: "app/Dockerfile")
        do {
            _ = try StageGraph(dockerfile: dockerfile, target: target)
            return nil
        } catch {
            return error
        }
    }

    @Test func unknownInstruction() {
        let error = parseError("FROM a\nRUN x\nFRM b\n")
        #expect(error == .unknownInstruction(file: "Dockerfile", line: 3, instruction: "FRM"))
        #expect(error?.errorDescription == "Dockerfile:3: unknown instruction \"FRM\" — fix the spelling, or end the previous line with the escape character if this line continues it")
    }

    @Test func unterminatedHeredoc() {
        let error = parseError("FROM a\nRUN <<EOF\necho hi\nEOF \n")
        #expect(error == .unterminatedHeredoc(file: "Dockerfile", line: 2, delimiter: "EOF"))
    }

    @Test func emptyDockerfile() {
        #expect(parseError("") == .emptyDockerfile(file: "Dockerfile", line: 1))
        #expect(parseError("\n  \n") == .emptyDockerfile(file: "Dockerfile", line: 2))
    }

    @Test func onlyComments() {
        let error = parseError("# syntax=docker/dockerfile:1\n# nothing else\n\n")
        #expect(error == .onlyComments(file: "Dockerfile", line: 3))
        #expect(error?.errorDescription?.hasPrefix("Dockerfile:3: ") == true)
    }

    @Test func copyFromItsOwnStage() throws {
        let error = try graphError("FROM a AS build\nCOPY --from=build /x /y\n")
        #expect(error == .stageRefersToItself(file: "app/Dockerfile", line: 2, stage: "build"))
        let byIndex = try graphError("FROM a\nFROM b\nRUN --mount=type=cache,from=1,target=/c true\n")
        #expect(byIndex == .stageRefersToItself(file: "app/Dockerfile", line: 3, stage: "1"))
    }

    @Test func copyFromLaterStage() throws {
        let error = try graphError("FROM a AS one\nCOPY --from=two /x /y\nFROM b AS two\n")
        #expect(error == .stageRefersToLaterStage(file: "app/Dockerfile", line: 2, stage: "two"))
    }

    @Test func missingTarget() throws {
        let error = try graphError("FROM a AS build\nFROM b\n", target: "release")
        #expect(error == .targetNotFound(file: "app/Dockerfile", line: 2, target: "release", available: ["build"]))
        #expect(error?.errorDescription?.contains("pass one of the named stages (build) to --target") == true)
    }

    @Test func invalidUTF8() {
        let bytes = Array("FROM a\nRUN echo ".utf8) + [0xC3, 0x28] + Array("\nCMD x\n".utf8)
        #expect(throws: DockerfileError.invalidUTF8(file: "bad/Dockerfile", line: 2)) {
            try Dockerfile.parse(bytes: bytes, file: "bad/Dockerfile")
        }
        let truncated: [UInt8] = Array("FROM a\n".utf8) + [0xE2, 0x82]
        #expect(throws: DockerfileError.invalidUTF8(file: "Dockerfile", line: 2)) {
            try Dockerfile.parse(bytes: truncated)
        }
    }

    @Test func instructionBeforeFrom() throws {
        let error = try graphError("ARG V=1\nRUN echo\nFROM a\n")
        #expect(error == .instructionBeforeFrom(file: "app/Dockerfile", line: 2, instruction: "RUN"))
    }

    @Test func badDirectivesAndArguments() {
        #expect(parseError("# escape=x\nFROM a\n") == .invalidDirective(
            file: "Dockerfile", line: 1, message: "invalid escape token 'x' does not match ` or \\"))
        if case .syntax(_, let line, _) = parseError("FROM a\nENV PATH\n") {
            #expect(line == 2)
        } else {
            Issue.record("ENV without value must be a syntax error")
        }
    }

    @Test func emptyBaseAfterSubstitution() throws {
        let error = try graphError("ARG BASE\nFROM ${BASE}\n")
        #expect(error?.line == 2)
        #expect(error?.errorDescription?.contains("pass --build-arg") == true)
    }

    @Test func duplicateStageNames() throws {
        let error = try graphError("FROM a AS x\nFROM b AS X\n")
        #expect(error == .duplicateStageName(file: "app/Dockerfile", line: 2, name: "x"))
    }
}
