/// Which engine output a log holds. Raw values are the `format` strings of `cachebench parse-log --format json`.
public enum LogFormat: String, Codable, Sendable, CaseIterable {
    /// BuildKit `--progress=plain` (`#N [stage 1/3] RUN ...`, `#N CACHED`, `#N DONE 1.2s`).
    case buildkitPlain = "buildkit-plain"
    /// BuildKit/buildx `--progress=rawjson`: one SolveStatus JSON object per line.
    case buildkitRawjson = "buildkit-rawjson"
    /// The legacy builder (`Step N/M : INSTR`, ` ---> Using cache`).
    case legacy
    /// `buildah build` (`STEP k/m: INSTR`, `--> Using cache`).
    case buildah
    /// `docker push` output.
    case push
    /// `docker pull` output.
    case pull
    /// `docker history --no-trunc --format '{{json .}}'`.
    case history
}
