#!/usr/bin/env bash
# Coefficient of variation (sample standard deviation / mean) of the `none` strategy's cold build of
# Samples/hello-c over 5 iterations, with the package cache (warm) and without it (--package-cache off), with
# each engine's storage on disk (the default) or in memory (--engine-storage memory).
# Usage: scripts/package-cache-cv.sh [on|off|both] [disk|memory|both]   (run as root; CACHEBENCH=path overrides
# the binary, CV_KEEP=DIR keeps the databases)
set -euo pipefail
cd "$(dirname "$0")/.."
modes=${1:-both}
[ "$modes" = both ] && modes="on off"
storages=${2:-disk}
[ "$storages" = both ] && storages="disk memory"
binary=${CACHEBENCH:-.build/release/cachebench}
if [ ! -x "$binary" ]; then
  echo "build: swift build -c release --product cachebench"
  swift build -c release --product cachebench
fi
work=$(mktemp -d /tmp/cb-cv-XXXXXX)
trap 'rm -rf "$work"' EXIT
cp -r Samples/hello-c "$work/project"
rm -rf "$work/project/.cachebench"
# Reads one number a line; prints them with mean, sample standard deviation and CV.
cv() {
  awk -v label="$1" '
    { x[NR] = $1; sum += $1 }
    END {
      if (NR < 2) { print label ": fewer than 2 successful builds"; exit 1 }
      mean = sum / NR; for (i = 1; i <= NR; i++) ss += (x[i] - mean) ^ 2
      sd = sqrt(ss / (NR - 1))
      printf "%s: %d builds, s:", label, NR
      for (i = 1; i <= NR; i++) printf " %.1f", x[i]
      printf "; mean %.1f s, sd %.2f s, CV %.1f%%\n", mean, sd, 100 * sd / mean
    }'
}
# Per successful build, the seconds apt spent downloading (sum over its fetches), from the stored output and line times.
download_seconds() {
  python3 - "$1" <<'PY'
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for output, times in db.execute("SELECT p.output, p.lineTimes FROM phase p JOIN build b ON b.id = p.buildId "
                                "WHERE b.status = 'ok' AND p.kind = 'build' ORDER BY b.iteration"):
    start, total = None, 0.0
    for line, stamp in zip(output.split("\n"), json.loads(times)):
        if start is None and "Get:1 " in line:
            start = stamp
        if start is not None and "Fetched " in line:
            total, start = total + stamp - start, None
    print(f"{total:.3f}")
PY
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
store=${XDG_CACHE_HOME:-$HOME/.cache}/cachebench/package-cache/store
for storage in $storages; do
for mode in $modes; do
  if [ "$mode" = on ] && [ ! -e "$store/swap.state" ]; then
    echo "package cache empty: one warm-up build fills it"
    "$binary" run "$work/project" --strategies none --scenarios cold --iterations 1 --db "$work/warmup.sqlite" >/dev/null
  fi
  label="package cache $mode, storage $storage"
  db="$work/$mode-$storage.sqlite"
  "$binary" run "$work/project" --strategies none --scenarios cold --iterations 5 --package-cache "$mode" \
    --engine-storage "$storage" --db "$db" > "$work/$mode.log"
  grep -h "package cache" "$work/$mode.log" | tail -1
  sqlite3 "$db" "SELECT wallSeconds FROM build WHERE status = 'ok' ORDER BY iteration" | cv "$label, whole build"
  # The download-bound steps alone: apt's share of the noise, apart from the machine's CPU contention.
  sqlite3 "$db" "SELECT s.seconds FROM step s JOIN build b ON b.id = s.buildId WHERE b.status = 'ok'
                 AND s.instruction LIKE 'RUN apt-get%' ORDER BY b.iteration, s.ordinal" \
    | paste -d' ' - - | awk '{ print $1 + $2 }' | cv "$label, apt-get steps"
  # apt's downloads alone: from each "Get:1" line to its "Fetched" line, by the times cachebench stored per line.
  download_seconds "$db" | cv "$label, apt downloads"
  [ -n "${CV_KEEP:-}" ] && cp "$db" "$CV_KEEP/"
done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
