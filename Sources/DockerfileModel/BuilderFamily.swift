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
