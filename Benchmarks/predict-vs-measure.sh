#!/usr/bin/env bash
# The full prediction check (not in CI, about an hour): on each sample, predict every strategy from the calibration
# builds, then measure the whole matrix (`run --confirm 99` measures every strategy) and print every cell's
# prediction error. Extra flags go to `cachebench run`, e.g. `--engine docker-26.1`, `--network office`,
# `--iterations 3`. Must run as root (it starts dockerd).
#
# Environment:
#   STRATEGIES      comma-separated strategies (default: the seed's and the BuildKit ones of docker 20.10; with
#                   `--engine docker-26.1` add registry-max,registry-min,inline-buildx,local)
#   SAMPLES         space-separated sample directories under Samples/ (default: hello-c multi-stage-make)
#   SCENARIOS       chain of scenarios (default: cold,no-change,source-change)
#   CACHEBENCH_BIN  a cachebench binary to use instead of building one (e.g. a copy outside the worktree)
#   DB_DIR          where the databases go (default: a new temp dir per sample)
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${CACHEBENCH_BIN:-}" ]]; then
    swift build -c release --product cachebench
    CACHEBENCH_BIN=.build/release/cachebench
fi
strategies=${STRATEGIES:-none,naive,single-tag,per-stage,inline,inline-per-stage,buildah-layers}
scenarios=${SCENARIOS:-cold,no-change,source-change}
for sample in ${SAMPLES:-hello-c multi-stage-make}; do
    dir=${DB_DIR:-$(mktemp -d)}
    db="$dir/predict-$sample.sqlite"
    echo "== $sample (database $db, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ))"
    start=$(date +%s)
    "$CACHEBENCH_BIN" run "Samples/$sample" --confirm 99 --strategies "$strategies" \
        --scenarios "$scenarios" --db "$db" "$@"
    echo "== $sample took $(( $(date +%s) - start )) s (load average $(cut -d' ' -f1-3 /proc/loadavg) at the end)"
done
