@testable import BuildEngine
import Testing

/// Which engine runs by default, and what doctor says when only Docker 20.10 can be had.
struct EngineAvailabilityTests {
    static let ready2010 = EngineAvailability(spec: .docker2010, state: .ready, detail: "/usr/sbin/dockerd 20.10.24+dfsg1 (no buildx)")

    @Test func newestThatCanBeHad() {
        let fetchable = EngineAvailability(spec: .docker261, state: .fetchable, detail: "not fetched yet", fix: "cachebench engine fetch docker-26.1")
        #expect(EngineAvailability.newest([fetchable, Self.ready2010]) == .docker261)
        var unavailable = fetchable
        unavailable.state = .unavailable
        #expect(EngineAvailability.newest([unavailable, Self.ready2010]) == .docker2010)
        #expect(EngineAvailability.newest([unavailable]) == nil)
    }

    @Test func doctorSaysHowToGetPast2010() throws {
        let unreachable = EngineAvailability(spec: .docker261, state: .unavailable, detail: "the Debian mirror ... is unreachable",
                                             fix: "check `curl -sI http://m/debian/dists/trixie/InRelease`, then cachebench engine fetch docker-26.1 --mirror URL")
        let checks = EngineAvailability.doctorChecks([unreachable, Self.ready2010])
        #expect(checks.map(\.name) == ["engine docker-26.1", "engine docker-20.10", "default engine"])
        let last = try #require(checks.last)
        #expect(!last.ok && !last.required)
        #expect(last.detail == "docker-20.10 only: BuildKit cache export (registry-max, registry-min, local) needs docker-26.1")
        #expect(last.fix == unreachable.fix)
    }
}
