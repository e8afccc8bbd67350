import ArgumentParser
import BuildLogParsing
import Foundation

struct ParseLogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse-log",
        abstract: "Parse a build, push, pull or history log and print its steps and layers.",
        discussion: "The log's format (BuildKit plain or rawjson, legacy builder, buildah, push, pull, docker history) is detected."
    )

    @Argument(help: "The log file to parse.")
    var file: String

    @Option(help: "Output format: json or text.")
    var format: ParsedLogOutputFormat = .text

    func run() throws {
        let url = URL(fileURLWithPath: file)
        let log = try ParsedLog.parse(contentsOf: url)
        print(log.rendered(as: format), terminator: format == .json ? "\n" : "")
    }
}

extension ParsedLogOutputFormat: ExpressibleByArgument {}
