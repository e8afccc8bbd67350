import BenchRunner
import BuildLogParsing
import DockerfileModel
import Foundation
import PropertyBased
import Testing

/// Generated hostile inputs for every parser of outside text: engine logs (each format and detection), the
/// Dockerfile parser and the `cachebench.yml` loader. A crash fails the run; the properties below are checked on
/// every input; throughput, time per byte and memory are printed (`scripts/fuzz.sh` runs a million per target).
@Suite(.serialized) struct FuzzTests {
    static let logs = Corpus(
        paths: Corpus.files(under: "Tests/BuildLogParsingTests/Fixtures", matching: [".log", ".jsonl"]),
        tokens: ["#1 ", "#12 0.312 ", "#5 DONE 1.2s\n", "#5 CACHED\n", "#3 [stage-1 2/3] RUN ", "#4 ERROR: ", "Step 1/6 : ",
                 " ---> Using cache\n", " ---> Running in 0a1b2c\n", "STEP 1/3: ", "--> Using cache ", "{\"vertexes\":[",
                 "{\"CreatedBy\":\"", "{\"id\":\"", "sha256:", ": Pushed\n", ": Layer already exists\n", ": Pull complete\n",
                 "digest: sha256:0123", " size: ", "ERROR: ", "error: ", "The command '/bin/sh -c x' returned a non-zero code: 3"])

    static let dockerfiles = Corpus(
        paths: Corpus.files(under: "Tests/DockerfileModelTests/Fixtures", matching: ["Dockerfile"])
            + Corpus.files(under: "Samples", matching: ["Dockerfile"]),
        tokens: ["\\\n", "# escape=`\n", "# syntax=docker/dockerfile:1\n", "<<EOF\n", "EOF\n", "<<-\"EOF\" <<X\n", "FROM ",
                 " AS ", "RUN ", "COPY --from=", "ARG ", "ENV A=", "${A}", "$", "[\"", "\"]", "ONBUILD ", "HEALTHCHECK CMD ",
                 "--mount=type=cache,target=/x "])

    static let configs = Corpus(
        paths: Corpus.files(under: "Samples", matching: ["cachebench.yml"]) + [FuzzConfig.root.appendingPathComponent(
            "Tests/FuzzTests/seed-config.yml")],
        tokens: ["- ", ": ", "? ", "&a ", "*a", "!!str ", "!!binary ", "!!map ", "|\n", ">-\n", "---\n", "...\n",
                 "%YAML 1.1\n", "<<: *a\n", "  ", "~", "null", "0x1F", ".inf", "1e999", "\"\\u0000\"", "build-args:\n",
                 "strategies: ", "iterations: ", "image: "])

    /// Parses `bytes` fed in pieces of `chunk` bytes.
    static func parse(_ bytes: [UInt8], _ format: LogFormat?, chunk: Int) -> ParsedLog {
        var parser = StreamingLogParser(format: format)
        var start = 0
        while start < bytes.count {
            parser.consume(bytes: bytes[start..<min(bytes.count, start + chunk)], at: nil)
            start += chunk
        }
        return parser.finish(at: nil)
    }

    /// Whatever the input, the parser returns, and how the stream was cut into reads changes nothing.
    @Test(arguments: [LogFormat?.none] + LogFormat.allCases.map(Optional.some))
    func logParser(_ format: LogFormat?) async {
        let meter = Meter("log parser (\(format?.rawValue ?? "format detected"))")
        await propertyCheck(count: FuzzConfig.inputs, input: Self.logs.generator, Gen.int(in: 1...4096)) { bytes, chunk in
            let whole = try meter.measure(bytes) { Self.parse(bytes, format, chunk: max(bytes.count, 1)) }
            #expect(whole == Self.parse(bytes, format, chunk: chunk))
            #expect(whole.unmatchedLines <= bytes.count + 1)
        }
        meter.finish()
        Scaling.report("log parser (\(format?.rawValue ?? "format detected"))", tokens: Self.logs.tokens) {
            _ = Self.parse($0, format, chunk: 1 << 16)
        }
    }

    /// The parser returns a Dockerfile (whose dumps render) or a DockerfileError that names a line.
    @Test func dockerfileParser() async {
        let meter = Meter("Dockerfile parser")
        await propertyCheck(count: FuzzConfig.inputs, input: Self.dockerfiles.generator) { bytes in
            let outcome = try meter.measure(bytes) { () -> Result<(String, String), DockerfileError> in
                Result { () throws(DockerfileError) -> (String, String) in
                    let file = try Dockerfile.parse(bytes: bytes)
                    return (file.astDump, file.jsonString(pretty: false))
                }
            }
            if case .failure(let error) = outcome {
                #expect(!(error.errorDescription ?? "").isEmpty)
                #expect(error.line >= 0)
            }
        }
        meter.finish()
        Scaling.report("Dockerfile parser", tokens: Self.dockerfiles.tokens) { _ = try? Dockerfile.parse(bytes: $0).astDump }
    }

    /// The loader returns a config or throws an error whose message is one non-empty line.
    @Test func configLoader() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cb-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent(ProjectConfig.fileName)
        let meter = Meter("cachebench.yml loader")
        await propertyCheck(count: FuzzConfig.inputs, input: Self.configs.generator) { bytes in
            FileManager.default.createFile(atPath: file.path, contents: Data(bytes))
            do {
                _ = try meter.measure(bytes) { try ProjectConfig.load(projectDirectory: directory) }
            } catch {
                let message = (error as? LocalizedError)?.errorDescription ?? "\(error)"
                #expect(!message.isEmpty && !message.contains("\n"), "\(message)")
            }
        }
        meter.finish()
        Scaling.report("cachebench.yml loader", tokens: Self.configs.tokens) {
            FileManager.default.createFile(atPath: file.path, contents: Data($0))
            _ = try? ProjectConfig.load(projectDirectory: directory)
        }
    }
}

/// Inputs the fuzzer found, kept as regression tests.
@Suite struct FuzzFindingsTests {
    /// A mapping key that is not a string made Yams's `load` trap ("Unexpectedly found nil", Constructor.swift:448),
    /// so such a cachebench.yml crashed every command that reads it.
    @Test(arguments: ["[a, b]: 1\n", "? - x\n: y\n", "{a: 1}: 2\n", "image: x\n? [k]\n: v\n"])
    func nonStringKeyIsNotACrash(_ yaml: String) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cb-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(yaml.utf8).write(to: directory.appendingPathComponent(ProjectConfig.fileName))
        do {
            _ = try ProjectConfig.load(projectDirectory: directory)
        } catch {
            let message = (error as? LocalizedError)?.errorDescription ?? ""
            #expect(!message.isEmpty)
        }
    }
}

/// Dockerfile inputs the fuzzer found.
@Suite struct DockerfileFuzzFindingsTests {
    /// 128 KiB of `ONBUILD ` recursed once per word and overflowed the stack; BuildKit refuses the chain with this
    /// message (frontend/dockerfile/instructions/parse.go, parseOnBuild).
    @Test func chainedOnbuildIsRefused() {
        let text = "FROM scratch\n" + String(repeating: "ONBUILD ", count: 16 * 1024) + "RUN x\n"
        #expect(throws: DockerfileError.syntax(file: "Dockerfile", line: 2,
                                               message: "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed")) {
            try Dockerfile.parse(text: text)
        }
    }

    /// A single ONBUILD still parses, with its trigger.
    @Test func singleOnbuildParses() throws {
        let file = try Dockerfile.parse(text: "FROM scratch\nONBUILD RUN make\n")
        #expect(file.instructions.last?.onbuildTrigger?.keyword == "RUN")
    }
}
