/// Any other `#N text` line: the vertex's name the first time N appears (`#1 [internal] load ...`,
/// `#7 importing cache manifest from ...`, `#13 exporting to image`), afterwards a status or
/// continuation line (`#4 resolve ...`,
/// `#13 writing image sha256:... done`, `#13 pushing layers`,
/// untimestamped output of old BuildKit). The fallback of the BuildKit shapes: its pattern excludes
/// every other `#N` shape. Captures: 1 vertex, 2 text (not kept).
package struct BuildKitVertexText: LineShape {
    package static let pattern =
        #"^#(\d+) (?!(?:CACHED|CANCELED|sha256:[0-9a-f]{64})$|DONE \d+(?:\.\d+)?s$|ERROR: |\d+\.\d+(?: |$)|\[(?:[^\]\s][^\]]*? +)?\d+/\d+\] .|sha256:[0-9a-f]{64} \d+(?:\.\d+)?[kMGTP]?B / \d+(?:\.\d+)?[kMGTP]?B(?: \d+(?:\.\d+)?s)?(?: done)?$|writing layer sha256:[0-9a-f]{64}(?: \d+(?:\.\d+)?s)?(?: done)?$|pushing layer [0-9a-f]{12}(?: \d+(?:\.\d+)?s)?(?: done)?$|(?:pulling|extracting) sha256:[0-9a-f]{64}(?: \d+(?:\.\d+)?s)?(?: done)?$)(.+)$"#
    package static let formats: Set<LogFormat> = [.buildkitPlain]
    package let vertex: Int
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard let v = c.vertexPrefix(), !c.atEnd else { return nil }
        if BuildKitCached(line) != nil || BuildKitCanceled(line) != nil || BuildKitVertexDigest(line) != nil
            || BuildKitDone(line) != nil || BuildKitError(line) != nil || BuildKitLogOutput(line) != nil
            || BuildKitStepVertex(line) != nil || BuildKitBlobProgress(line) != nil || BuildKitWritingLayer(line) != nil
            || BuildKitPushingLayer(line) != nil || BuildKitPullingBlob(line) != nil || BuildKitExtracting(line) != nil { return nil }
        vertex = v
    }
}
