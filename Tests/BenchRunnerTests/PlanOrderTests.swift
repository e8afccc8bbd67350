@testable import BenchRunner
import Testing

@Suite struct PlanOrderTests {
    static let strategies = ["naive", "per-stage", "inline"].map { Strategy.named($0)! }

    /// Vigna's published SplitMix64 test vector for seed 1234567.
    @Test func splitMix64MatchesTheReference() {
        var generator = SplitMix64(seed: 1_234_567)
        #expect((0..<5).map { _ in generator.next() }
            == [6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
                4_593_380_528_125_082_431, 16_408_922_859_458_223_821])
    }

    /// Expected order from an independent Python transcription of SplitMix64 and the same Fisher–Yates
    /// (i from n−1 down to 1, swap with next() % (i + 1)), seed 42.
    @Test func shuffledPerIterationAndPositionFromTheSeed() {
        let plan = Plan(strategies: Self.strategies, scenarios: [.cold, .sourceChange], iterations: 2, order: .shuffled(seed: 42))
        #expect(plan.builds.map { "\($0.iteration) \($0.chainPosition) \($0.scenario.rawValue) \($0.strategy.id)" } == [
            "1 0 cold naive", "1 0 cold inline", "1 0 cold per-stage",
            "1 1 source-change per-stage", "1 1 source-change inline", "1 1 source-change naive",
            "2 0 cold inline", "2 0 cold naive", "2 0 cold per-stage",
            "2 1 source-change inline", "2 1 source-change naive", "2 1 source-change per-stage",
        ])
        #expect(plan.notes == ["strategies shuffled within each chain position of every iteration, seed 42 (--seed 42 repeats this order)"])
        #expect(plan == Plan(strategies: Self.strategies, scenarios: [.cold, .sourceChange], iterations: 2, order: .shuffled(seed: 42)))
    }

    @Test func fixedKeepsTheListedOrder() {
        let plan = Plan(strategies: Self.strategies, scenarios: [.cold], iterations: 2, order: .fixed)
        #expect(plan.builds.map(\.strategy.id) == ["naive", "per-stage", "inline", "naive", "per-stage", "inline"])
        #expect(plan.order.name == "fixed" && plan.order.seed == nil)
    }
}
