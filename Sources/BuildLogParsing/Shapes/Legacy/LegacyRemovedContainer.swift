/// `Removing intermediate container ID` (docker up to 20.10) or ` ---> Removed intermediate
/// container ID` (newer). Capture 1: container id.
package struct LegacyRemovedContainer: LineShape {
    package static let pattern = #"^(?:Removing intermediate container| ---> Removed intermediate container) ([0-9a-f]{12,64})$"#
    package static let formats: Set<LogFormat> = [.legacy]
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard c.eat("Removing intermediate container ") || c.eat(" ---> Removed intermediate container "),
              c.hex(min: 12, max: 64) != nil, c.atEnd else { return nil }
    }
}
