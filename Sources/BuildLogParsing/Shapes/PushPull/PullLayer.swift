/// A layer's pull status: `Pulling fs layer`, `Verifying Checksum`, `Download complete`,
/// `Pull complete`, `Already exists`, `Downloading [=> ] 1MB/93MB`, `Extracting [=> ] 1MB/93MB`.
/// Captures: 1 layer id, 2 status.
package struct PullLayer: LineShape {
    package static let pattern =
        #"^([0-9a-f]{12}): (Pulling fs layer|Verifying Checksum|Download complete|Pull complete|Already exists|Downloading(?: .*)?|Extracting(?: .*)?)$"#
    package static let formats: Set<LogFormat> = [.pull, .legacy]
    package enum Status: Equatable { case started, verifying, downloaded, complete, alreadyExists, downloading(Int64?), extracting }
    package let id: String
    package let status: Status
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard let r = c.layerPrefix() else { return nil }
        if c.eat("Pulling fs layer"), c.atEnd { status = .started }
        else if c.eat("Verifying Checksum"), c.atEnd { status = .verifying }
        else if c.eat("Download complete"), c.atEnd { status = .downloaded }
        else if c.eat("Pull complete"), c.atEnd { status = .complete }
        else if c.eat("Already exists"), c.atEnd { status = .alreadyExists }
        else if c.eat("Downloading"), c.atEnd || c.eat(byte: 0x20) { status = .downloading(c.progressTotal()) }
        else if c.eat("Extracting"), c.atEnd || c.eat(byte: 0x20) { status = .extracting }
        else { return nil }
        id = c.string(r)
    }
}
