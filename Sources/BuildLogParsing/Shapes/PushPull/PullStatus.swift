/// `Status: Downloaded newer image for REF` / `Status: Image is up to date for REF`. Capture 1: text.
package struct PullStatus: LineShape {
    package static let pattern = #"^Status: (.+)$"#
    package static let formats: Set<LogFormat> = [.pull, .legacy]
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard c.eat("Status: "), !c.atEnd else { return nil }
    }
}
