#!/usr/bin/env bash
# Installs the Debian 12 packages qmsd needs that are missing, then builds.
# Safe to run again: installs nothing that is already there.
#
#   tools/setup.sh              build everything (daemon, tests, benchmarks)
#   tools/setup.sh --daemon     build only the qmsd binary (what the demo needs)
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_PACKAGES=(
  g++ cmake ninja-build pkg-config
  libboost-dev              # Boost.Asio
  libsqlitecpp-dev libsqlite3-dev sqlite3
  libspdlog-dev libfmt-dev
  libmodbus-dev
  libtomlplusplus-dev       # config files
  nlohmann-json3-dev        # JSON for the HTTP API
  libhowardhinnant-date-dev # IANA time zones (g++ 12 has no std::chrono::tzdb)
  libsodium-dev             # argon2id PIN hashes, random ticket ids
  tzdata
  socat python3             # the demo's simulated RS-485 line and devices
)
TEST_PACKAGES=(
  catch2                    # Debian's Catch2 v2
  python3-pytest python3-requests python3-websocket   # independent HTTP/WebSocket clients
  python3-pymodbus mbpoll   # Modbus peers nobody here wrote
  clang libclang-rt-14-dev  # libFuzzer for the request fuzz target
)

# The test packages are small and CMake configures the tests even for --daemon.
packages=("${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}")
target=all
if [[ "${1:-}" == "--daemon" ]]; then
  target=qmsd
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=()
  if [[ "$(id -u)" -ne 0 ]]; then sudo=(sudo); fi
  echo "setup: installing ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

build_dir=${QMSD_BUILD_DIR:-build}
# Two cores: more parallel jobs only thrash the page cache and memory.
jobs=${QMSD_JOBS:-$(nproc)}
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
cmake --build "$build_dir" -j "$jobs" --target "$target"
