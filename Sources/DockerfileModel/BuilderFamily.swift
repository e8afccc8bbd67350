/// The builders whose cache rules and step numbering differ.
///
/// Numbering, as each builder prints a stage's steps (index 1 is the first printed step):
/// - legacy (`DOCKER_BUILDKIT=0`) and buildah: every instruction of the stage, FROM first.
/// - BuildKit (moby/buildkit `frontend/dockerfile/dockerfile2llb/convert.go`, the same from v0.8 to
///   v0.13): only RUN, COPY, ADD and WORKDIR, plus FROM when its base is neither `scratch` nor an
///   earlier stage (`if ds.stage.BaseName != emptyImageName && ds.base == nil { total = 1 }`).
///
/// Stage labels: the `AS` name, else `stage-N` (N the stage's position in the file). BuildKit drops
/// the label when the Dockerfile has one dispatch state (`len(allDispatchStates.states) == 1`); a
/// `--from` naming an image adds a state, so such a file keeps `stage-0`. buildah prints no label
/// (`STEP 2/3:` without `[1/1]`) for a single stage. cachebench's legacy step normalisation always
/// labels, as `stage-N` or the `AS` name.
public enum BuilderFamily: String, Sendable, CaseIterable {
    case legacy
    case buildKit = "buildkit"
    case buildah

    /// True when the builder prints `instruction` as a step of its own (FROM aside).
    public func isStep(_ instruction: Instruction) -> Bool {
        switch self {
        case .legacy, .buildah: return true
        case .buildKit: return ["run", "copy", "add", "workdir"].contains(instruction.name)
        }
    }

    /// The ignore file this builder applies: the legacy builder reads only the context's
    /// `.dockerignore`; BuildKit reads `<Dockerfile>.dockerignore` first (v0.8's
    /// `filename + ".dockerignore"`); buildah 1.28 reads the context's `.containerignore` or
    /// `.dockerignore`.
    public var readsDockerfileSpecificIgnore: Bool { self == .buildKit }
}

/// One step as a builder prints it, tied to the instruction it runs.
public struct PrintedStep: Equatable, Sendable {
    /// The stage label printed (`compile-image`, `stage-1`), nil when the builder prints none.
    public let label: String?
    /// The 1-based number printed within the stage.
    public let index: Int
    /// The stage's position in the file.
    public let stage: Int
    /// The instruction's position in the stage: 0 is FROM.
    public let position: Int
    /// The instruction's first line in the Dockerfile: with `stage`, its identity.
    public let line: Int
}

extension StageGraph {
    /// Every step `builder` prints for this Dockerfile, stage by stage, in file order.
    public func printedSteps(for builder: BuilderFamily) -> [PrintedStep] {
        var out: [PrintedStep] = []
        for stage in stages {
            let label = stageLabel(stage, builder: builder)
            var index = 0
            for (position, instruction) in stage.allInstructions.enumerated() {
                let printed: Bool
                if position == 0 {
                    printed = builder != .buildKit
                        || (stage.baseStage == nil && stage.base.lowercased() != "scratch")
                } else {
                    printed = builder.isStep(instruction)
                }
                guard printed else { continue }
                index += 1
                out.append(PrintedStep(label: label, index: index, stage: stage.index, position: position,
                                       line: instruction.startLine))
            }
        }
        return out
    }

    private func stageLabel(_ stage: Stage, builder: BuilderFamily) -> String? {
        let named = stage.ref.displayName
        switch builder {
        case .legacy: return named
        case .buildah: return stages.count == 1 ? nil : named
        case .buildKit:
            let states = stages.count + stages.map(\.externalSources.count).reduce(0, +)
            return states == 1 ? nil : named
        }
    }
}
