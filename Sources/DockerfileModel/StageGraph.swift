import Foundation

/// The stages of a Dockerfile and how they depend on each other, resolved for one target and
/// one set of build arguments.
public struct StageGraph: Sendable {
    /// What a `--from=` or `--mount=...,from=` names.
    public enum Reference: Equatable, Sendable {
        /// A stage of this Dockerfile, by index.
        case stage(Int)
        /// An image from a registry.
        case image(String)
    }

    /// The file name the graph came from (for errors).
    public let file: String
    /// Every stage in file order.
    public let stages: [Stage]
    /// Index of the target stage: the last stage, or the one `target` named.
    public let target: Int
    /// The target and every stage it needs, transitively; sorted.
    public let neededByTarget: [Int]
    /// Images named by `COPY/ADD --from` or `RUN --mount=from=` that are not stages, in order of
    /// first appearance (BuildKit pulls them like base images).
    public let externalCopySources: [String]
    /// The ARGs declared before the first FROM, after `buildArgs` overrides; unset ones absent.
    public let globalArgs: [String: String]

    /// Resolves the stages of `dockerfile`.
    ///
    /// - Parameters:
    ///   - buildArgs: `--build-arg` values; they override defaults of ARGs declared before FROM.
    ///   - target: the `--target` stage name (case-insensitive); nil means the last stage.
    /// - Throws: ``DockerfileError`` for instructions before FROM, a stage referring to itself
    ///   or to a later stage, duplicate names, and an unknown target.
    public init(dockerfile: Dockerfile, buildArgs: [String: String] = [:], target: String? = nil)
        throws(DockerfileError)
    {
        let file = dockerfile.file
        let escape = dockerfile.escapeToken.unicodeScalars.first ?? "\\"
        self.file = file

        var globals: [String: String] = [:]
        var index = 0
        let all = dockerfile.instructions
        while index < all.count, all[index].name != "from" {
            let instruction = all[index]
            guard instruction.name == "arg" else {
                throw .instructionBeforeFrom(
                    file: file, line: instruction.startLine, instruction: instruction.keyword.uppercased())
            }
            for word in instruction.arguments {
                let (name, defaultValue) = Self.splitArg(word)
                if let override = buildArgs[name] {
                    globals[name] = override
                } else if let defaultValue {
                    globals[name] = ShellWords.expand(defaultValue, variables: globals, escape: escape)
                }
            }
            index += 1
        }
        self.globalArgs = globals

        // Group the remaining instructions by FROM.
        var groups: [(from: Instruction, body: [Instruction])] = []
        for instruction in all[index...] {
            if instruction.name == "from" {
                groups.append((instruction, []))
            } else {
                groups[groups.count - 1].body.append(instruction)
            }
        }
        guard !groups.isEmpty else {
            let line = all.last?.startLine ?? 1
            throw .instructionBeforeFrom(file: file, line: line, instruction: "every instruction")
        }

        var names: [String?] = []
        for group in groups {
            let name = StageRef.name(of: group.from)
            if let name, names.contains(name) {
                throw .duplicateStageName(file: file, line: group.from.startLine, name: name)
            }
            names.append(name)
        }

        var stages: [Stage] = []
        var external: [String] = []
        for (stageIndex, group) in groups.enumerated() {
            let image = ShellWords.expand(group.from.arguments.first ?? "", variables: globals, escape: escape)
            if image.isEmpty {
                let written = group.from.arguments.first ?? ""
                throw .syntax(
                    file: file, line: group.from.startLine,
                    message: "FROM \(written) names no image after ARG substitution; declare the ARG with a default before the first FROM or pass --build-arg")
            }
            var base = image
            var baseStage: Int?
            var dependsOn: Set<Int> = []
            var sources: [String] = []
            if let found = names[..<stageIndex].firstIndex(where: { $0 != nil && $0 == image.lowercased() }) {
                baseStage = found
                base = names[found] ?? image
                dependsOn.insert(found)
            }
            func resolve(_ raw: String, line: Int) throws(DockerfileError) -> Reference {
                let reference = ShellWords.expand(raw, variables: globals, escape: escape)
                let resolved = try Self.resolve(
                    reference, in: stageIndex, names: names, file: file, line: line)
                switch resolved {
                case .stage(let other): dependsOn.insert(other)
                case .image(let name):
                    if !sources.contains(name) { sources.append(name) }
                }
                return resolved
            }
            for instruction in group.body {
                for reference in Self.references(of: instruction) {
                    _ = try resolve(reference, line: instruction.startLine)
                }
            }
            for source in sources where !external.contains(source) { external.append(source) }
            stages.append(
                Stage(
                    index: stageIndex, name: names[stageIndex], base: base, baseStage: baseStage,
                    platform: group.from.flag("platform"), from: group.from, instructions: group.body,
                    dependsOn: dependsOn.sorted(), externalSources: sources))
        }
        self.stages = stages
        self.externalCopySources = external

        if let target {
            guard let found = names.firstIndex(where: { $0 == target.lowercased() }) else {
                throw .targetNotFound(
                    file: file, line: stages.last?.from.startLine ?? 1, target: target,
                    available: names.compactMap { $0 })
            }
            self.target = found
        } else {
            self.target = stages.count - 1
        }

        var needed: Set<Int> = []
        var pending = [self.target]
        while let next = pending.popLast() {
            guard needed.insert(next).inserted else { continue }
            pending += stages[next].dependsOn
        }
        self.neededByTarget = needed.sorted()
    }

