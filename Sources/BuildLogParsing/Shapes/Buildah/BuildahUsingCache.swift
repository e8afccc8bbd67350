/// `--> Using cache 3d18cb...`: the step was served from cache. Capture 1: layer id.
package struct BuildahUsingCache: LineShape {
    package static let pattern = #"^--> Using cache ([0-9a-f]{12,64})$"#
    package static let formats: Set<LogFormat> = [.buildah]
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard c.eat("--> Using cache "), c.hex(min: 12, max: 64) != nil, c.atEnd else { return nil }
    }
}
