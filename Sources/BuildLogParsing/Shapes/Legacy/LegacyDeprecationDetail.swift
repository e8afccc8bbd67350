/// The banner's indented continuation lines (both variants of the banner). No captures.
package struct LegacyDeprecationDetail: LineShape {
    package static let pattern =
        #"^ {12}(?:Install the buildx component.*|https://docs\.docker\.com/go/buildx/|BuildKit is currently disabled.*|environment-variable\.)$"#
    package static let formats: Set<LogFormat> = [.legacy]
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard c.eat("            ") else { return nil }
        if c.eat("Install the buildx component") || c.eat("BuildKit is currently disabled") { return }
        guard (c.eat("https://docs.docker.com/go/buildx/") || c.eat("environment-variable.")), c.atEnd
        else { return nil }
    }
}
