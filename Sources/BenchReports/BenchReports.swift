// BenchReports
