#!/usr/bin/env bash
# Parser throughput and peak memory without package-benchmark: builds `cachebench` in release,
# writes BuildKit plain logs of 100 MB and 1 GB by repeating the real fixtures, and times
# `cachebench parse-log` on each with /usr/bin/time -v (peak RSS = "Maximum resident set size").
# Usage: scripts/bench-parser.sh [SIZE_MB ...]   (default: 100 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(100 1000)
swift build -c release --scratch-path .build-release --product cachebench >/dev/null
bin=.build-release/release/cachebench
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat Tests/BuildLogParsingTests/Fixtures/buildkit-*.log > "$tmp/sample.log"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
for mb in "${sizes[@]}"; do
    target=$((mb * 1000000))
    : > "$tmp/big.log"
    while [ "$(stat -c %s "$tmp/big.log")" -lt "$target" ]; do cat "$tmp/sample.log" "$tmp/sample.log" "$tmp/sample.log" "$tmp/sample.log" >> "$tmp/big.log"; done
    truncate -s "$target" "$tmp/big.log"
    cat "$tmp/big.log" > /dev/null   # warm the page cache
    /usr/bin/time -v "$bin" parse-log "$tmp/big.log" --format json > /dev/null 2> "$tmp/time.txt"
    secs=$(grep 'Elapsed (wall clock)' "$tmp/time.txt" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
    rss=$(grep 'Maximum resident set size' "$tmp/time.txt" | awk '{print $NF}')
    awk -v mb="$mb" -v s="$secs" -v rss="$rss" 'BEGIN { printf "%5d MB  %6.2f s  %7.1f MB/s  peak RSS %.1f MB\n", mb, s, mb / s, rss / 1024 }'
done
