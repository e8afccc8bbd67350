/// A layer's push status: `6a05fee0fcf7: Preparing`, `Pushed`, `Layer already exists`,
/// `Mounted from perstage/hello`, `Pushing [==>  ] 1.2MB/3.4MB` (TTY), `Retrying in 5 seconds`.
/// Captures: 1 layer id, 2 status, 3 source repository of a mount.
package struct PushLayer: LineShape {
    package static let pattern =
        #"^([0-9a-f]{12}): (Preparing|Pushed|Layer already exists|Mounted from (\S+)|Pushing(?: .*)?|Retrying in .+)$"#
    package static let formats: Set<LogFormat> = [.push]
    package enum Status: Equatable { case preparing, pushed, exists, mounted(String), pushing(Int64?), retrying }
    package let id: String
    package let status: Status
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard let r = c.layerPrefix() else { return nil }
        if c.eat("Preparing"), c.atEnd { status = .preparing }
        else if c.eat("Pushed"), c.atEnd { status = .pushed }
        else if c.eat("Layer already exists"), c.atEnd { status = .exists }
        else if c.eat("Mounted from "), let t = c.token(), c.atEnd { status = .mounted(c.string(t)) }
        else if c.eat("Pushing"), c.atEnd || c.eat(byte: 0x20) { status = .pushing(c.progressTotal()) }
        else if c.eat("Retrying in "), !c.atEnd { status = .retrying }
        else { return nil }
        id = c.string(r)
    }
}
