#!/usr/bin/env bash
# Whole-run time over the sum of build wall times, on a sample, three ways: the default (engine teardown in
# the background, and the next build's engine started beside the current build at the lowest CPU priority),
# without the early start (CACHEBENCH_PRESTART=off), and with neither (also CACHEBENCH_TEARDOWN=foreground).
# The ratio shows the overhead; the builds' own wall times show whether the work done beside a build slows
# it. Needs root; run on a quiet machine.
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

measure() {  # $1: label, $2: teardown mode, $3: prestart (on/off)
  local project="$work/$1"
  cp -r "Samples/$sample" "$project"
  rm -rf "$project/.cachebench"
  local db="$project/r.sqlite" start end
  start=$(date +%s.%N)
  CACHEBENCH_TEARDOWN="$2" CACHEBENCH_PRESTART="$3" "$bin" run "$project" --db "$db" --order fixed "${extra[@]}" >/dev/null 2>"$project/progress.log" || true
  end=$(date +%s.%N)
  sqlite3 "$db" "select count(*), sum(wallSeconds), sum(engineStartupSeconds) from build where status = 'ok';" |
    awk -F'|' -v label="$1" -v total="$(echo "$end - $start" | bc -l)" '{
      printf "%-22s builds %2d  sum of build walls %7.1f s  engine start-ups %5.1f s  whole run %7.1f s  ratio %.3f\n",
             label, $1, $2, $3, total, total / $2 }'
  sqlite3 "$db" "select strategy || ' ' || scenario, round(wallSeconds, 1) from build order by id;" | tr '\n' ' '
  echo
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
measure default background on
measure no-prestart background off
measure foreground foreground off
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
