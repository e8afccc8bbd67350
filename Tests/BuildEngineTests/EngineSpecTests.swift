@testable import BuildEngine
import Foundation
import Testing

/// `--engine` values and `path:DIR` directories.
struct EngineSpecTests {
    @Test func builtInNames() throws {
        #expect(try EngineSpec(parsing: "docker-20.10") == .docker2010)
        #expect(try EngineSpec(parsing: "docker-26.1") == .docker261)
        #expect(try EngineSpec(parsing: "path:/opt/docker") == .path("/opt/docker"))
        #expect(try EngineSpec(parsing: "path:/opt/docker/").name == "path:/opt/docker")
    }

    @Test func relativePathIsMadeAbsolute() throws {
        let cwd = FileManager.default.currentDirectoryPath
        #expect(try EngineSpec(parsing: "path:bin") == .path(URL(fileURLWithPath: "\(cwd)/bin").standardizedFileURL.path))
    }

    @Test func tildeIsTheHomeDirectory() throws {
        #expect(try EngineSpec(parsing: "path:~/docker") == .path(URL(fileURLWithPath: NSHomeDirectory()).appendingPathComponent("docker").path))
    }

    @Test func unknownNamesListTheKnownOnes() {
        for bad in ["docker-27.0", "docker", "path:", "PATH:/x", ""] {
            #expect(throws: EngineSetupError.unknownEngine(bad)) { try EngineSpec(parsing: bad) }
        }
        #expect(EngineSetupError.unknownEngine("docker-27.0").errorDescription
            == "unknown engine \"docker-27.0\": choose from docker-26.1, docker-20.10, path:DIR (DIR holding dockerd, containerd, docker and docker-buildx).")
    }

    @Test func codableAsTheName() throws {
        let specs: [EngineSpec] = [.docker2010, .docker261, .path("/opt/d")]
        let json = String(decoding: try JSONEncoder().encode(specs), as: UTF8.self)
        #expect(json == #"["docker-20.10","docker-26.1","path:\/opt\/d"]"#)
        #expect(try JSONDecoder().decode([EngineSpec].self, from: Data(json.utf8)) == specs)
    }
}

/// Where a user's binaries may sit, and the one-line error when some are missing.
struct EngineLayoutTests {
    @Test func flatDirectoryAsDockersStaticTarball() throws {
        let dir = try ScratchDirectory()
        for name in ["dockerd", "containerd", "containerd-shim-runc-v2", "docker", "docker-init", "runc"] {
            _ = try dir.write(name, "#!/bin/sh\n", executable: true)
        }
        _ = try dir.write("cli-plugins/docker-buildx", "#!/bin/sh\n", executable: true)
        let layout = try EngineLayout.locate(in: dir.path, engine: "path:\(dir.path)")
        #expect(layout.dockerd == "\(dir.path)/dockerd")
        #expect(layout.buildxPlugin == "\(dir.path)/cli-plugins/docker-buildx")
        #expect(layout.binDirectories == [dir.path])
    }

    @Test func extractedDebianTree() throws {
        let dir = try ScratchDirectory()
        _ = try dir.write("usr/sbin/dockerd", "#!/bin/sh\n", executable: true)
        _ = try dir.write("usr/bin/containerd", "#!/bin/sh\n", executable: true)
        _ = try dir.write("usr/bin/docker", "#!/bin/sh\n", executable: true)
        _ = try dir.write("usr/libexec/docker/cli-plugins/docker-buildx", "#!/bin/sh\n", executable: true)
        let engine = try EngineDistribution.directory(dir.path)
        #expect(engine.docker == "\(dir.path)/usr/bin/docker")
        #expect(engine.binDirectories == ["\(dir.path)/usr/sbin", "\(dir.path)/usr/bin"])
        let path = engine.daemonEnvironment(environment: ["PATH": "/usr/bin:/bin"])["PATH"]!
        #expect(path.hasPrefix("\(dir.path)/usr/sbin:\(dir.path)/usr/bin:/usr/bin:/bin"))
    }

    @Test func missingDockerdAndBuildxAreNamedInOneLine() throws {
        let dir = try ScratchDirectory()
        _ = try dir.write("containerd", "#!/bin/sh\n", executable: true)
        _ = try dir.write("docker", "#!/bin/sh\n", executable: true)
        _ = try dir.write("dockerd", "not executable\n")
        let error = EngineSetupError.incompleteDirectory(directory: dir.path, missing: ["dockerd", "docker-buildx"])
        #expect(throws: error) { try EngineSpec.path(dir.path).validate() }
        let message = try #require(error.errorDescription)
        #expect(message == "\(dir.path) lacks dockerd, docker-buildx: put them there (buildx as docker-buildx or cli-plugins/docker-buildx), or use --engine docker-26.1.")
        #expect(!message.contains("\n"))
    }

    @Test func noSuchDirectory() {
        #expect(throws: EngineSetupError.incompleteDirectory(directory: "/nonexistent/cb-engine", missing: ["everything (no such directory)"])) {
            try EngineSpec(parsing: "path:/nonexistent/cb-engine").validate()
        }
    }

    @Test func dockerConfigHoldsBuildxAsPlugin() throws {
        let dir = try ScratchDirectory()
        let plugin = try dir.write("bin/docker-buildx", "#!/bin/sh\n", executable: true)
        let engine = EngineDistribution(spec: .path(dir.path), dockerd: "/x/dockerd", containerd: nil, docker: "/x/docker",
                                        buildxPlugin: plugin, binDirectories: [])
        let config = try #require(try engine.makeDockerConfig(at: "\(dir.path)/config"))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(config)/cli-plugins/docker-buildx") == plugin)
        #expect(engine.clientEnvironment(dockerConfig: config) == ["DOCKER_CONFIG": "\(dir.path)/config"])
        var noBuildx = engine
        noBuildx.buildxPlugin = nil
        #expect(try noBuildx.makeDockerConfig(at: "\(dir.path)/other") == nil)
    }
}
