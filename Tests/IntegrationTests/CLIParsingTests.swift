import ArgumentParser
import BenchReports
import BuildEngine
@testable import cachebench
import Testing

/// The command line as ArgumentParser reads it, without running anything: shared option groups, the formats each
/// command accepts, and the exit code every kind of error ends with.
@Suite struct CLIParsingTests {
    /// `predict` takes `run`'s project, engine and database groups, so the same flags mean the same thing.
    @Test func predictReadsTheSameProjectEngineAndDatabaseFlagsAsRun() throws {
        let flags = ["Samples/hello-c", "--engine", "docker-20.10", "--db", "/tmp/cb-x/r.sqlite", "--registry-port", "5999",
                     "--mirror", "http://mirror.example/debian", "--docker-cli", "/usr/bin/docker", "--phase-timeout", "60",
                     "--strategies", "naive, inline", "--scenarios", "cold,source-change", "--source-file", "hello.c"]
        let predict = try PredictCommand.parse(flags).request()
        let run = try RunCommand.parse(flags).request()
        for request in [predict, run] {
            #expect(request.directory == "Samples/hello-c")
            #expect(request.engines == [.docker2010])
            #expect(request.database == "/tmp/cb-x/r.sqlite")
            #expect(request.registryPort == 5999)
            #expect(request.mirror == "http://mirror.example/debian")
            #expect(request.dockerCLI == "/usr/bin/docker")
            #expect(request.phaseTimeout == 60)
            #expect(request.strategies == ["naive", "inline"])
            #expect(request.scenarios == ["cold", "source-change"])
            #expect(request.sourceFile == "hello.c")
        }
        #expect(predict.iterations == 1)
    }

    /// `--upstream` is repeatable on both, a bare URL and REGISTRY=URL pairs kept as given, in order.
    @Test func upstreamIsRepeatableOnRunAndPredict() throws {
        let flags = ["--upstream", "http://10.0.2.2:5000", "--upstream", "ghcr.io=http://10.0.2.2:5001"]
        for request in [try RunCommand.parse(flags).request(), try PredictCommand.parse(flags).request()] {
            #expect(request.upstreams == ["http://10.0.2.2:5000", "ghcr.io=http://10.0.2.2:5001"])
        }
        #expect(try RunCommand.parse([]).request().upstreams.isEmpty)
        // Checked while parsing (`validate()`); the message and exit code: UpstreamCLITests.
        #expect(throws: (any Error).self) { try RunCommand.parse(["--upstream", "ghcr=http://x.example"]) }
    }

    @Test func predictWithoutStrategiesPredictsEveryStrategyOnTheDefaultEngine() throws {
        let request = try PredictCommand.parse([]).request()
        #expect(request.engines.isEmpty, "empty: the newest engine that can be had, as for run")
        #expect(request.strategies?.contains("registry-max") == true)
        #expect(request.strategies?.contains("buildah-layers") == true)
    }

    /// One calibration per builder: two engines' builds would be mixed into one builder's rates.
    @Test func predictRefusesTwoEnginesAndAnEngineWithAStoredCalibration() {
        #expect(throws: (any Error).self) { try PredictCommand.parse(["--engine", "docker-26.1", "--engine", "docker-20.10"]) }
        #expect(throws: (any Error).self) { try PredictCommand.parse(["--engine", "docker-26.1", "--calibration", "3"]) }
        #expect(exit(["predict", "--engine", "docker-26.1", "--engine", "docker-20.10"]) == .usage)
    }

    @Test func runTakesSeveralEngines() throws {
        let request = try RunCommand.parse(["--engine", "docker-26.1", "--engine", "docker-20.10"]).request()
        #expect(request.engines == [.docker261, .docker2010])
    }

    /// Every format a command accepts has a renderer; any other is refused while parsing, with exit 64.
    @Test func eachCommandAcceptsExactlyTheFormatsItsDocumentRenders() throws {
        for format in OutputFormat.allCases {
            #expect(try CompareCommand.parse(["--baseline", "1", "--format", format.rawValue]).output.format == format)
            #expect(try HistoryCommand.parse(["--format", format.rawValue]).output.format == format)
            #expect(try ReportCommand.parse(["--format", format.rawValue]).output.format == format)
        }
        for format in ["text", "md", "json"] {
            #expect(try RecommendCommand.parse(["--format", format]).output.format.rawValue == format)
        }
        for format in ["html", "csv"] {
            #expect(throws: (any Error).self) { try RecommendCommand.parse(["--format", format]) }
            #expect(exit(["recommend", "--format", format]) == .usage)
        }
        #expect(exit(["report", "--format", "pdf"]) == .usage)
    }

    @Test func reportAndRecommendShareTheRunSelector() throws {
        #expect(try ReportCommand.parse([]).selection.selector.id == nil)
        #expect(try ReportCommand.parse(["--run", "7"]).selection.selector.id == 7)
        #expect(try RecommendCommand.parse(["--run", "latest"]).selection.selector.id == nil)
        #expect(try CompareCommand.parse(["--baseline", "2", "--current", "3"]).current.id == 3)
        #expect(exit(["report", "--run", "seven"]) == .usage)
        #expect(exit(["report", "-o", "/tmp/cb-x/out.md"]) == .success)
    }

    /// The message that goes with a usage error is one line, and names the help to read.
    @Test func aUsageErrorIsOneLineThatNamesTheHelp() {
        let (code, message) = CacheBench.outcome(of: catching(["compare", "--baseline", "1", "--threshold=-5"]))
        #expect(code == .usage)
        #expect(message.map(CacheBench.oneLine) == "--threshold must be 0 or more. (see 'cachebench compare --help')")
    }

    @Test func commandFailuresCarryTheirDocumentedCode() {
        #expect(CacheBench.outcome(of: CommandFailure(.regression)).0 == .regression)
        #expect(CacheBench.outcome(of: CommandFailure(.buildFailed, "1 build(s) failed")).1 == "1 build(s) failed")
        #expect(CacheBench.outcome(of: EngineSetupError.unknownEngine("x")).0 == .failure)
        #expect(CacheBenchExit.stopped(by: 2) == .interrupted)
        #expect(CacheBenchExit.stopped(by: 15) == .terminated)
        #expect(CacheBenchExit.stopped(by: 1) == .hangUp)
    }

    /// The error `cachebench ARGUMENTS` stops with while parsing; `CommandFailure(.success)` when it parses.
    func catching(_ arguments: [String]) -> any Error {
        do {
            _ = try CacheBench.parseAsRoot(arguments)
            return CommandFailure(.success)
        } catch {
            return error
        }
    }

    func exit(_ arguments: [String]) -> CacheBenchExit {
        CacheBench.outcome(of: catching(arguments)).0
    }
}
