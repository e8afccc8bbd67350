#!/usr/bin/env bash
# The sample benchmark: installs prerequisites, builds cachebench (release) and benchmarks Samples/hello-c
# with the naive, per-stage and inline strategies through cold, no-change and source-change CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-prerequisites.sh
echo "build: swift build -c release"
swift build -c release --product cachebench
.build/release/cachebench run Samples/hello-c "$@"
echo
echo "stored in Samples/hello-c/.cachebench/results.sqlite; Markdown report: .build/release/cachebench report --db Samples/hello-c/.cachebench/results.sqlite --format md"
