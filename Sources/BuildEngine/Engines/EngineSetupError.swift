import Foundation

/// What can go wrong while choosing, fetching or checking an engine. Each message says what to do next.
package enum EngineSetupError: Error, LocalizedError, Equatable {
    case unknownEngine(String)
    case incompleteDirectory(directory: String, missing: [String])
    case notInstalled(engine: String, program: String, fix: String)
    case mirrorUnreachable(mirror: String, detail: String)
    case suiteMissing(mirror: String, suite: String, detail: String)
    case signatureUnverified(mirror: String, keyring: String, detail: String)
    case keyringMissing(path: String)
    case downloadFailed(packages: [String], detail: String)
    case aptFailed(command: String, detail: String)
    case checksumMismatch(directory: String, files: [String])
    case binaryDoesNotRun(command: String, detail: String)
    case locked(path: String, reason: String)

    package var errorDescription: String? {
        switch self {
        case .unknownEngine(let name):
            return "unknown engine \"\(name)\": choose from \(EngineSpec.knownNames) (DIR holding dockerd, containerd, docker and docker-buildx)."
        case .incompleteDirectory(let directory, let missing):
            return "\(directory) lacks \(missing.joined(separator: ", ")): put them there (buildx as docker-buildx or cli-plugins/docker-buildx), or use --engine docker-26.1."
        case .notInstalled(let engine, let program, let fix):
            return "\(engine) needs \(program), which is not installed: \(fix)."
        case .mirrorUnreachable(let mirror, let detail):
            return "the Debian mirror \(mirror) is unreachable (\(detail)): check it with `curl -sI \(mirror)/dists/\(DebianEngineFetcher.suite)/InRelease`, or pass --mirror URL."
        case .suiteMissing(let mirror, let suite, let detail):
            return "the mirror \(mirror) does not serve \(suite) (\(detail)): pass --mirror with a full Debian mirror such as http://deb.debian.org/debian."
        case .signatureUnverified(let mirror, let keyring, let detail):
            return "cannot verify \(mirror)'s \(DebianEngineFetcher.suite) index with \(keyring) (\(detail)): upgrade it with `apt-get install debian-archive-keyring` (2023.3+deb12u2 or newer holds trixie's keys)."
        case .keyringMissing(let path):
            return "\(path) is missing: install it with `apt-get install -y debian-archive-keyring`."
        case .downloadFailed(let packages, let detail):
            return "apt-get download \(packages.joined(separator: " ")) failed (\(detail)): check the mirror, then run `cachebench engine fetch` again."
        case .aptFailed(let command, let detail):
            return "`\(command)` failed (\(detail)): run it by hand to see the whole output; it touches only cachebench's cache dir."
        case .checksumMismatch(let directory, let files):
            return "\(files.joined(separator: ", ")) in \(directory) changed since they were fetched: run `cachebench engine fetch --force`."
        case .binaryDoesNotRun(let command, let detail):
            return "`\(command)` failed (\(detail)): the binaries need libc6 2.34 or newer; check with `ldd` on the binary."
        case .locked(let path, let reason):
            return "cannot lock \(path) (\(reason)): check that the cache dir is writable."
        }
    }
}
