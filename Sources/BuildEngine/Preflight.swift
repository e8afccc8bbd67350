import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What must hold before a sandbox can start; `doctor` prints the same checks.
package enum Preflight {
    package static func isRoot() -> Bool { geteuid() == 0 }

    /// Problems that make a run impossible, most fundamental first.
    package static func blockingProblems(capabilities: EngineCapabilities, root: Bool = isRoot()) -> [EngineError] {
        var problems: [EngineError] = []
        if !root { problems.append(.notRoot) }
        if capabilities.dockerd == nil { problems.append(.missingProgram(name: "dockerd", package: "docker.io")) }
        if capabilities.clients.isEmpty { problems.append(.missingProgram(name: "docker", package: "docker.io")) }
        if capabilities.registry == nil { problems.append(.missingProgram(name: "docker-registry", package: "docker-registry")) }
        if capabilities.debootstrap == nil { problems.append(.missingProgram(name: "debootstrap", package: "debootstrap")) }
        if capabilities.ip == nil { problems.append(.missingProgram(name: "ip", package: "iproute2")) }
        if capabilities.nsenter == nil { problems.append(.missingProgram(name: "nsenter", package: "util-linux")) }
        if capabilities.slirp4netns == nil { problems.append(.missingProgram(name: "slirp4netns", package: "slirp4netns")) }
        return problems
    }
}
