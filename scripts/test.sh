#!/usr/bin/env bash
# The test command: installs prerequisites, builds, runs every unit and integration test
# (integration tests start their own dockerd and registry; nothing of the host's Docker is used).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-prerequisites.sh
echo "build: swift build --build-tests (a few minutes on a fresh clone)"
swift build --build-tests
echo "test: swift test (unit tests, then the real-engine benchmark of Samples/hello-c, about 8 minutes)"
swift test --skip-build "$@"
