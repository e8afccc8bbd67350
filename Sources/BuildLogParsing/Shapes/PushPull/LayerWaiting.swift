/// `0c8b7fe2d3d0: Waiting` (push and pull). Capture 1: layer id.
package struct LayerWaiting: LineShape {
    package static let pattern = #"^([0-9a-f]{12}): Waiting$"#
    package static let formats: Set<LogFormat> = [.pull, .push, .legacy]
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard c.layerPrefix() != nil, c.eat("Waiting"), c.atEnd else { return nil }
    }
}
