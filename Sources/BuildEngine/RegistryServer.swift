import Foundation

/// Debian's `docker-registry` (distribution 2.8) on 127.0.0.1, filesystem storage, delete enabled.
/// One per run: every strategy's namespace lives in it, and it mirrors `library/debian`.
package final class RegistryServer: Sendable {
    package let port: Int
    package let storageDirectory: String
    package let process: DaemonProcess
    /// The run's namespace the registry listens in; nil on this process's own loopback.
    package let namespace: NetworkNamespace?

    /// `host:port`, as used in image references.
    package var address: String { "127.0.0.1:\(port)" }

    /// Starts the registry and waits until `/v2/` answers.
    /// - Parameter port: a fixed port, or nil for a free one.
    package static func start(stateDirectory: String, storageDirectory: String, port requested: Int? = nil,
                              executable: String = "docker-registry", namespace: NetworkNamespace? = nil,
                              proxyRemoteURL: String? = nil, runner: any ProcessRunner,
                              timeout: Double = 20) async throws -> RegistryServer {
        // The probes below read a failure to enter the namespace as "nothing answers": say what it really is.
        try namespace?.enter {}
        let port: Int
        if let requested {
            if LoopbackHTTP.isListening(port: requested, in: namespace) { throw EngineError.registryPortTaken(port: requested) }
            port = requested
        } else {
            guard let free = LoopbackHTTP.freePort(in: namespace) else {
                throw EngineError.cannotStart(command: executable, reason: "no free loopback port")
            }
            port = free
        }
        let fm = FileManager.default
        try fm.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
        try fm.createDirectory(atPath: storageDirectory, withIntermediateDirectories: true)
        let configPath = (stateDirectory as NSString).appendingPathComponent("registry.yml")
        try configuration(storage: storageDirectory, port: port, proxyRemoteURL: proxyRemoteURL).write(toFile: configPath, atomically: true, encoding: .utf8)
        let serve = Command(executable, ["serve", configPath])
        let process = try await runner.startDaemon(namespace.map { $0.wrap(serve) } ?? serve,
                                                   logPath: (stateDirectory as NSString).appendingPathComponent("registry.log"))
        let server = RegistryServer(port: port, storageDirectory: storageDirectory, process: process, namespace: namespace)
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if LoopbackHTTP.get(port: port, path: "/v2/", timeout: 2, in: namespace)?.status == 200 { return server }
            if !process.isRunning {
                let tail = process.logTail()
                await process.stop()
                if tail.contains("address already in use") { throw EngineError.registryPortTaken(port: port) }
                throw EngineError.daemonNotReady(what: "docker-registry", seconds: 0, logTail: tail, logPath: process.logPath)
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        let tail = process.logTail()
        await process.stop()
        throw EngineError.daemonNotReady(what: "docker-registry", seconds: timeout, logTail: tail, logPath: process.logPath)
    }

    init(port: Int, storageDirectory: String, process: DaemonProcess, namespace: NetworkNamespace? = nil) {
        self.namespace = namespace
        self.port = port
        self.storageDirectory = storageDirectory
        self.process = process
    }

    package func stop() async { await process.stop() }

    /// - Parameter proxyRemoteURL: makes it a pull-through cache of that registry (which then refuses pushes).
    static func configuration(storage: String, port: Int, proxyRemoteURL: String? = nil) -> String {
        let proxy = proxyRemoteURL.map { "\nproxy:\n  remoteurl: \(yamlQuoted($0))" } ?? ""
        return """
        version: 0.1
        log:
          level: warn
          accesslog:
            disabled: true
        storage:
          filesystem:
            rootdirectory: \(yamlQuoted(storage))
          delete:
            enabled: true
        http:
          addr: 127.0.0.1:\(port)
        """ + proxy
    }

    /// A YAML double-quoted scalar: paths such as `app #2` or `a: b` stay one value.
    static func yamlQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\x%02X", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }

    /// Tags of `repository`, or [] when it does not exist.
    package func tags(of repository: String) -> [String] {
        guard let reply = LoopbackHTTP.get(port: port, path: "/v2/\(repository)/tags/list", in: namespace), reply.status == 200,
              let json = try? JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any]
        else { return [] }
        return json["tags"] as? [String] ?? []
    }

    /// Compressed layer sizes of `repository:tag` from its v2 manifest, in order.
    package func layerSizes(of repository: String, tag: String) -> [(digest: String, bytes: Int64)] {
        guard let json = manifest(repository, reference: tag) else { return [] }
        // docker 26 on the containerd store and buildx push an image index (the image plus an attestation whose
        // platform is unknown/unknown): its layers are in the manifest of the first real platform.
        if let manifests = json["manifests"] as? [[String: Any]] {
            let image = manifests.first { entry in
                let platform = entry["platform"] as? [String: Any]
                return (platform?["os"] as? String).map { $0 != "unknown" } ?? true
            }
            guard let digest = image?["digest"] as? String, let inner = manifest(repository, reference: digest) else { return [] }
            return Self.layers(of: inner)
        }
        return Self.layers(of: json)
    }

    static let manifestTypes = ["application/vnd.docker.distribution.manifest.v2+json", "application/vnd.oci.image.manifest.v1+json",
                                "application/vnd.oci.image.index.v1+json",
                                "application/vnd.docker.distribution.manifest.list.v2+json"].joined(separator: ", ")

    func manifest(_ repository: String, reference: String) -> [String: Any]? {
        guard let reply = LoopbackHTTP.get(port: port, path: "/v2/\(repository)/manifests/\(reference)", accept: Self.manifestTypes,
                                           in: namespace),
              reply.status == 200 else { return nil }
        return try? JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any]
    }

    /// `layers` of an image manifest: digest and compressed size, base first.
    static func layers(of manifest: [String: Any]) -> [(digest: String, bytes: Int64)] {
        guard let layers = manifest["layers"] as? [[String: Any]] else { return [] }
        return layers.compactMap { layer in
            guard let digest = layer["digest"] as? String, let size = layer["size"] as? NSNumber else { return nil }
            return (digest, size.int64Value)
        }
    }
}
