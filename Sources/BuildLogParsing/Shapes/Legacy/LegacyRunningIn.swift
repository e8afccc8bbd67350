/// ` ---> Running in bc7c1b4b92f4`: a container runs the step; what follows is its output.
/// Capture 1: container id.
package struct LegacyRunningIn: LineShape {
    package static let pattern = #"^ ---> Running in ([0-9a-f]{12,64})$"#
    package static let formats: Set<LogFormat> = [.legacy]
    package let container: String
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard c.eat(" ---> Running in "), let n = c.hex(min: 12, max: 64), c.atEnd else { return nil }
        container = c.string(c.pos - n..<c.pos)
    }
}
