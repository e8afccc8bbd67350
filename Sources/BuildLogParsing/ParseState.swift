/// What the parser has learnt so far. One value per log; every line updates it in place.
struct ParseState: Sendable {
    var steps: [ParsedStep] = []
    var unmatched = 0
    var error: String?
    var digest: String?

    // layers: push/pull keep the last action per id in order of first appearance; history appends.
    private var layerOrder: [String] = []
    private var layerInfo: [String: (action: LayerAction?, bytes: Int64?)] = [:]
    private var historyLayers: [ParsedLayer] = []

    // BuildKit plain
    private var vertexStep: [Int: Int] = [:]
    /// Vertices whose name is a FROM step: their downloads are the base image, not a cache import.
    private var fromVertices: Set<Int> = []
    /// Blobs BuildKit moved itself (imports, exports, `--push`), in order of first appearance; one per action and id.
    private var buildKitLayers: [ParsedLayer] = []
    private var buildKitLayerIndex: [String: Int] = [:]
    /// Step vertices (not FROM) under which a blob was fetched, and those that printed their command's output: a
    /// step that fetched blobs and ran nothing was loaded from a cache source, whether or not BuildKit said `CACHED`.
    private var fetchingVertices: Set<Int> = []
    private var outputVertices: Set<Int> = []
    private var inErrorSummary = false
    private var fatal: String?

    // legacy / buildah: the running step and its start time
    private var openStep: Int?
    private var openStepAt: Double?
    private var containerOutput = false
    private var buildahStageNames: [Int: String] = [:]

    // rawjson
    private var digestStep: [String: Int] = [:]
    private var seenDigests: Set<String> = []
    private var rawTimes: [Int: (started: Double?, completed: Double?)] = [:]

    // MARK: dispatch

    mutating func handle(_ line: LogLine, format: LogFormat, at: Double?) {
        switch format {
        case .buildkitPlain: buildKit(line)
        case .buildkitRawjson: rawJSON(line)
        case .legacy: legacy(line, at: at)
        case .buildah: buildah(line, at: at)
        case .push: push(line)
        case .pull: pull(line, inBuild: false)
        case .history: history(line)
        }
    }

    // MARK: BuildKit plain

    @inline(__always)
    private mutating func buildKit(_ line: LogLine) {
        guard line.count > 0, line[0] == UInt8(ascii: "#") else { return buildKitOther(line) }
        var c = line.cursor()
        guard let vertex = c.vertexPrefix(), let next = c.peek else { unmatched += 1; return }
        switch next {
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            if BuildKitLogOutput(line) != nil { outputVertices.insert(vertex); return }
        case UInt8(ascii: "["):
            if let s = BuildKitStepVertex(line) {
                if vertexStep[vertex] == nil {
                    vertexStep[vertex] = steps.count
                    if s.instruction.utf8.count >= 5, s.instruction.prefix(5).uppercased() == "FROM " { fromVertices.insert(vertex) }
                    steps.append(ParsedStep(stage: s.stage, index: s.index, of: s.of, instruction: s.instruction))
                }
                return
            }
        case UInt8(ascii: "C"):
            if BuildKitCached(line) != nil {
                if let i = vertexStep[vertex] { steps[i].cached = true }
                return
            }
            if BuildKitCanceled(line) != nil { return }
        case UInt8(ascii: "D"):
            if let d = BuildKitDone(line) {
                if let i = vertexStep[vertex] { steps[i].seconds = d.seconds }
                return
            }
        case UInt8(ascii: "E"):
            if let e = BuildKitError(line) {
                if let i = vertexStep[vertex] { steps[i].error = e.message }
                return
            }
        case UInt8(ascii: "s"):
            if BuildKitVertexDigest(line) != nil { return }
            if let p = BuildKitBlobProgress(line) {
                if p.done { noteFetch(p.digest, under: vertex, bytes: p.total) }
                return
            }
        case UInt8(ascii: "e"):
            if let x = BuildKitExtracting(line) {
                if x.done { noteFetch(x.digest, under: vertex) }
                return
            }
        case UInt8(ascii: "w"):
            if let w = BuildKitWritingLayer(line) { noteBuildKitLayer(w.digest, action: .exported); return }
        case UInt8(ascii: "p"):
            if let p = BuildKitPushingLayer(line) { noteBuildKitLayer(p.id, action: .pushed); return }
            if let p = BuildKitPullingBlob(line) {
                if p.done { noteFetch(p.digest, under: vertex) }
                return
            }
        default:
            break
        }
        // BuildKitVertexText: a non-step vertex's name, or a status/continuation line. Neither
        // changes a step, so the two need not be told apart.
    }

