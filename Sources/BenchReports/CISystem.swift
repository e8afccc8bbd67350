/// CI systems `cachebench recommend --ci` writes a ready-to-paste job for.
package enum CISystem: String, Sendable, CaseIterable {
    /// A GitHub Actions step.
    case github
    /// A GitLab CI job.
    case gitlab
    /// A plain shell script.
    case bash
}
