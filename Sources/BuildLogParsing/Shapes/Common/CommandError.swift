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
