// BenchRunner
