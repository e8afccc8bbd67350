extension Dockerfile {
    /// The parsed file as JSON (`--dump json`):
    /// `{"file", "escapeToken", "directives": [{"name", "value", "line"}], "instructions":
    /// [{"name", "keyword", "flags", "arguments", "json", "startLine", "endLine", "heredocs":
    /// [{"name", "fileDescriptor", "expand", "chomp", "content"}], "onbuild": INSTRUCTION | null}],
    /// "warnings"}`.
    public func jsonString(pretty: Bool = true) -> String {
        JSONValue.object([
            ("file", .string(file)),
            ("escapeToken", .string(String(escapeToken))),
            (
                "directives",
                .array(
                    directives.map {
                        .object([("name", .string($0.name)), ("value", .string($0.value)), ("line", .int($0.line))])
                    })
            ),
            ("instructions", .array(instructions.map(Self.json(of:)))),
            ("warnings", .strings(warnings)),
        ]).rendered(pretty: pretty)
    }

    private static func json(of instruction: Instruction) -> JSONValue {
        .object([
            ("name", .string(instruction.name)),
            ("keyword", .string(instruction.keyword)),
            ("flags", .strings(instruction.flags)),
            ("arguments", .strings(instruction.arguments)),
            ("json", .bool(instruction.isJSON)),
            ("startLine", .int(instruction.startLine)),
            ("endLine", .int(instruction.endLine)),
            (
                "heredocs",
                .array(
                    instruction.heredocs.map {
                        .object([
                            ("name", .string($0.name)), ("fileDescriptor", .int($0.fileDescriptor)),
                            ("expand", .bool($0.expand)), ("chomp", .bool($0.chomp)), ("content", .string($0.content)),
                        ])
                    })
            ),
            ("onbuild", instruction.onbuildTrigger.map(json(of:)) ?? .null),
        ])
    }
}
