import ArgumentParser
import BenchReports

/// `--format`, for a command that prints `Document`: only the formats that `Document` has a renderer for are
/// accepted; any other is a usage error (exit 64), never another format printed in its place.
struct FormatOption<Document: Renderable>: ParsableArguments {
    // Parsed by hand rather than as `OutputFormat`, so that `--help` lists this command's formats, not all of them.
    @Option(help: ArgumentHelp("Output format: \(Document.formats.map(\.rawValue).joined(separator: ", ")) (default: text).",
                               valueName: "format"),
            transform: Self.parse)
    var format: OutputFormat = .text

    static func parse(_ text: String) throws -> OutputFormat {
        guard let format = OutputFormat(rawValue: text) else {
            throw ValidationError("--format \(text) is not a format: use \(Document.formats.map(\.rawValue).joined(separator: ", ")).")
        }
        return format
    }

    func validate() throws {
        guard Document.formats.contains(format) else {
            throw ValidationError("--format \(format.rawValue) is not one this command prints: use \(Document.formats.map(\.rawValue).joined(separator: ", ")).")
        }
    }
}
