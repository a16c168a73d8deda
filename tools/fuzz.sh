#!/usr/bin/env bash
# Builds the libFuzzer target (clang, ASan + UBSan) in a build directory of its
# own and runs it for a bounded time over a copy of the seed corpus. Exits
# non-zero when the fuzzer finds a crash, and prints the reproducer's path.
#
#   tools/fuzz.sh                     60 s (QMSD_FUZZ_SECONDS=N to change)
#   QMSD_FUZZ_BUILD_DIR=DIR           default build-fuzz
#   QMSD_FUZZ_JOBS=N                  build jobs, default 2
#   QMSD_FUZZ_ARTIFACTS=DIR           where crash files go (default: a folder
#                                     under the build dir, kept after the run)
#   QMSD_FUZZ_ARGS="..."              more libFuzzer options
#   CC_FUZZ, CXX_FUZZ                 compilers (default clang, clang++)
#
# Reproduce a crash: build-fuzz/tests/fuzz/fuzz_request <crash-file>
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${QMSD_FUZZ_BUILD_DIR:-build-fuzz}
seconds=${QMSD_FUZZ_SECONDS:-60}
jobs=${QMSD_FUZZ_JOBS:-2}

# Only what the target needs: no tests, no benchmarks. -O1 with line tables
# only: ASan's usual level, and half the compile time of -O2 -g on two cores.
CC=${CC_FUZZ:-clang} CXX=${CXX_FUZZ:-clang++} \
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=None \
  -DCMAKE_CXX_FLAGS="-O1 -gline-tables-only" \
  -DQMSD_FUZZ=ON -DQMSD_BUILD_TESTS=OFF > /dev/null
cmake --build "$build_dir" -j "$jobs" --target fuzz_request

fuzzer="$build_dir/tests/fuzz/fuzz_request"
artifacts=${QMSD_FUZZ_ARTIFACTS:-$build_dir/fuzz-artifacts}
mkdir -p "$artifacts"
artifacts=$(cd "$artifacts" && pwd)

# The fuzzer adds what it finds to its corpus: work on a copy. Its daemon's
# data go on tmpfs when there is one (every commit syncs).
shm=/dev/shm
[[ -d $shm && -w $shm ]] || shm=${TMPDIR:-/tmp}
work=$(mktemp -d "${TMPDIR:-/tmp}/qmsd-fuzz.XXXXXX")
data=$(mktemp -d "$shm/qmsd-fuzz-data.XXXXXX")
trap 'rm -rf "$work" "$data"' EXIT
cp -r tests/fuzz/corpus "$work/corpus"

echo "fuzz: running $fuzzer for ${seconds}s (crash files go to $artifacts/)"
status=0
QMSD_FUZZ_DATA_DIR=$data "$fuzzer" "$work/corpus" \
  -max_total_time="$seconds" -timeout=60 -rss_limit_mb=4096 -max_len=4096 \
  -dict=tests/fuzz/http.dict -artifact_prefix="$artifacts/" -print_final_stats=1 \
  ${QMSD_FUZZ_ARGS:-} > "$work/fuzz.log" 2>&1 || status=$?

if ((status != 0)); then
  tail -n 60 "$work/fuzz.log"
  crash=$(grep -o "Test unit written to [^ ]*" "$work/fuzz.log" | tail -n 1 | sed 's/Test unit written to //')
  echo "fuzz: FAILED (exit $status)"
  if [[ -n $crash ]]; then
    echo "fuzz: reproducer: $crash"
    echo "fuzz: run again with: $fuzzer $crash"
  fi
  exit 1
fi
grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb|cov: " "$work/fuzz.log" | tail -n 3
echo "fuzz: OK, no crash in ${seconds}s"