    /// A blob fetched under a step: the base image under a FROM (not counted), else an import that also marks the
    /// step as loaded from a cache source (see `finish`).
    private mutating func noteFetch(_ digest: String, under vertex: Int, bytes: Int64? = nil) {
        guard !fromVertices.contains(vertex) else { return }
        noteBuildKitLayer(digest, action: .imported, bytes: bytes)
        fetchingVertices.insert(vertex)
    }

    /// One record per action and blob: a blob both imported and exported (registry-max re-exports what it pulled)
    /// is two transfers; repeated progress lines of one download are one.
    private mutating func noteBuildKitLayer(_ id: String, action: LayerAction, bytes: Int64? = nil) {
        let key = action.rawValue + " " + id
        if let i = buildKitLayerIndex[key] {
            if let bytes { buildKitLayers[i].bytes = bytes }
            return
        }
        buildKitLayerIndex[key] = buildKitLayers.count
        buildKitLayers.append(ParsedLayer(id: id, action: action, bytes: bytes))
    }

    private mutating func buildKitOther(_ line: LogLine) {
        if line.isEmpty { return }
        if BuildKitErrorRule(line) != nil {
            if line.count == 6 { inErrorSummary.toggle() }
            return
        }
        if BuildKitErrorHeader(line) != nil || BuildKitDockerfileExcerpt(line) != nil { return }
        if let f = BuildKitFatal(line) { fatal = fatal ?? f.message; return }
        if BuildxWarning(line) != nil { return }
        if let e = CommandError(line) { error = error ?? e.message; return }
        if inErrorSummary { return }  // output quoted inside the error summary
        unmatched += 1
    }

    // MARK: rawjson

    private mutating func rawJSON(_ line: LogLine) {
        if line.isEmpty { return }
        if let s = RawJSONStatus(line) {
            for v in s.vertexes { rawVertex(v) }
            return
        }
        if let f = BuildKitFatal(line) { fatal = fatal ?? f.message; return }
        if let e = CommandError(line) { error = error ?? e.message; return }
        unmatched += 1
    }

    private mutating func rawVertex(_ v: RawJSONStatus.Vertex) {
        guard let digest = v.digest else { return }
        if !seenDigests.contains(digest) {
            seenDigests.insert(digest)
            if let name = v.name, name.hasPrefix("["),
               let s = LogLine.with("#0 " + name, { BuildKitStepVertex($0) }) {
                digestStep[digest] = steps.count
                steps.append(ParsedStep(stage: s.stage, index: s.index, of: s.of, instruction: s.instruction))
            }
        }
        guard let i = digestStep[digest] else { return }
        if v.cached == true { steps[i].cached = true }
        if let e = v.error, !e.isEmpty { steps[i].error = e }
        var t = rawTimes[i] ?? (nil, nil)
        if let s = v.started.flatMap(RFC3339.seconds) { t.started = s }
        if let c = v.completed.flatMap(RFC3339.seconds) { t.completed = c }
        rawTimes[i] = t
        if let s = t.started, let c = t.completed, c >= s { steps[i].seconds = c - s }
    }

    // MARK: legacy builder

    private mutating func legacy(_ line: LogLine, at: Double?) {
        if line.isEmpty { return }
        if let s = LegacyStep(line) {
            openNewStep(ParsedStep(index: s.index, of: s.of, instruction: s.instruction), at: at)
            containerOutput = false
            return
        }
        if LegacyUsingCache(line) != nil {
            if let i = openStep { steps[i].cached = true }
            return
        }
        if LegacyRunningIn(line) != nil { containerOutput = true; return }
        if LegacyRemovedContainer(line) != nil || LegacyImageID(line) != nil { containerOutput = false; return }
        if let f = LegacyCommandFailed(line) {
            if let i = openStep { steps[i].error = f.message }
            error = f.message
            containerOutput = false
            return
        }
        if LegacySuccessfullyBuilt(line) != nil || SuccessfullyTagged(line) != nil
            || LegacySendingContext(line) != nil || LegacyDeprecation(line) != nil
            || LegacyDeprecationDetail(line) != nil { return }
        if !containerOutput, pull(line, inBuild: true) { return }
        if !containerOutput, let e = CommandError(line) { error = error ?? e.message; return }
        if containerOutput { return }  // the RUN's own output
        unmatched += 1
    }

    // MARK: buildah

    private mutating func buildah(_ line: LogLine, at: Double?) {
        if line.isEmpty { return }
        if let s = BuildahStep(line) {
            var stage: String?
            if let k = s.stageNumber {
                if s.index == 1, let name = Self.fromAlias(s.instruction) { buildahStageNames[k] = name }
                stage = buildahStageNames[k] ?? "stage-\(k - 1)"
            }
            openNewStep(ParsedStep(stage: stage, index: s.index, of: s.of, instruction: s.instruction), at: at)
            containerOutput = true
            return
        }
        if BuildahUsingCache(line) != nil {
            if let i = openStep { steps[i].cached = true }
            containerOutput = false
            return
        }
        if BuildahCacheTransfer(line) != nil || BuildahLayerID(line) != nil || BuildahCommit(line) != nil
            || SuccessfullyTagged(line) != nil || BuildahImageID(line) != nil {
            containerOutput = false
            return
        }
        if BuildahImageTransfer(line) != nil { return }
        if let e = BuildahStepError(line) {
            if let i = openStep { steps[i].error = e.message }
            error = e.message
            containerOutput = false
            return
        }
        if let e = CommandError(line) { error = error ?? e.message; return }
        if containerOutput { return }
        unmatched += 1
    }

