#!/usr/bin/env bash
# Whole-run time over the sum of build wall times, on a sample, with engine teardown in the background
# (the default) and in the foreground (CACHEBENCH_TEARDOWN=foreground), so that the two can be compared:
# the ratio shows the overhead, and the builds' own wall times show whether the background clean-up slows
# the build that runs beside it. Needs root; run on a quiet machine.
#
#   Benchmarks/run-overhead.sh [SAMPLE] [extra cachebench run flags...]
#   CACHEBENCH_BIN=path/to/cachebench Benchmarks/run-overhead.sh hello-c
set -euo pipefail
cd "$(dirname "$0")/.."
sample="${1:-hello-c}"
shift || true
extra=("$@")
# CACHEBENCH_BIN: a cachebench binary to use instead of building one in release mode.
if [ -n "${CACHEBENCH_BIN:-}" ]; then
  bin="$CACHEBENCH_BIN"
else
  swift build -c release --product cachebench >/dev/null
  bin="$(swift build -c release --show-bin-path)/cachebench"
fi
work="$(mktemp -d /tmp/cb-overhead-XXXXXX)"
trap 'rm -rf "$work"' EXIT

measure() {  # $1: label, $2: teardown mode
  local project="$work/$1"
  cp -r "Samples/$sample" "$project"
  rm -rf "$project/.cachebench"
  local db="$project/r.sqlite" start end
  start=$(date +%s.%N)
  CACHEBENCH_TEARDOWN="$2" "$bin" run "$project" --db "$db" --order fixed "${extra[@]}" >/dev/null 2>"$project/progress.log" || true
  end=$(date +%s.%N)
  sqlite3 "$db" "select count(*), sum(wallSeconds), sum(engineStartupSeconds) from build where status = 'ok';" |
    awk -F'|' -v label="$1" -v total="$(echo "$end - $start" | bc -l)" '{
      printf "%-22s builds %2d  sum of build walls %7.1f s  engine start-ups %5.1f s  whole run %7.1f s  ratio %.3f\n",
             label, $1, $2, $3, total, total / $2 }'
  sqlite3 "$db" "select strategy || ' ' || scenario, round(wallSeconds, 1) from build order by id;" | tr '\n' ' '
  echo
}

measure background background
measure foreground foreground
