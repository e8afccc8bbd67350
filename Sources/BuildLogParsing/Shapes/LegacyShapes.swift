// Legacy builder (`DOCKER_BUILDKIT=0 docker build`) line shapes.

/// `Sending build context to Docker daemon  45.57kB`. Capture 1: the size as printed.
package struct LegacySendingContext: LineShape {
    package static let pattern = #"^Sending build context to Docker daemon +(\S+)$"#
    package static let formats: Set<LogFormat> = [.legacy]
    package let size: String
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard c.eat("Sending build context to Docker daemon"), c.spaces() > 0, let r = c.token(), c.atEnd
        else { return nil }
        size = c.string(r)
    }
}

/// `Step 2/9 : RUN apt-get update`, or the old `Step 2 : RUN ...`.
/// Captures: 1 index, 2 of (optional), 3 instruction.
package struct LegacyStep: LineShape {
    package static let pattern = #"^Step (\d+)(?:/(\d+))? : (.*)$"#
    package static let formats: Set<LogFormat> = [.legacy]
    package let index: Int
    package let of: Int?
    package let instruction: String
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard c.eat("Step "), let i = c.int() else { return nil }
        var m: Int?
        if c.eat(byte: UInt8(ascii: "/")) {
            guard let v = c.int() else { return nil }
            m = v
        }
        guard c.eat(" : ") else { return nil }
        index = i; of = m; instruction = c.rest()
    }
}

/// ` ---> Using cache`: the current step was served from cache. No captures.
package struct LegacyUsingCache: LineShape {
    package static let pattern = #"^ ---> Using cache$"#
    package static let formats: Set<LogFormat> = [.legacy]
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard c.eat(" ---> Using cache"), c.atEnd else { return nil }
    }
}

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

/// ` ---> 01732d5a2e68`: the image the step produced. Capture 1: image id.
package struct LegacyImageID: LineShape {
    package static let pattern = #"^ ---> ([0-9a-f]{12,64})$"#
    package static let formats: Set<LogFormat> = [.legacy]
    package let image: String
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard c.eat(" ---> "), let n = c.hex(min: 12, max: 64), c.atEnd else { return nil }
        image = c.string(c.pos - n..<c.pos)
    }
}

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

/// `Successfully built 44f85758a116`. Capture 1: image id.
package struct LegacySuccessfullyBuilt: LineShape {
    package static let pattern = #"^Successfully built ([0-9a-f]{12,64})$"#
    package static let formats: Set<LogFormat> = [.legacy]
    package let image: String
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard c.eat("Successfully built "), let n = c.hex(min: 12, max: 64), c.atEnd else { return nil }
        image = c.string(c.pos - n..<c.pos)
    }
}

/// `The command '/bin/sh -c exit 3' returned a non-zero code: 3`.
/// Captures: 1 command, 2 exit code. The whole line is kept as the error text.
package struct LegacyCommandFailed: LineShape {
    package static let pattern = #"^The command '(.*)' returned a non-zero code: (\d+)$"#
    package static let formats: Set<LogFormat> = [.legacy]
    package let message: String
    package let code: Int
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard c.eat("The command '") else { return nil }
        // Find the code at the end, then the literal before it.
        var d = line.count
        while d > c.pos, line[d - 1] &- 48 < 10 { d -= 1 }
        guard d < line.count else { return nil }
        let tail: StaticString = "' returned a non-zero code: "
        let n = tail.utf8CodeUnitCount
        guard d - n >= c.pos else { return nil }
        var t = ByteCursor(bytes: line.bytes, pos: d - n)
        guard t.eat(tail), let code = t.int() else { return nil }
        self.code = code
        message = line.string
    }
}

/// The first line of the newer CLI's banner: `DEPRECATED: The legacy builder is deprecated and
/// will be removed in a future release.` No captures.
package struct LegacyDeprecation: LineShape {
    package static let pattern = #"^DEPRECATED: The legacy builder is deprecated.*$"#
    package static let formats: Set<LogFormat> = [.legacy]
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard c.eat("DEPRECATED: The legacy builder is deprecated") else { return nil }
    }
}

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
