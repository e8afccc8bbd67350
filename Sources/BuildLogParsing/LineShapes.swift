/// Every line shape, in the order the parsers try them. A test asserts that no real line matches
/// two of them, so the order never decides a line's meaning (except the documented BuildKit fallback,
/// whose pattern excludes the other BuildKit shapes explicitly).
package enum LineShapes {
    package static let all: [any LineShape.Type] = [
        BlankLine.self,
        // BuildKit plain
        BuildKitLogOutput.self, BuildKitStepVertex.self, BuildKitCached.self, BuildKitDone.self,
        BuildKitError.self, BuildKitCanceled.self, BuildKitVertexDigest.self, BuildKitBlobProgress.self,
        BuildKitWritingLayer.self, BuildKitPushingLayer.self, BuildKitPullingBlob.self, BuildKitExtracting.self,
        BuildKitVertexText.self,
        BuildKitErrorRule.self, BuildKitErrorHeader.self, BuildKitDockerfileExcerpt.self, BuildKitFatal.self, BuildxWarning.self,
        // BuildKit rawjson
        RawJSONStatus.self,
        // legacy builder (`DOCKER_BUILDKIT=0 docker build`)
        LegacySendingContext.self, LegacyStep.self, LegacyUsingCache.self, LegacyRunningIn.self,
        LegacyImageID.self, LegacyRemovedContainer.self, LegacySuccessfullyBuilt.self,
        LegacyCommandFailed.self, LegacyDeprecation.self, LegacyDeprecationDetail.self,
        SuccessfullyTagged.self,
        // buildah
        BuildahStep.self, BuildahUsingCache.self, BuildahCacheTransfer.self, BuildahLayerID.self,
        BuildahCommit.self, BuildahImageTransfer.self, BuildahImageID.self, BuildahStepError.self,
        // push / pull
        PushRefers.self, PushLayer.self, PushDigest.self,
        PullFrom.self, PullLayer.self, LayerWaiting.self, PullDigest.self, PullStatus.self, PullImageRef.self,
        CommandError.self,
        // docker history
        HistoryRow.self,
    ]

    /// The shapes that match `line` (used by tests; parsers dispatch by hand).
    package static func matching(_ line: LogLine) -> [any LineShape.Type] {
        all.filter { $0.init(line) != nil }
    }
}
