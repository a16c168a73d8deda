#!/usr/bin/env bash
# Command 2: set up, build and run every test (unit, integration, crash).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
build_dir=${QMSD_BUILD_DIR:-build}
ctest --test-dir "$build_dir" --output-on-failure -j "${QMSD_JOBS:-$(nproc)}"
# The request fuzz target (libFuzzer, ASan, UBSan) in its own build directory,
# for a bounded time: QMSD_FUZZ_SECONDS, default 60.
tools/fuzz.sh
