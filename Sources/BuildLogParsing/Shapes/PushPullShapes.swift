// `docker push` and `docker pull` line shapes. The pull shapes also run inside legacy builds,
// whose FROM step pulls the base image.

/// Parses `ID: ` where ID is a 12-digit short layer id; returns the id's range.
@inline(__always)
func layerPrefix(_ c: inout ByteCursor) -> Range<Int>? {
    let start = c.pos
    guard c.hex(min: 12, max: 12) != nil, c.eat(": ") else { c.pos = start; return nil }
    return start..<(start + 12)
}

/// Parses the total of a progress bar tail: `[===>   ]  27.3MB/93.29MB` → 93290000.
func progressTotal(_ c: ByteCursor) -> Int64? {
    var p = c.bytes.count
    while p > c.pos, c.bytes[p - 1] != UInt8(ascii: "/") { p -= 1 }
    guard p > c.pos else { return nil }
    return HumanSize.bytes(String(decoding: UnsafeBufferPointer(rebasing: c.bytes[p...]), as: UTF8.self))
}

/// `The push refers to repository [127.0.0.1:5000/perstage/hello]`. Capture 1: repository.
package struct PushRefers: LineShape {
    package static let pattern = #"^The push refers to repository \[(.+)\]$"#
    package static let formats: Set<LogFormat> = [.push]
    package let repository: String
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard c.eat("The push refers to repository ["), c.remaining >= 2, line[line.count - 1] == UInt8(ascii: "]")
        else { return nil }
        repository = line.string(c.pos, line.count - 1)
    }
}

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
        guard let r = layerPrefix(&c) else { return nil }
        if c.eat("Preparing"), c.atEnd { status = .preparing }
        else if c.eat("Pushed"), c.atEnd { status = .pushed }
        else if c.eat("Layer already exists"), c.atEnd { status = .exists }
        else if c.eat("Mounted from "), let t = c.token(), c.atEnd { status = .mounted(c.string(t)) }
        else if c.eat("Pushing"), c.atEnd || c.eat(byte: 0x20) { status = .pushing(progressTotal(c)) }
        else if c.eat("Retrying in "), !c.atEnd { status = .retrying }
        else { return nil }
        id = c.string(r)
    }
}

/// `latest: digest: sha256:... size: 737`. Captures: 1 tag, 2 manifest digest, 3 manifest size.
package struct PushDigest: LineShape {
    package static let pattern = #"^(\S+): digest: (sha256:[0-9a-f]{64}) size: (\d+)$"#
    package static let formats: Set<LogFormat> = [.push]
    package let tag: String
    package let digest: String
    package let size: Int
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard let t = c.token(), t.count > 1, line[t.upperBound - 1] == UInt8(ascii: ":"), c.eat(" digest: ")
        else { return nil }
        let d = c.pos
        guard c.eat("sha256:"), c.hex(min: 64, max: 64) != nil else { return nil }
        let dEnd = c.pos
        guard c.eat(" size: "), let n = c.int(), c.atEnd else { return nil }
        tag = c.string(t.lowerBound..<(t.upperBound - 1)); digest = c.string(d..<dEnd); size = n
    }
}

/// `latest: Pulling from perstage/hello`. Captures: 1 tag, 2 repository.
package struct PullFrom: LineShape {
    package static let pattern = #"^(\S+): Pulling from (\S+)$"#
    package static let formats: Set<LogFormat> = [.pull, .legacy]
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard let t = c.token(), t.count > 1, line[t.upperBound - 1] == UInt8(ascii: ":"),
              c.eat(" Pulling from "), c.token() != nil, c.atEnd else { return nil }
    }
}

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
        guard let r = layerPrefix(&c) else { return nil }
        if c.eat("Pulling fs layer"), c.atEnd { status = .started }
        else if c.eat("Verifying Checksum"), c.atEnd { status = .verifying }
        else if c.eat("Download complete"), c.atEnd { status = .downloaded }
        else if c.eat("Pull complete"), c.atEnd { status = .complete }
        else if c.eat("Already exists"), c.atEnd { status = .alreadyExists }
        else if c.eat("Downloading"), c.atEnd || c.eat(byte: 0x20) { status = .downloading(progressTotal(c)) }
        else if c.eat("Extracting"), c.atEnd || c.eat(byte: 0x20) { status = .extracting }
        else { return nil }
        id = c.string(r)
    }
}

/// `0c8b7fe2d3d0: Waiting` (push and pull). Capture 1: layer id.
package struct LayerWaiting: LineShape {
    package static let pattern = #"^([0-9a-f]{12}): Waiting$"#
    package static let formats: Set<LogFormat> = [.pull, .push, .legacy]
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard layerPrefix(&c) != nil, c.eat("Waiting"), c.atEnd else { return nil }
    }
}

/// `Digest: sha256:...` after a pull. Capture 1: manifest digest.
package struct PullDigest: LineShape {
    package static let pattern = #"^Digest: (sha256:[0-9a-f]{64})$"#
    package static let formats: Set<LogFormat> = [.pull, .legacy]
    package let digest: String
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard c.eat("Digest: ") else { return nil }
        let d = c.pos
        guard c.eat("sha256:"), c.hex(min: 64, max: 64) != nil, c.atEnd else { return nil }
        digest = c.string(d..<c.pos)
    }
}

/// `Status: Downloaded newer image for REF` / `Status: Image is up to date for REF`. Capture 1: text.
package struct PullStatus: LineShape {
    package static let pattern = #"^Status: (.+)$"#
    package static let formats: Set<LogFormat> = [.pull, .legacy]
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard c.eat("Status: "), !c.atEnd else { return nil }
    }
}

/// The image reference `docker pull` prints last: `127.0.0.1:5000/perstage/hello:latest`.
/// Only tried for pull logs. Capture 1: the reference.
package struct PullImageRef: LineShape {
    package static let pattern = #"^(?=[^:/]*[:/])([a-z0-9][A-Za-z0-9._/:@-]*)$"#
    package static let formats: Set<LogFormat> = [.pull]
    package init?(_ line: LogLine) {
        guard let first = line.bytes.first, (first &- 97) < 26 || (first &- 48) < 10 else { return nil }
        var sep = false
        for b in line.bytes {
            switch b {
            case UInt8(ascii: ":"), UInt8(ascii: "/"): sep = true
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "@"), UInt8(ascii: "-"): break
            default: return nil
            }
        }
        if !sep { return nil }
    }
}
