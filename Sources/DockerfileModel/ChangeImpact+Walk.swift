extension ChangeImpact {
    /// What carries from stage to stage while an impact is computed, and the per-instruction rules.
    struct Walk {
        let graph: StageGraph
        let builder: BuilderFamily
        let escape: Unicode.Scalar
        let paths: [String]
        let changedImages: Set<String>
        let changedBuildArgs: Set<String>
        let buildArgs: [String: String]
        let globalNames: Set<String>
        /// Per stage walked so far: whether its final state is rebuilt.
        var invalidated: [Bool] = []
        /// Per stage walked so far: the content roots its final state hangs on (empty: unchanged).
        var roots: [[Step]] = []

        /// The progress through one stage's instructions.
        struct Progress {
            var first: (position: Int, cause: String)?
            var content: (position: Int, cause: String)?
            var roots: [Step] = []
            var dependent: [ContentDependentStep] = []
        }

        /// Walks one stage (stages in file order) and returns its steps and what happened to them.
        mutating func stage(_ stage: Stage) -> (steps: [Step], progress: Progress) {
            let steps = stage.allInstructions.enumerated().map { offset, instruction in
                Step(stage: stage.index, position: offset, startLine: instruction.startLine,
                     endLine: instruction.endLine, instruction: instruction.original)
            }
            var progress = Progress()
            if let base = stage.baseStage, invalidated[base] {
                progress.first = (0, "builds FROM stage \(describe(graph.stages[base])), which is invalidated")
            } else if let base = stage.baseStage, !roots[base].isEmpty {
                progress.content = (0, "builds FROM stage \(describe(graph.stages[base])), whose content depends on copied files")
                progress.roots = roots[base]
                progress.dependent.append(ContentDependentStep(step: steps[0], roots: roots[base]))
            } else if stage.baseStage == nil, changedImages.contains(normalizeImage(stage.base)) {
                progress.first = (0, "base image \(stage.base) changed")
            } else if let arg = ShellWords.referencedNames(stage.from.original, escape: escape)
                .intersection(changedBuildArgs).intersection(globalNames).sorted().first
            {
                progress.first = (0, "build arg \(arg) changed (used in FROM)")
            }
            if progress.first == nil { walkInstructions(of: stage, steps: steps, into: &progress) }
            invalidated.append(progress.first != nil)
            roots.append(progress.first == nil ? progress.roots : [])
            return (steps, progress)
        }

        /// The impact on `stage` once every stage has been walked.
        func impact(of stage: Stage, steps: [Step], progress: Progress) -> StageImpact {
            let split = progress.first?.position ?? steps.count
            let cachedEnd = min(progress.content?.position ?? split, split)
            return StageImpact(
                index: stage.index, name: stage.name, firstInvalidated: progress.first.map { steps[$0.position] },
                cause: progress.first?.cause, invalidated: Array(steps[split...]), cached: Array(steps[..<cachedEnd]),
                dependentStages: progress.first == nil ? [] : graph.dependents(of: stage.index).filter { invalidated[$0] },
                firstDependsOnContent: progress.content.map { steps[$0.position] }, contentCause: progress.content?.cause,
                dependsOnContent: progress.dependent.filter { $0.step.position < split })
        }

        private func walkInstructions(of stage: Stage, steps: [Step], into progress: inout Progress) {
            var declared: Set<String> = []
            // ARG and ENV values in scope, so that `COPY $DIR/ .` matches like the builder does.
            var variables: [String: String] = [:]
            for (offset, instruction) in stage.instructions.enumerated() {
                let isStep = builder.isStep(instruction)
                if isStep, let cause = invalidation(of: instruction, declared: declared, variables: variables) {
                    progress.first = (offset + 1, cause)
                    return
                }
                if isStep, let cause = contentDependence(of: instruction, stage: stage.index) {
                    progress.roots.append(steps[offset + 1])
                    if progress.content == nil { progress.content = (offset + 1, cause) }
                }
                if progress.content != nil {
                    progress.dependent.append(ContentDependentStep(step: steps[offset + 1], roots: progress.roots))
                }
                declare(instruction, isStep: isStep, declared: &declared, variables: &variables)
            }
        }

        /// ARG and ENV bookkeeping. With BuildKit an ENV is no step: one built from a changed arg hands
        /// the change on to its own names.
        private func declare(
            _ instruction: Instruction, isStep: Bool, declared: inout Set<String>, variables: inout [String: String]
        ) {
            if instruction.name == "arg" {
                for word in instruction.arguments {
                    let (name, defaultValue) = StageGraph.splitArg(word)
                    if changedBuildArgs.contains(name) { declared.insert(name) }
                    if let value = buildArgs[name] ?? defaultValue.map({
                        ShellWords.expand($0, variables: variables, escape: escape)
                    }) ?? graph.globalArgs[name] {
                        variables[name] = value
                    }
                }
            }
            if instruction.name == "env" {
                let tainted = !isStep && !ShellWords.referencedNames(instruction.original, escape: escape)
                    .intersection(declared).isEmpty
                for pair in instruction.keyValuePairs {
                    variables[pair.key] = ShellWords.expand(pair.value, variables: variables, escape: escape)
                    if tainted { declared.insert(pair.key) }
                }
            }
        }

        // The cause if `instruction` itself is invalidated by the change, nil if its cache holds (or
        // hangs on copied content, see `contentDependence`).
        private func invalidation(of instruction: Instruction, declared: Set<String>, variables: [String: String])
            -> String?
        {
            if !declared.isEmpty {
                let used = ShellWords.referencedNames(instruction.original, escape: escape).intersection(declared)
                if let name = used.sorted().first {
                    let what = changedBuildArgs.contains(name) ? "build arg \(name) changed" : "\(name) is set from a changed build arg"
                    return "\(what) (used here)"
                }
                if instruction.name == "run", let name = declared.sorted().first {
                    return "build arg \(name) changed (every RUN after its ARG sees it)"
                }
            }
            switch instruction.name {
            case "copy", "add":
                guard instruction.flag("from") == nil else { return nil }
                return contextCause(of: instruction, variables: variables)
            case "run":
                for mount in instruction.values(ofFlag: "mount") where StageGraph.mountField(mount, "from") == nil {
                    let type = StageGraph.mountField(mount, "type") ?? "bind"
                    guard type == "bind" else { continue }
                    let source = StageGraph.mountField(mount, "source") ?? StageGraph.mountField(mount, "src") ?? "."
                    for path in paths where covers(source: source, path: path) {
                        return "bind mount source \"\(source)\" covers changed path \"\(path)\""
                    }
                }
            default:
                break
            }
            return nil
        }

        private func contextCause(of instruction: Instruction, variables: [String: String]) -> String? {
            let excludes = instruction.values(ofFlag: "exclude").map(GlobPattern.init(dockerignore:))
            for written in contextSources(of: instruction) {
                let source = written.contains("$")
                    ? ShellWords.expand(written, variables: variables, escape: escape) : written
                for path in paths where covers(source: source, path: path) {
                    if excludes.contains(where: { pattern in
                        PathUtilities.selfAndParents(path).contains(where: pattern.matches)
                    }) {
                        continue
                    }
                    return "\(instruction.keyword.uppercased()) source \"\(source)\" covers changed path \"\(path)\""
                }
            }
            return nil
        }

        /// Why `instruction` is cached only if what it copies or mounts from another stage or an image
        /// comes out unchanged; nil when it copies nothing that changed.
        private func contentDependence(of instruction: Instruction, stage: Int) -> String? {
            var references: [(String, String)] = []
            if instruction.name == "copy" || instruction.name == "add", let from = instruction.flag("from") {
                references.append((from, "copies from"))
            }
            if instruction.name == "run" {
                for mount in instruction.values(ofFlag: "mount") {
                    if let from = StageGraph.mountField(mount, "from") { references.append((from, "mounts from")) }
                }
            }
            for (reference, what) in references {
                switch graph.resolve(reference: reference, inStage: stage) {
                case .stage(let other) where invalidated[other]:
                    return "\(what) stage \(describe(graph.stages[other])), which is rebuilt: cached only if the copied files come out identical"
                case .stage(let other) where !roots[other].isEmpty:
                    return "\(what) stage \(describe(graph.stages[other])), whose content depends on copied files"
                case .image(let image) where changedImages.contains(normalizeImage(image)):
                    return "\(what) image \(image), which changed: cached only if the copied files come out identical"
                default:
                    continue
                }
            }
            return nil
        }
    }
}
