@testable import BenchAnalysis
import Foundation
import ResultStore
import Testing

@Suite struct StudentTTests {
    /// t(0.975; df) from a standard printed t-table (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2), three decimals.
    @Test(arguments: [(1.0, 12.706), (2, 4.303), (5, 2.571), (10, 2.228), (30, 2.042), (31, 2.040), (40, 2.021),
                      (60, 2.000), (120, 1.980), (Double.infinity, 1.960)])
    func publishedCriticalValues(df: Double, published: Double) {
        #expect(abs(StudentT.critical95(degreesOfFreedom: df) - published) < 0.0005)
    }

    /// Closed forms: df 1 is Cauchy, t(p) = tan(π(p − ½)); df 2 is t(p) = q·√(2/(1 − q²)), q = 2p − 1.
    @Test func closedFormQuantiles() {
        #expect(abs(StudentT.quantile(0.975, degreesOfFreedom: 1) - tan(0.475 * Double.pi)) < 1e-9)
        #expect(abs(StudentT.quantile(0.9, degreesOfFreedom: 1) - tan(0.4 * Double.pi)) < 1e-9)
        let q = 0.98
        #expect(abs(StudentT.quantile(0.99, degreesOfFreedom: 2) - q * (2 / (1 - q * q)).squareRoot()) < 1e-9)
        #expect(StudentT.quantile(0.5, degreesOfFreedom: 7) == 0)
        #expect(abs(StudentT.quantile(0.025, degreesOfFreedom: 10) + 2.228) < 0.0005)
    }

    /// Other published columns: t(0.995; 5) = 4.032, t(0.95; 20) = 1.725, t(0.9; 60) = 1.296.
    @Test func otherPublishedColumns() {
        #expect(abs(StudentT.quantile(0.995, degreesOfFreedom: 5) - 4.032) < 0.0005)
        #expect(abs(StudentT.quantile(0.95, degreesOfFreedom: 20) - 1.725) < 0.0005)
        #expect(abs(StudentT.quantile(0.9, degreesOfFreedom: 60) - 1.296) < 0.0005)
    }

    /// Two-sided p-values. Closed forms: df 1, P(|T| ≥ 1) = ½; df 2, P(|T| ≥ t) = 1 − t/√(2 + t²).
    /// The others from scipy 1.17.1, `2 * stats.t.sf(t, df)`.
    @Test func pValues() {
        #expect(abs(StudentT.twoSidedP(1, degreesOfFreedom: 1) - 0.5) < 1e-12)
        #expect(abs(StudentT.twoSidedP(2, degreesOfFreedom: 2) - (1 - 2 / 6.0.squareRoot())) < 1e-12)
        #expect(abs(StudentT.twoSidedP(-2, degreesOfFreedom: 2) - (1 - 2 / 6.0.squareRoot())) < 1e-12)
        #expect(abs(StudentT.twoSidedP(2.0, degreesOfFreedom: 5) - 0.10193947882985835) < 1e-10)
        #expect(abs(StudentT.twoSidedP(3.0, degreesOfFreedom: 10) - 0.01334365502256957) < 1e-10)
        #expect(abs(StudentT.twoSidedP(10, degreesOfFreedom: 3) - 0.0021283990584141503) < 1e-12)
        #expect(StudentT.twoSidedP(0, degreesOfFreedom: 4) == 1)
        // The normal: P(|Z| ≥ 1.959963985) = 0.05.
        #expect(abs(StudentT.twoSidedP(1.959963985, degreesOfFreedom: .infinity) - 0.05) < 1e-9)
    }

    /// I_x(a, b): I_0.4(2, 3) = 0.5248 by hand (the binomial sum P(Bin(4, 0.4) ≥ 2)); the rest from scipy 1.17.1 `betainc`.
    @Test func incompleteBeta() {
        #expect(abs(StudentT.regularizedIncompleteBeta(0.4, a: 2, b: 3) - 0.5248) < 1e-12)
        #expect(abs(StudentT.regularizedIncompleteBeta(0.3, a: 0.5, b: 0.5) - 0.36901011956554536) < 1e-12)
        #expect(abs(StudentT.regularizedIncompleteBeta(0.25, a: 10, b: 20) - 0.16630494959787945) < 1e-12)
        #expect(StudentT.regularizedIncompleteBeta(0, a: 2, b: 3) == 0 && StudentT.regularizedIncompleteBeta(1, a: 2, b: 3) == 1)
    }
}

@Suite struct TTestTests {
    /// The example: a baseline of 100 s (n = 1) against [105, 118, 98, 125, 114]: mean 112,
    /// s = √(454/4) = 10.6536, t = 12 / (10.6536 · √1.2) = 1.0282, df 4; p = 0.36195 (scipy 1.17.1).
    @Test func predictionIntervalExample() throws {
        let sample = try #require(SampleStatistics([105, 118, 98, 125, 114]))
        let test = try #require(TTest.prediction(value: 100, sample: sample))
        #expect(abs(test.t + 1.028235732926531) < 1e-9)
        #expect(test.degreesOfFreedom == 4)
        #expect(abs(test.p - 0.3619491368567432) < 1e-9)
    }

