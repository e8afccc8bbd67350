#!/usr/bin/env bash
# Peak memory of `cachebench ingest` on a large log: builds `cachebench` in release (or uses $CACHEBENCH_BIN), writes
# a BuildKit plain log of SIZE_MB by repeating the real fixtures, ingests it into a fresh database with
# /usr/bin/time -v, checks that the stored chunks add up to the file, and deletes everything it wrote.
# Usage: scripts/bench-ingest.sh [SIZE_MB]   (default: 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-1000}
bin=${CACHEBENCH_BIN:-}
if [ -z "$bin" ]; then
    swift build -c release --scratch-path .build-release --product cachebench >/dev/null
    bin=.build-release/release/cachebench
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat Tests/BuildLogParsingTests/Fixtures/buildkit-*.log > "$tmp/sample.log"
target=$((mb * 1000000))
: > "$tmp/big.log"
while [ "$(stat -c %s "$tmp/big.log")" -lt "$target" ]; do
    cat "$tmp/sample.log" "$tmp/sample.log" "$tmp/sample.log" "$tmp/sample.log" >> "$tmp/big.log"
done
truncate -s "$target" "$tmp/big.log"
/usr/bin/time -v "$bin" ingest "$tmp/big.log" --wall-seconds 1 --db "$tmp/r.sqlite" > "$tmp/out.txt" 2> "$tmp/time.txt" || {
    cat "$tmp/out.txt" "$tmp/time.txt" >&2
    exit 1
}
stored=$(sqlite3 "$tmp/r.sqlite" 'SELECT sum(rawBytes) FROM outputChunk')
[ "$stored" -eq "$target" ] || { echo "error: stored $stored bytes of $target" >&2; exit 1; }
wall=$(grep 'Elapsed (wall clock)' "$tmp/time.txt" | awk '{print $NF}')
rss=$(grep 'Maximum resident set size' "$tmp/time.txt" | awk '{print $NF}')
db=$(du -cb "$tmp"/r.sqlite* | tail -1 | cut -f1)
echo "$(cat "$tmp/out.txt")"
awk -v mb="$mb" -v w="$wall" -v rss="$rss" -v db="$db" \
    'BEGIN { printf "%d MB log: wall %s, peak RSS %.1f MB, database %.1f MB, all %d MB stored\n", mb, w, rss / 1024, db / 1e6, mb }'
