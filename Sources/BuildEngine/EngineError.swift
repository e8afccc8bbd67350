import Foundation

/// Everything that can go wrong while preparing or driving an engine. Each message says what to do next.
package enum EngineError: Error, LocalizedError, Equatable {
    case notRoot
    case missingProgram(name: String, package: String)
    case cannotStart(command: String, reason: String)
    case commandFailed(what: String, command: String, exitCode: Int32, tail: String, hint: String)
    case daemonNotReady(what: String, seconds: Double, logTail: String, logPath: String)
    case registryPortTaken(port: Int)
    case debootstrapFailed(mirror: String, tail: String)
    case noBuildKitClient(tried: [String])
    case socketPathTooLong(path: String)
    case namespaceUnavailable(reason: String)
    case daemonDied(what: String, logTail: String, logPath: String)
    case phaseTimedOut(seconds: Int)
    case plantedSymlink(path: String)

    package var errorDescription: String? {
        switch self {
        case .notRoot:
            return "cachebench starts its own dockerd, which needs root: run it as root (sudo cachebench ...)."
        case .missingProgram(let name, let package):
            return "\(name) not found: install it with `apt-get install -y \(package)` (or run `cachebench doctor`)."
        case .cannotStart(let command, let reason):
            return "could not start \(command): \(reason). Check that it is installed and executable (`cachebench doctor`)."
        case .commandFailed(let what, let command, let exitCode, let tail, let hint):
            return "\(what) failed (exit \(exitCode)): `\(command)`: \(tail). \(hint)"
        case .daemonNotReady(let what, let seconds, let logTail, let logPath):
            return "\(what) was not ready after \(Int(seconds)) s: \(logTail) (full log: \(logPath)). Run `cachebench doctor`."
        case .registryPortTaken(let port):
            return "registry port \(port) is already in use: pass another --registry-port, or omit it to pick a free one."
        case .debootstrapFailed(let mirror, let tail):
            return "debootstrap could not build the base image from \(mirror): \(tail). Check the network, or pass --mirror URL with a reachable Debian mirror."
        case .noBuildKitClient(let tried):
            return "no Docker client here can run BuildKit builds (tried \(tried.joined(separator: ", "))): install `docker.io` or buildx, or pass --docker-cli PATH."
        case .socketPathTooLong(let path):
            return "socket path \(path) is longer than 107 bytes: set TMPDIR to a shorter directory."
        case .namespaceUnavailable(let reason):
            return "cannot give the run its own network namespace (\(reason)): run as root on a kernel with network namespaces, with `apt-get install -y iproute2 util-linux slirp4netns`; cachebench never falls back to the host's network."
        case .daemonDied(let what, let logTail, let logPath):
            return "\(what) died during the build: \(logTail) (full log: \(logPath))."
        case .plantedSymlink(let path):
            return "refusing to write through \(path): it is a symlink, and cachebench (as root) only writes its own state into real directories of the project. Remove it and retry."
        case .phaseTimedOut(let seconds):
            return "timed out after \(seconds) s: raise --phase-timeout if the build really takes that long."
        }
    }
}
