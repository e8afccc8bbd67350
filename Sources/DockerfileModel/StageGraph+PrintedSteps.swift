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
