// BenchAnalysis