    /// The `NAME` and optional default of an ARG word (`NAME=value`, quotes kept in value).
    static func splitArg(_ word: String) -> (String, String?) {
        guard let equals = word.firstIndex(of: "=") else { return (word, nil) }
        return (String(word[..<equals]), String(word[word.index(after: equals)...]))
    }

    /// Stage references of one instruction: `--from` of COPY/ADD, `from=` of RUN `--mount`s.
    static func references(of instruction: Instruction) -> [String] {
        switch instruction.name {
        case "copy", "add":
            return instruction.flag("from").map { [$0] } ?? []
        case "run":
            return instruction.values(ofFlag: "mount").compactMap { mountField($0, "from") }
        default:
            return []
        }
    }

    /// The value of `key` in a `--mount` CSV (`type=cache,from=build,target=/x`).
    static func mountField(_ mount: String, _ key: String) -> String? {
        for field in mount.split(separator: ",") {
            let parts = field.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == key {
                var value = parts[1].trimmingCharacters(in: .whitespaces)
                if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                    value = String(value.dropFirst().dropLast())
                }
                return value
            }
        }
        return nil
    }

    static func resolve(_ reference: String, in stageIndex: Int, names: [String?], file: String, line: Int)
        throws(DockerfileError) -> Reference
    {
        let lower = reference.lowercased()
        if let found = names.firstIndex(where: { $0 == lower }) {
            if found == stageIndex {
                throw .stageRefersToItself(file: file, line: line, stage: reference)
            }
            if found > stageIndex {
                throw .stageRefersToLaterStage(file: file, line: line, stage: reference)
            }
            return .stage(found)
        }
        if !reference.isEmpty, reference.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(reference) {
            if number == stageIndex {
                throw .stageRefersToItself(file: file, line: line, stage: reference)
            }
            if number < stageIndex { return .stage(number) }
            if number < names.count {
                throw .stageRefersToLaterStage(file: file, line: line, stage: reference)
            }
        }
        return .image(reference)
    }

    /// The target stage.
    public var targetStage: Stage { stages[target] }

    /// What the legacy builder builds for the target: every stage from 0 up to the target.
    public var legacyBuildOrder: [Int] { Array(0...target) }

    /// What BuildKit builds for the target: only the needed stages, dependencies first.
    public var buildKitBuildOrder: [Int] {
        // Dependencies always point to earlier stages, so ascending order is a valid order.
        neededByTarget
    }

    /// The stage with this name (case-insensitive).
    public func stage(named name: String) -> Stage? {
        stages.first { $0.name == name.lowercased() }
    }

    /// What a `--from` value in stage `stageIndex` refers to.
    public func resolve(reference: String, inStage stageIndex: Int) -> Reference? {
        let names = stages.map(\.name)
        return try? Self.resolve(reference, in: stageIndex, names: names, file: file, line: 0)
    }

    /// Stages that use `index`, directly or transitively; sorted.
    public func dependents(of index: Int) -> [Int] {
        var found: Set<Int> = []
        for stage in stages where stage.index > index {
            if stage.dependsOn.contains(where: { $0 == index || found.contains($0) }) {
                found.insert(stage.index)
            }
        }
        return found.sorted()
    }

    /// The `--dump stages` JSON: `{"stages": [{"index", "name", "base", "dependsOn"}], "target",
    /// "neededByTarget", "externalCopySources"}`; `name` is null for unnamed stages and `target`
    /// is the target stage's index.
    public func jsonString(pretty: Bool = true) -> String {
        json.rendered(pretty: pretty)
    }

    var json: JSONValue {
        .object([
            (
                "stages",
                .array(
                    stages.map { stage in
                        .object([
                            ("index", .int(stage.index)),
                            ("name", .optional(stage.name)),
                            ("base", .string(stage.base)),
                            ("dependsOn", .ints(stage.dependsOn)),
                        ])
                    })
            ),
            ("target", .int(target)),
            ("neededByTarget", .ints(neededByTarget)),
            ("externalCopySources", .strings(externalCopySources)),
        ])
    }
}
