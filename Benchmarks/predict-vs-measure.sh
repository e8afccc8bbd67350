#!/usr/bin/env bash
# The full prediction check (not in CI, about an hour): on each sample, predict every strategy from the calibration
# builds, then measure the whole matrix (`run --confirm 99` measures every strategy) and print every cell's
# prediction error. Extra flags go to `cachebench run`, e.g. `--engine docker-26.1`, `--network office`,
# `--iterations 3`. Must run as root (it starts dockerd).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product cachebench
strategies=none,naive,single-tag,per-stage,inline,inline-per-stage,buildah-layers
for sample in hello-c multi-stage-make; do
    db="$(mktemp -d)/predict-$sample.sqlite"
    echo "== $sample (database $db)"
    .build/release/cachebench run "Samples/$sample" --confirm 99 --strategies "$strategies" \
        --scenarios cold,no-change,source-change --db "$db" "$@"
done
