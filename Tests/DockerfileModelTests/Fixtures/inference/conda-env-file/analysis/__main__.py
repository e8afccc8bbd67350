from analysis.stats import run
run()
