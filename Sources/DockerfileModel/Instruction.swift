/// One instruction of a Dockerfile, as BuildKit's parser sees it.
public struct Instruction: Equatable, Sendable {
    /// The instruction word as written (`RUN`, `run`, `Copy`).
    public let keyword: String
    /// Flags before the arguments, as BuildKit prints them: `--from=build`, `--link`.
    public let flags: [String]
    /// The arguments as BuildKit's AST holds them: JSON elements, whitespace-split words, one
    /// string for shell form, or `key, value, separator` triples for ENV and LABEL.
    public let arguments: [String]
    /// True when the arguments came from a JSON array.
    public let isJSON: Bool
    /// Heredocs whose bodies follow the instruction (RUN, COPY, ADD only).
    public let heredocs: [Heredoc]
    /// The instruction text after joining continuation lines (comments inside removed).
    public let original: String
    /// First line of the instruction, 1-based.
    public let startLine: Int
    /// Last line of the instruction, 1-based, heredoc bodies included.
    public let endLine: Int
    // An array holds the ONBUILD trigger so the struct may contain itself.
    private let nested: [Instruction]

    /// Creates an instruction value.
    public init(
        keyword: String, flags: [String] = [], arguments: [String] = [], isJSON: Bool = false,
        onbuildTrigger: Instruction? = nil, heredocs: [Heredoc] = [], original: String,
        startLine: Int, endLine: Int
    ) {
        self.keyword = keyword
        self.flags = flags
        self.arguments = arguments
        self.isJSON = isJSON
        self.nested = onbuildTrigger.map { [$0] } ?? []
        self.heredocs = heredocs
        self.original = original
        self.startLine = startLine
        self.endLine = endLine
    }

    /// The lower-cased instruction name (`run`, `copy`, ...).
    public var name: String { keyword.lowercased() }

    /// For ONBUILD, the instruction it triggers.
    public var onbuildTrigger: Instruction? { nested.first }

    /// The value of flag `--name=value` (last one wins), `""` for a bare `--name`, nil if absent.
    public func flag(_ name: String) -> String? {
        values(ofFlag: name).last
    }

    /// Every value of a repeatable flag such as `--mount`.
    public func values(ofFlag name: String) -> [String] {
        let lower = name.lowercased()
        return flags.compactMap { raw in
            guard raw.hasPrefix("--") else { return nil }
            let body = raw.dropFirst(2)
            if let eq = body.firstIndex(of: "=") {
                return body[..<eq].lowercased() == lower ? String(body[body.index(after: eq)...]) : nil
            }
            return body.lowercased() == lower ? "" : nil
        }
    }

    /// The `--mount=type=cache,...` values of a RUN: mounts that start empty on a fresh builder and that no cache
    /// backend exports.
    public var cacheMounts: [String] {
        guard name == "run" else { return [] }
        return values(ofFlag: "mount").filter { StageGraph.mountField($0, "type")?.lowercased() == "cache" }
    }

    /// ENV and LABEL arguments as `(key, value)` pairs, value as written (quotes kept).
    public var keyValuePairs: [(key: String, value: String)] {
        guard name == "env" || name == "label" else { return [] }
        var pairs: [(key: String, value: String)] = []
        var index = 0
        while index + 1 < arguments.count {
            pairs.append((arguments[index], arguments[index + 1]))
            index += 3
        }
        return pairs
    }

    /// This instruction in BuildKit's AST dump format: `(copy ["--from=x"] "a" "b")` without
    /// the outer parentheses, as `Node.Dump` prints a child.
    public var astDump: String {
        var text = name
        if !flags.isEmpty {
            text += " [" + flags.map(GoQuote.quote).joined(separator: " ") + "]"
        }
        if let trigger = onbuildTrigger {
            text += " (" + trigger.astDump + ")"
        } else {
            for argument in arguments {
                text += " " + GoQuote.quote(argument)
            }
        }
        return text
    }
}
