import Foundation

/// A parsed Dockerfile: parser directives, instructions with their line ranges, and the
/// original text (kept for byte-exact rewrites).
///
/// Parse with ``parse(bytes:file:)``, ``parse(text:file:)`` or ``parse(contentsOf:)``; build the
/// stage graph with ``StageGraph/init(dockerfile:buildArgs:target:)``.
public struct Dockerfile: Sendable {
    /// The name used in error messages (usually the path as the user gave it).
    public let file: String
    /// The original text, byte-order mark included if there was one.
    public let text: String
    /// Parser directives found at the top of the file, in order.
    public let directives: [ParserDirective]
    /// The escape character: `\` or, after `# escape=``, a backtick.
    public let escapeToken: Character
    /// Every instruction, in file order, ONBUILD triggers nested.
    public let instructions: [Instruction]
    /// Parser warnings (empty continuation lines), as BuildKit prints them.
    public let warnings: [String]

    /// Parses raw bytes. Invalid UTF-8 throws ``DockerfileError/invalidUTF8(file:line:)``.
    public static func parse(bytes: [UInt8], file: String = "Dockerfile") throws(DockerfileError) -> Dockerfile {
        let lines = try DockerfileParser.lines(of: bytes, file: file)
        var parser = DockerfileParser(file: file)
        let output = try parser.parse(lines)
        let text = String(decoding: bytes, as: UTF8.self)
        return Dockerfile(
            file: file, text: text, directives: output.directives,
            escapeToken: Character(output.escapeToken), instructions: output.instructions,
            warnings: output.warnings)
    }

    /// Parses raw data. Invalid UTF-8 throws ``DockerfileError/invalidUTF8(file:line:)``.
    public static func parse(data: Data, file: String = "Dockerfile") throws(DockerfileError) -> Dockerfile {
        try parse(bytes: [UInt8](data), file: file)
    }

    /// Parses text.
    public static func parse(text: String, file: String = "Dockerfile") throws(DockerfileError) -> Dockerfile {
        try parse(bytes: Array(text.utf8), file: file)
    }

    /// Reads and parses a file; `file` in errors is the URL's path.
    public static func parse(contentsOf url: URL) throws -> Dockerfile {
        let data = try Data(contentsOf: url)
        return try parse(data: data, file: url.path)
    }

    /// BuildKit's AST dump (`Node.Dump()` of the root plus a newline), exactly as its parser
    /// test compares it with the `result` files.
    public var astDump: String {
        instructions.map { "(" + $0.astDump + ")" }.joined(separator: "\n") + "\n"
    }

    /// The instructions before the first FROM (global ARGs).
    public var globalInstructions: [Instruction] {
        Array(instructions.prefix(while: { $0.name != "from" }))
    }
}
