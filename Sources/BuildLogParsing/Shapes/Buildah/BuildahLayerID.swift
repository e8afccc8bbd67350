/// `--> d0dce04e078`: the layer a step produced. Capture 1: short id.
package struct BuildahLayerID: LineShape {
    package static let pattern = #"^--> ([0-9a-f]{11,64})$"#
    package static let formats: Set<LogFormat> = [.buildah]
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard c.eat("--> "), c.hex(min: 11, max: 64) != nil, c.atEnd else { return nil }
    }
}
