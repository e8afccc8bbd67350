extension Dockerfile {
    /// ``ChangeImpact/compute(dockerfile:changedPaths:dockerignore:changedBuildArgs:changedBaseImages:buildArgs:target:builder:)``
    /// for this Dockerfile.
    public func changeImpact(
        changedPaths: [String], dockerignore: String? = nil, changedBuildArgs: Set<String> = [],
        changedBaseImages: Set<String> = [], buildArgs: [String: String] = [:], target: String? = nil,
        builder: BuilderFamily = .legacy
    ) throws(DockerfileError) -> ChangeImpact {
        try ChangeImpact.compute(
            dockerfile: self, changedPaths: changedPaths, dockerignore: dockerignore,
            changedBuildArgs: changedBuildArgs, changedBaseImages: changedBaseImages, buildArgs: buildArgs,
            target: target, builder: builder)
    }
}
