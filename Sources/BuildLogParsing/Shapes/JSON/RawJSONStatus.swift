import Foundation

/// One BuildKit `--progress=rawjson` SolveStatus: `{"vertexes":[...],"statuses":[...],"logs":[...]}`
/// (fields as in moby/buildkit `client/graph.go`, `omitempty`, so the first key is whichever list
/// is non-empty). Captures (JSON): vertexes[].{digest,name,started,completed,cached,error};
/// logs are decoded but not kept.
package struct RawJSONStatus: LineShape {
    package static let pattern = #"^\{"(?:vertexes|statuses|logs|warnings)":.*\}$"#
    package static let formats: Set<LogFormat> = [.buildkitRawjson]

    package struct Vertex: Decodable, Sendable {
        package var digest: String?
        package var name: String?
        package var started: String?
        package var completed: String?
        package var cached: Bool?
        package var error: String?
    }
    package struct Log: Decodable, Sendable {
        package var vertex: String?
        package var stream: Int?
        package var data: Data?
    }
    private struct Status: Decodable {
        var vertexes: [Vertex]?
        var logs: [Log]?
    }

    package let vertexes: [Vertex]
    package let logCount: Int

    static func hasStatusKey(_ line: LogLine) -> Bool {
        var c = line.cursor()
        return c.eat("{\"vertexes\":") || c.eat("{\"statuses\":") || c.eat("{\"logs\":") || c.eat("{\"warnings\":")
    }

    package init?(_ line: LogLine) {
        guard line.count >= 2, line[line.count - 1] == UInt8(ascii: "}"), Self.hasStatusKey(line) else { return nil }
        guard let s = try? JSONDecoder().decode(Status.self, from: Data(line.bytes)) else { return nil }
        vertexes = s.vertexes ?? []
        logCount = s.logs?.count ?? 0
    }
}
