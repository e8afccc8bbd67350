#!/usr/bin/env bash
# The long fuzz run: every fuzz target (each log format, format detection, the Dockerfile parser, the
# cachebench.yml loader) gets INPUTS generated inputs (default 1,000,000 each), in a release build. Each target
# prints inputs/s, mean and worst ns per input byte, RSS before and after, peak RSS, and how its time grows from
# 128 KiB to 512 KiB of one repeated token (x4 is linear). A crash or a broken property fails the script.
# Usage: scripts/fuzz.sh [INPUTS]      (`swift test` runs the same targets with 500 inputs each)
set -euo pipefail
cd "$(dirname "$0")/.."
inputs=${1:-1000000}
echo "fuzz: building tests in release (.build-fuzz)"
swift build -c release --build-tests -Xswiftc -enable-testing --scratch-path .build-fuzz >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "fuzz: $inputs inputs per target, on $(nproc) cores"
status=0
CACHEBENCH_FUZZ_INPUTS=$inputs CACHEBENCH_FUZZ_REPORT="$tmp/report.txt" CACHEBENCH_FUZZ_KEEP="$tmp" \
    /usr/bin/time -v swift test -c release -Xswiftc -enable-testing --skip-build --scratch-path .build-fuzz --filter FuzzTests \
    > "$tmp/test.log" 2> "$tmp/time.txt" || status=$?
cat "$tmp/report.txt" 2>/dev/null || true
grep -E "Test run with|recorded an issue|Fatal error|signal" "$tmp/test.log" | head -20 || true
echo "fuzz: wall $(grep 'Elapsed (wall clock)' "$tmp/time.txt" | awk '{print $NF}'), peak RSS of the test process $(grep 'Maximum resident set size' "$tmp/time.txt" | awk '{printf "%.1f MB", $NF / 1024}')"
if [ "$status" -ne 0 ]; then
    mkdir -p .cachebench-fuzz && cp "$tmp"/*.bin "$tmp/test.log" .cachebench-fuzz/ 2>/dev/null || true
    echo "error: the fuzz run failed (exit $status); its log and slowest inputs are in .cachebench-fuzz/" >&2
    exit 1
fi
