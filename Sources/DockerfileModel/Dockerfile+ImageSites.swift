extension Dockerfile {
    /// Every image the stages from the first up to `graph`'s target pull, in file order: bases that are not
    /// stages or `scratch`, and the images of `--from` and `--mount=from=` that are not stages. One site per
    /// instruction and distinct reference. The legacy builder builds every stage up to the target, so stages
    /// the target does not need are included.
    public func imageSites(graph: StageGraph) -> [ImageSite] {
        let escape = escapeToken.unicodeScalars.first ?? "\\"
        var sites: [ImageSite] = []
        func site(_ kind: ImageSite.Kind, stage: Int, instruction: Instruction, written: String) -> ImageSite {
            let names = ShellWords.referencedNames(written, escape: escape)
            return ImageSite(kind: kind, stage: stage, startLine: instruction.startLine, endLine: instruction.endLine,
                             written: written, expanded: ShellWords.expand(written, variables: graph.globalArgs, escape: escape),
                             isResolved: names.allSatisfy { graph.globalArgs[$0] != nil })
        }
        for stage in graph.stages where stage.index <= graph.target {
            if stage.baseStage == nil, stage.base.lowercased() != "scratch", let written = stage.from.arguments.first {
                sites.append(site(.from, stage: stage.index, instruction: stage.from, written: written))
            }
            for instruction in stage.instructions {
                let kind: ImageSite.Kind = instruction.name == "run" ? .mountFrom : .copyFrom
                var seen: Set<String> = []
                for written in StageGraph.references(of: instruction) where seen.insert(written).inserted {
                    let candidate = site(kind, stage: stage.index, instruction: instruction, written: written)
                    if case .image = graph.resolve(reference: candidate.expanded, inStage: stage.index) { sites.append(candidate) }
                }
            }
        }
        return sites
    }

    /// `text` (default: this Dockerfile's) with the images of `replacements` rewritten where they are written:
    /// the word after `FROM` and its flags, the value of `--from=`, the `from=` field of `--mount=`. Every other
    /// byte, and so every line number, stays. `text` may be another version of this file whose lines were only
    /// extended after the FROM image (``namingUnnamedStages(prefix:)``'s output).
    ///
    /// - Returns: the text and the sites whose reference could not be found as one plain word (a word split by a
    ///   line continuation, a quoted value): those are left as written.
    public func replacingImages(_ replacements: [(site: ImageSite, with: String)], in text: String? = nil)
        -> (text: String, unreplaced: [ImageSite])
    {
        var lines = (text ?? self.text).unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
            .map { Array($0) }
        var unreplaced: [ImageSite] = []
        // Per line, the scalar ranges to replace; applied right to left so earlier ranges stay valid.
        var edits: [Int: [(range: Range<Int>, with: [Unicode.Scalar])]] = [:]
        for (site, replacement) in replacements {
            let found = ImageWordFinder(lines: lines, site: site, escape: escapeToken.unicodeScalars.first ?? "\\").ranges()
            if found.isEmpty { unreplaced.append(site); continue }
            for (line, range) in found { edits[line, default: []].append((range, Array(replacement.unicodeScalars))) }
        }
        for (line, lineEdits) in edits {
            for edit in lineEdits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
                lines[line].replaceSubrange(edit.range, with: edit.with)
            }
        }
        let joined = lines.map { line -> String in
            var view = String.UnicodeScalarView()
            view.append(contentsOf: line)
            return String(view)
        }.joined(separator: "\n")
        return (joined, unreplaced)
    }
}
