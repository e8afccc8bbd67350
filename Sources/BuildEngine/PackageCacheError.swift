import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Why the package cache could not be used.
enum PackageCacheError: Error, LocalizedError, Equatable {
    case missingProgram(name: String, package: String)
    case unusablePath(String)
    case noProxyUser
    case ruleFailed(command: String, tail: String)

    var errorDescription: String? {
        switch self {
        case .missingProgram(let name, let package):
            return "\(name) not found: the package cache needs it; install it with `apt-get install -y \(package)`, or run with --package-cache off."
        case .unusablePath(let path):
            return "the package cache cannot live in \(path) (squid's config takes no whitespace): set TMPDIR and --cache-dir to paths without spaces, or run with --package-cache off."
        case .noProxyUser:
            return "squid's user `proxy` does not exist: reinstall it with `apt-get install --reinstall -y squid`, or run with --package-cache off."
        case .ruleFailed(let command, let tail):
            return "could not redirect the builds' http to the package cache (`\(command)`: \(tail)): check that iptables works as root (`apt-get install -y iptables`), or run with --package-cache off."
        }
    }
}
