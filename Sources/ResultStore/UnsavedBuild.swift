import Foundation
import GRDB

/// A build that could not be inserted, as written to JSON: the same records `NewBuild` holds.
package struct UnsavedBuild: Codable, Sendable {
    package struct Phase: Codable, Sendable {
        package var phase: PhaseRecord
        package var steps: [StepRecord]

        init(phase: PhaseRecord, steps: [StepRecord]) {
            self.phase = phase
            self.steps = steps
        }

        /// A file kept before argv, environment and line times were typed holds each as a JSON text.
        package init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            steps = try container.decode([StepRecord].self, forKey: .steps)
            do {
                phase = try container.decode(PhaseRecord.self, forKey: .phase)
            } catch DecodingError.typeMismatch {
                phase = try container.decode(TextColumnsPhase.self, forKey: .phase).record()
            }
        }
    }

    /// A phase as files kept before the typed columns wrote it.
    struct TextColumnsPhase: Decodable {
        var id: Int64?
        var buildId: Int64
        var ordinal: Int
        var kind: PhaseKind
        var argv: String
        var environment: String
        var wallSeconds: Double
        var exitCode: Int
        var output: String
        var lineTimes: String

        func record() throws -> PhaseRecord {
            func decode<T: Decodable>(_ text: String) throws -> T { try JSONDecoder().decode(T.self, from: Data(text.utf8)) }
            return PhaseRecord(id: id, buildId: buildId, ordinal: ordinal, kind: kind, argv: try decode(argv),
                               environment: try decode(environment), wallSeconds: wallSeconds, exitCode: exitCode,
                               output: output, lineTimes: try decode(lineTimes))
        }
    }

    package struct Layer: Codable, Sendable {
        package var phaseIndex: Int
        package var layer: LayerRecord
    }

    /// A phase's output past its row, in files next to the JSON.
    package struct Spilled: Codable, Sendable {
        package var phaseIndex: Int
        package var output: SpilledOutput
    }

    /// Why the insert failed.
    package var reason: String
    package var build: BuildRecord
    package var phases: [Phase]
    package var layers: [Layer]
    /// Absent in files kept before images and cache usage were measured.
    package var images: [InspectedImage]?
    package var cacheUsage: [CacheUsageRecord]?
    /// Absent in files kept before a phase's output could spill out of its row.
    package var spilled: [Spilled]?

    package init(_ new: NewBuild, reason: String) {
        self.reason = reason
        build = new.build
        phases = new.phases.map { Phase(phase: $0.phase, steps: $0.steps) }
        layers = new.layers.map { Layer(phaseIndex: $0.phaseIndex, layer: $0.layer) }
        images = new.images
        cacheUsage = new.cacheUsage
        spilled = new.spilled.isEmpty ? nil : new.spilled.map { Spilled(phaseIndex: $0.phaseIndex, output: $0.output) }
    }

    package var newBuild: NewBuild {
        NewBuild(build: build, phases: phases.map { ($0.phase, $0.steps) }, layers: layers.map { ($0.phaseIndex, $0.layer) },
                 images: images ?? [], cacheUsage: cacheUsage ?? [],
                 spilled: (spilled ?? []).map { ($0.phaseIndex, $0.output) })
    }

    package static func read(from url: URL) throws -> UnsavedBuild {
        try JSONDecoder().decode(UnsavedBuild.self, from: Data(contentsOf: url))
    }
}
