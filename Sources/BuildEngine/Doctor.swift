import Foundation

/// Every prerequisite, checked on this machine, with the command that installs what is missing.
package enum Doctor {
    /// - Parameter buildxEngine: an engine that brings its own buildx and can be had (`docker-26.1`), if any.
    package static func checks(capabilities caps: EngineCapabilities, base: BaseImageStore, root: Bool = Preflight.isRoot(),
                               environment: [String: String] = ProcessInfo.processInfo.environment,
                               buildxEngine: String? = nil) -> [DoctorCheck] {
        var checks: [DoctorCheck] = []
        checks.append(DoctorCheck(name: "root", ok: root, detail: root ? "running as root" : "not root",
                                  fix: root ? nil : "sudo cachebench ...", required: true))
        checks.append(DoctorCheck(name: "dockerd", ok: caps.dockerd != nil,
                                  detail: caps.dockerd.map { "\($0) \(caps.dockerdVersion ?? "")" } ?? "not found",
                                  fix: caps.dockerd == nil ? "apt-get install -y docker.io" : nil, required: true))
        let legacy = caps.legacyClient
        checks.append(DoctorCheck(name: "docker client", ok: legacy != nil,
                                  detail: caps.clients.map { "\($0.path) \($0.version)\($0.buildKit ? "" : " (no BuildKit without buildx)")" }
                                      .joined(separator: "; ").nonEmpty ?? "not found",
                                  fix: legacy == nil ? "apt-get install -y docker.io" : nil, required: true))
        checks.append(DoctorCheck(name: "BuildKit client", ok: caps.buildKitClient != nil,
                                  detail: caps.buildKitClient.map { "\($0.path) (DOCKER_BUILDKIT=1 works)" } ?? "none",
                                  fix: caps.buildKitClient == nil ? "apt-get install -y docker.io   # Debian's 20.10 CLI builds with BuildKit without buildx" : nil,
                                  required: false))
        checks.append(DoctorCheck(name: "docker-registry", ok: caps.registry != nil,
                                  detail: caps.registry.map { "\($0) \(caps.registryVersion ?? "")" } ?? "not found",
                                  fix: caps.registry == nil ? "apt-get install -y docker-registry" : nil, required: true))
        checks.append(DoctorCheck(name: "ip (network namespaces)", ok: caps.ip != nil, detail: caps.ip ?? "not found",
                                  fix: caps.ip == nil ? "apt-get install -y iproute2" : nil, required: true))
        checks.append(DoctorCheck(name: "nsenter", ok: caps.nsenter != nil, detail: caps.nsenter ?? "not found",
                                  fix: caps.nsenter == nil ? "apt-get install -y util-linux" : nil, required: true))
        checks.append(DoctorCheck(name: "slirp4netns (the namespace's uplink)", ok: caps.slirp4netns != nil,
                                  detail: caps.slirp4netns ?? "not found",
                                  fix: caps.slirp4netns == nil ? "apt-get install -y slirp4netns" : nil, required: true))
        let namespaces = FileManager.default.fileExists(atPath: "/proc/self/ns/net")
            && FileManager.default.fileExists(atPath: "/dev/net/tun")
        checks.append(DoctorCheck(name: "network namespaces and /dev/net/tun", ok: namespaces,
                                  detail: namespaces ? "available" : "missing",
                                  fix: namespaces ? nil : "run on a kernel with network namespaces and the tun device (modprobe tun)",
                                  required: true))
        let (squid, iptables) = (caps.squid, caps.iptables)
        checks.append(DoctorCheck(name: "squid and iptables (package cache)", ok: squid != nil && iptables != nil,
                                  detail: squid != nil && iptables != nil ? "\(squid!), \(iptables!): builds' http downloads are cached"
                                      : "missing: runs need --package-cache off, and builds' downloads then come from the internet",
                                  fix: squid != nil && iptables != nil ? nil : "apt-get install -y squid iptables", required: false))
        checks.append(DoctorCheck(name: "debootstrap", ok: caps.debootstrap != nil, detail: caps.debootstrap ?? "not found",
                                  fix: caps.debootstrap == nil ? "apt-get install -y debootstrap" : nil, required: true))
        checks.append(DoctorCheck(name: "buildah", ok: caps.buildah != nil,
                                  detail: caps.buildah.map { "\($0) \(caps.buildahVersion ?? "")" } ?? "not found (buildah strategies unavailable)",
                                  fix: caps.buildah == nil ? "apt-get install -y buildah" : nil, required: false))
        checks.append(DoctorCheck(name: "buildx", ok: caps.buildxClient != nil || buildxEngine != nil,
                                  detail: caps.buildxClient.map { "\($0.path) buildx" }
                                      ?? buildxEngine.map { "\($0) brings its own: registry-max, registry-min, inline-buildx and local run on it" }
                                      ?? "missing: registry-max and local strategies are unavailable",
                                  fix: nil, required: false))
        // setup-buildx-action's default driver runs BuildKit in a moby/buildkit container. No strategy creates
        // such a builder yet: say so rather than omit it, whatever this machine could pull.
        checks.append(DoctorCheck(name: "buildx docker-container driver", ok: false,
                                  detail: "unavailable: cachebench does not measure it yet (it runs BuildKit in a moby/buildkit "
                                      + "container, setup-buildx-action's default); buildx strategies use the docker driver",
                                  fix: nil, required: false))
        let later = "debian:12 and 13 (and -slim) are built with debootstrap when a Dockerfile first needs them; other Docker Hub bases come once through the pull-through cache (--upstream URL, or `engine seed-base --from-archive FILE` with no way to Docker Hub), and other registries' bases (ghcr.io, quay.io) through one cache per registry (--upstream REGISTRY=URL)"
        checks.append(DoctorCheck(name: "base image", ok: base.isSeeded,
                                  detail: base.isSeeded ? "\(base.servedReferences.joined(separator: ", ")) seeded in \(base.directory); \(later)"
                                      : "not built yet (the first run builds it from \(base.mirror), about a minute); \(later)",
                                  fix: base.isSeeded ? nil : "cachebench engine seed-base", required: false))
        let userDaemon = FileManager.default.fileExists(atPath: "/var/run/docker.sock")
        checks.append(DoctorCheck(name: "your Docker daemon", ok: true,
                                  detail: userDaemon ? "/var/run/docker.sock exists: cachebench never uses it, it starts its own dockerd per build"
                                      : "none found (cachebench starts its own dockerd per build anyway)",
                                  fix: nil, required: false))
        return checks
    }
}
