import Foundation

package enum PullThroughError: Error, LocalizedError, Equatable {
    case badUpstream(String)
    /// `NAME=URL` whose NAME is no registry host.
    case badRegistry(String)
    /// Two different stand-ins for one registry.
    case twice(registry: String)

    package var errorDescription: String? {
        switch self {
        case .badUpstream(let text):
            return "--upstream \(text) is not a registry URL: pass one like https://registry-1.docker.io or http://HOST:PORT (no path), or REGISTRY=URL such as ghcr.io=http://HOST:PORT."
        case .badRegistry(let text):
            return "--upstream \(text) does not start with a registry host: name it as FROM does (ghcr.io, quay.io, HOST:PORT), e.g. ghcr.io=http://HOST:PORT."
        case .twice(let registry):
            return "--upstream names two stand-ins for \(registry): pass one URL per registry (a bare URL is Docker Hub's)."
        }
    }
}