    /// `FROM image AS name` → name (case-insensitive `AS`).
    static func fromAlias(_ instruction: String) -> String? {
        let words = instruction.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count >= 4, words[0].uppercased() == "FROM", words[words.count - 2].uppercased() == "AS"
        else { return nil }
        return String(words[words.count - 1])
    }

    private mutating func openNewStep(_ step: ParsedStep, at: Double?) {
        closeOpenStep(at: at)
        openStep = steps.count
        openStepAt = at
        steps.append(step)
    }

    private mutating func closeOpenStep(at: Double?) {
        if let i = openStep, let start = openStepAt, let end = at, end >= start {
            steps[i].seconds = end - start
        }
        openStep = nil
        openStepAt = nil
    }

    // MARK: push / pull

    private mutating func noteLayer(_ id: String, action: LayerAction?, bytes: Int64? = nil) {
        if var info = layerInfo[id] {
            if let action { info.action = action }
            if let bytes { info.bytes = bytes }
            layerInfo[id] = info
        } else {
            layerOrder.append(id)
            layerInfo[id] = (action, bytes)
        }
    }

    private mutating func push(_ line: LogLine) {
        if line.isEmpty || PushRefers(line) != nil || LayerWaiting(line) != nil { return }
        if let l = PushLayer(line) {
            switch l.status {
            case .preparing, .retrying: noteLayer(l.id, action: nil)
            case .pushing(let total): noteLayer(l.id, action: nil, bytes: total)
            case .pushed: noteLayer(l.id, action: .pushed)
            case .exists: noteLayer(l.id, action: .exists)
            case .mounted: noteLayer(l.id, action: .mounted)
            }
            return
        }
        if let d = PushDigest(line) { digest = d.digest; return }
        if let e = CommandError(line) { error = error ?? e.message; return }
        unmatched += 1
    }

    /// Returns false when the line is not a pull line (so a legacy build can try other shapes).
    @discardableResult
    private mutating func pull(_ line: LogLine, inBuild: Bool) -> Bool {
        if line.isEmpty { return true }
        if let l = PullLayer(line) {
            switch l.status {
            case .started, .verifying, .extracting: noteLayer(l.id, action: nil)
            // With the containerd image store (Docker 24+), `Download complete` is a layer's last line: no `Pull complete`.
            case .downloaded: noteLayer(l.id, action: .pulled)
            case .downloading(let total): noteLayer(l.id, action: nil, bytes: total)
            case .complete: noteLayer(l.id, action: .pulled)
            case .alreadyExists: noteLayer(l.id, action: .alreadyExists)
            }
            return true
        }
        if PullFrom(line) != nil || LayerWaiting(line) != nil || PullStatus(line) != nil { return true }
        if let d = PullDigest(line) {
            if !inBuild { digest = d.digest }
            return true
        }
        if inBuild { return false }
        if PullImageRef(line) != nil { return true }
        if let e = CommandError(line) { error = error ?? e.message; return true }
        unmatched += 1
        return true
    }

    // MARK: history

    private mutating func history(_ line: LogLine) {
        if line.isEmpty { return }
        if let row = HistoryRow(line) { historyLayers.append(row.layer); return }
        if let e = CommandError(line) { error = error ?? e.message; return }
        unmatched += 1
    }

    // MARK: end

    mutating func finish(format: LogFormat, at: Double?) -> ParsedLog {
        closeOpenStep(at: at)
        // A result loaded lazily from a remote cache (the exporter needs its layers) is fetched under its own step,
        // and BuildKit 0.13 then often prints no `CACHED` for it: whether it does depends on timing.
        for vertex in fetchingVertices.subtracting(outputVertices) {
            if let i = vertexStep[vertex], steps[i].error == nil { steps[i].cached = true }
        }
        var layers = historyLayers + buildKitLayers
        for id in layerOrder {
            guard let info = layerInfo[id], let action = info.action else { continue }
            layers.append(ParsedLayer(id: id, action: action, bytes: info.bytes))
        }
        let stepError = steps.first(where: { $0.error != nil })?.error
        return ParsedLog(
            format: format, steps: steps, layers: layers, unmatchedLines: unmatched,
            error: fatal ?? error ?? stepError, digest: digest
        )
    }
}
