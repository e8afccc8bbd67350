/// The build's final error: `executor failed running [/bin/sh -c ...]: exit code: 3` (docker 20.10),
/// `ERROR: failed to solve: ...` (buildx), `failed to solve: ...`. Capture 1: the message.
package struct BuildKitFatal: LineShape {
    package static let pattern = #"^(?:(?:ERROR|error): (.+)|(executor failed running \[.*|failed to solve: .+))$"#
    package static let formats: Set<LogFormat> = [.buildkitPlain]
    package let message: String
    package init?(_ line: LogLine) {
        var c = line.cursor()
        if c.eat("ERROR: ") || c.eat("error: ") {
            guard !c.atEnd else { return nil }
            message = c.rest()
            return
        }
        guard c.looksAt("executor failed running [") || (c.looksAt("failed to solve: ") && c.remaining > 17)
        else { return nil }
        message = line.string
    }
}
