import Foundation

/// Every way a Dockerfile can be rejected by the model.
///
/// Each case carries the file (as the caller named it) and the 1-based line the problem is on,
/// and its `errorDescription` reads `<file>:<line>: <what> — <what to do>`, one line, ready to be
/// printed after `error: `.
public enum DockerfileError: Error, LocalizedError, Equatable, Sendable {
    /// The file holds no byte other than whitespace.
    case emptyDockerfile(file: String, line: Int)
    /// The file holds comments, parser directives or blank lines, but no instruction.
    case onlyComments(file: String, line: Int)
    /// A line is not valid UTF-8.
    case invalidUTF8(file: String, line: Int)
    /// The first word of an instruction is not a Dockerfile instruction.
    case unknownInstruction(file: String, line: Int, instruction: String)
    /// A heredoc (`<<EOF`) never met its terminator line.
    case unterminatedHeredoc(file: String, line: Int, delimiter: String)
    /// A parser directive is repeated or has a value BuildKit refuses (`# escape=x`).
    case invalidDirective(file: String, line: Int, message: String)
    /// An instruction's arguments cannot be parsed (ENV without value, nested JSON, ...).
    case syntax(file: String, line: Int, message: String)
    /// An instruction appears before the first FROM where only ARG is allowed.
    case instructionBeforeFrom(file: String, line: Int, instruction: String)
    /// `COPY --from`, `RUN --mount=from=` or `FROM` names the stage it is part of.
    case stageRefersToItself(file: String, line: Int, stage: String)
    /// `--from` names a stage that comes later in the file; builders only accept earlier stages.
    case stageRefersToLaterStage(file: String, line: Int, stage: String)
    /// Two stages carry the same name.
    case duplicateStageName(file: String, line: Int, name: String)
    /// `--target` names no stage of the Dockerfile.
    case targetNotFound(file: String, line: Int, target: String, available: [String])

    /// The file name the error is about.
    public var file: String {
        switch self {
        case .emptyDockerfile(let file, _), .onlyComments(let file, _), .invalidUTF8(let file, _),
            .unknownInstruction(let file, _, _), .unterminatedHeredoc(let file, _, _),
            .invalidDirective(let file, _, _), .syntax(let file, _, _),
            .instructionBeforeFrom(let file, _, _), .stageRefersToItself(let file, _, _),
            .stageRefersToLaterStage(let file, _, _), .duplicateStageName(let file, _, _),
            .targetNotFound(let file, _, _, _):
            return file
        }
    }

    /// The 1-based line the error is about.
    public var line: Int {
        switch self {
        case .emptyDockerfile(_, let line), .onlyComments(_, let line), .invalidUTF8(_, let line),
            .unknownInstruction(_, let line, _), .unterminatedHeredoc(_, let line, _),
            .invalidDirective(_, let line, _), .syntax(_, let line, _),
            .instructionBeforeFrom(_, let line, _), .stageRefersToItself(_, let line, _),
            .stageRefersToLaterStage(_, let line, _), .duplicateStageName(_, let line, _),
            .targetNotFound(_, let line, _, _):
            return line
        }
    }

    /// What went wrong, without location.
    public var problem: String {
        switch self {
        case .emptyDockerfile:
            return "the Dockerfile is empty"
        case .onlyComments:
            return "the Dockerfile holds only comments and no instruction"
        case .invalidUTF8:
            return "the line is not valid UTF-8"
        case .unknownInstruction(_, _, let instruction):
            return "unknown instruction \"\(instruction)\""
        case .unterminatedHeredoc(_, _, let delimiter):
            return "unterminated heredoc: no line \"\(delimiter)\" closes it"
        case .invalidDirective(_, _, let message):
            return "invalid parser directive: \(message)"
        case .syntax(_, _, let message):
            return message
        case .instructionBeforeFrom(_, _, let instruction):
            return "\(instruction) comes before the first FROM"
        case .stageRefersToItself(_, _, let stage):
            return "stage \"\(stage)\" refers to itself"
        case .stageRefersToLaterStage(_, _, let stage):
            return "\"\(stage)\" is a stage defined later in the file"
        case .duplicateStageName(_, _, let name):
            return "stage name \"\(name)\" is used twice"
        case .targetNotFound(_, _, let target, _):
            return "target stage \"\(target)\" not found"
        }
    }

    /// What the user should do about it.
    public var remedy: String {
        switch self {
        case .emptyDockerfile:
            return "add at least a FROM instruction, or point cachebench at the right file"
        case .onlyComments:
            return "add at least a FROM instruction, or point cachebench at the right file"
        case .invalidUTF8:
            return "save the Dockerfile as UTF-8"
        case .unknownInstruction:
            return "fix the spelling, or end the previous line with the escape character if this line continues it"
        case .unterminatedHeredoc:
            return "add a line holding only the delimiter after the heredoc body"
        case .invalidDirective:
            return "keep one directive of each kind at the top; escape accepts only \\ or `"
        case .syntax:
            return "fix the instruction's arguments (see the Dockerfile reference)"
        case .instructionBeforeFrom:
            return "only ARG may come before the first FROM; move the instruction into a stage"
        case .stageRefersToItself:
            return "copy from an earlier stage or an image instead"
        case .stageRefersToLaterStage:
            return "move that stage above this one, or name an image"
        case .duplicateStageName:
            return "give every stage a distinct AS name"
        case .targetNotFound(_, _, _, let available):
            let names = available.isEmpty ? "none are named" : available.joined(separator: ", ")
            return "pass one of the named stages (\(names)) to --target"
        }
    }

    /// `<file>:<line>: <what> — <what to do>`.
    public var errorDescription: String? {
        "\(file):\(line): \(problem) — \(remedy)"
    }
}
