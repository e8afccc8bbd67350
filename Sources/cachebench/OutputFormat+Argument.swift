import ArgumentParser
import BenchReports

extension OutputFormat: ExpressibleByArgument {}
