/// An empty line (after stripping `\r` and ANSI sequences). No captures.
package struct BlankLine: LineShape {
    package static let pattern = #"^$"#
    package static let formats = allFormats
    package init?(_ line: LogLine) { if !line.isEmpty { return nil } }
}

/// `Successfully tagged REF` (legacy builder and buildah). Capture 1: the reference.
package struct SuccessfullyTagged: LineShape {
    package static let pattern = #"^Successfully tagged (\S+)$"#
    package static let formats: Set<LogFormat> = [.legacy, .buildah]
    package let reference: String
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard c.eat("Successfully tagged "), let r = c.token(), c.atEnd else { return nil }
        reference = c.string(r)
    }
}

/// A daemon or CLI error: `Error response from daemon: MSG` or `Error: MSG` (but not buildah's
/// `Error: error building at STEP`, see `BuildahStepError`). Capture 1: the message.
package struct CommandError: LineShape {
    package static let pattern = #"^(?:Error response from daemon|Error): (?!error building at STEP ")(.+)$"#
    package static let formats = allFormats
    package let message: String
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard c.eat("Error response from daemon: ") || c.eat("Error: ") else { return nil }
        if c.looksAt("error building at STEP \"") || c.atEnd { return nil }
        message = line.string
    }
}