    /// Welch on [10, 10.2, 9.8] vs [14, 14.2, 13.8]: both s = 0.2, SE = √(2·0.04/3) = 0.163299, t = 4/0.163299 = 24.4949,
    /// df = 4 (equal variances and sizes); p = 1.6483e-05 (scipy 1.17.1, ttest_ind equal_var=False).
    @Test func welch() throws {
        let a = try #require(SampleStatistics([10, 10.2, 9.8]))
        let b = try #require(SampleStatistics([14, 14.2, 13.8]))
        let test = try #require(TTest.welch(a, b))
        #expect(abs(test.t - 24.494897427831781) < 1e-6)
        #expect(abs(test.degreesOfFreedom - 4) < 1e-9)
        #expect(abs(test.p - 1.648308898718102e-05) < 1e-10)
    }

    /// Differences 3.5, 4, 3, 3, 4: mean 3.5, s = 0.5, t = 3.5 / (0.5/√5) = 15.6525, df 4, p = 9.7296e-05 (scipy ttest_rel).
    @Test func paired() throws {
        let test = try #require(TTest.paired([3.5, 4, 3, 3, 4]))
        #expect(abs(test.t - 15.652475842498529) < 1e-9)
        #expect(abs(test.p - 9.729555939406857e-05) < 1e-10)
        #expect(TTest.paired([1]) == nil)
    }

    /// By hand: p = (0.01, 0.04, 0.03, 0.5), m = 4. Sorted 0.01, 0.03, 0.04, 0.5 → p·m/rank = 0.04, 0.06, 0.0533, 0.5;
    /// running minimum from the top: 0.5, 0.0533, 0.0533, 0.04.
    @Test func benjaminiHochbergByHand() {
        let q = benjaminiHochberg([0.01, 0.04, 0.03, 0.5])
        #expect(abs(q[0] - 0.04) < 1e-12)
        #expect(abs(q[1] - 0.16 / 3) < 1e-12)
        #expect(abs(q[2] - 0.16 / 3) < 1e-12)
        #expect(abs(q[3] - 0.5) < 1e-12)
        #expect(benjaminiHochberg([]).isEmpty)
    }
}

@Suite struct SpeedupTests {
    /// naive [20, 22, 18, 21] against per-stage [10, 11, 9.5]: exp(mean log naive − mean log per-stage) = 1.99005,
    /// Welch on the logs (df 4.80), 95 % interval exp(d ± t·SE) = 1.69888 to 2.33113 (numpy/scipy 1.17.1).
    @Test func ratioAndIntervalOnLogTimes() throws {
        let analysis = RunComparisonTests.analysis(id: 1, [("naive", "source-change", [20.0, 22, 18, 21], .ok),
                                                           ("per-stage", "source-change", [10.0, 11, 9.5], .ok)])
        let speedup = try #require(analysis.speedups(reference: "naive").first)
        #expect(speedup.strategy == "per-stage" && speedup.scenario == "source-change")
        #expect(abs(speedup.ratio - 1.9900501561216264) < 1e-9)
        #expect(abs((speedup.low ?? 0) - 1.6988780971683461) < 1e-6)
        #expect(abs((speedup.high ?? 0) - 2.3311264242447134) < 1e-6)
        #expect(analysis.speedups(reference: "inline").isEmpty)
    }

    /// A run on two engines: every cell is measured against naive on its own engine, never across engines.
    @Test func multiEngineCellsAreMeasuredAgainstTheReferenceOnTheirOwnEngine() throws {
        let run = RunRecord(id: 1, project: "/p", dockerfile: "", engineVersions: [:], options: [:], host: "h")
        var builds: [BuildDetail] = []
        for (strategy, engine, walls) in [("naive", "docker-26.1", [20.0, 22]), ("inline", "docker-26.1", [10.0, 11]),
                                          ("naive", "docker-20.10", [40.0, 44]), ("inline", "docker-20.10", [5.0, 5.5])] {
            for (i, wall) in walls.enumerated() {
                var build = BuildRecord(id: Int64(builds.count + 1), runId: 1, strategy: strategy, scenario: "no-change",
                                        iteration: i + 1, chainPosition: 1, status: .ok, wallSeconds: wall)
                build.engine = engine
                builds.append(BuildDetail(build: build, phases: [], steps: []))
            }
        }
        var analysis = RunAnalysis(run: run, builds: builds)
        try analysis.setSpeedupReference("inline")
        let speedups = analysis.speedups(reference: "naive")
        #expect(speedups.map(\.strategy) == ["inline@docker-26.1", "inline@docker-20.10"])
        #expect(speedups.map(\.reference) == ["naive@docker-26.1", "naive@docker-20.10"])
        #expect(abs(speedups[0].ratio - 2) < 1e-9 && abs(speedups[1].ratio - 8) < 1e-9)
        #expect(throws: (any Error).self) { try analysis.setSpeedupReference("local") }
    }

    @Test func singleBuildGivesARatioWithoutInterval() throws {
        let analysis = RunComparisonTests.analysis(id: 1, [("naive", "cold", [10.0, 12], .ok), ("per-stage", "cold", [20.0], .ok)])
        let speedup = try #require(analysis.speedups(reference: "naive").first)
        #expect(abs(speedup.ratio - 120.0.squareRoot() / 20) < 1e-12)  // geometric mean of naive / per-stage
        #expect(speedup.low == nil && speedup.high == nil)
    }
}
