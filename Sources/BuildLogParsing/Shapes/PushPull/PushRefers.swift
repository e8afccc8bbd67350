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
