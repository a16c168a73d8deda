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
  libqrencode-dev           # the QR code on printed tickets
  libfreetype-dev fonts-dejavu-core  # Vietnamese ticket text rendered to raster
  libasound2-dev            # voice announcements through ALSA
  espeak-ng                 # the default Vietnamese voice clips, made at build time
  libxlsxwriter-dev         # XLSX reports (widths, number/date formats, frozen headers)
  prometheus-cpp-dev        # /metrics: its core (registry, histograms, text format) only
  libsystemd-dev            # log records with structured fields to the journal (sd_journal_sendv)
  libpq-dev                 # PostgreSQL's client: offices ship their log to the city, qmsd-city reads it
)
TEST_PACKAGES=(
  catch2                    # Debian's Catch2 v2
  python3-pytest python3-requests python3-websocket   # independent HTTP/WebSocket clients
  python3-pymodbus mbpoll   # Modbus peers nobody here wrote
  python3-serial python3-serial-asyncio  # pymodbus's servers import them (only Recommends)
  clang libclang-rt-14-dev  # libFuzzer for the request fuzz target
  octave-queueing           # an independent Erlang C to check ours against
  chromium                  # headless browser for the page tests
  zbar-tools python3-pil    # decode printed QR codes, look at rendered tickets
  python3-openpyxl          # read the XLSX reports back, as a spreadsheet program would
  nodejs                    # playwright-core and an independent ESC/POS encoder
  prometheus                # the real Prometheus scrapes /metrics; promtool checks the alert rules
  udev                      # udevadm test runs config/qmsd.udev against a fake sysfs
  debhelper dpkg-dev lintian scdoc   # package_tests: the .deb, its lint, the man pages
  postgresql-15 postgresql-common  # the city's server, one throwaway cluster per suite (city_tests, city bench)
  gammu gammu-smsd          # the real SMS daemon with its dummy phone behind messages_tests' spool tests
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
sudo=()
if [[ "$(id -u)" -ne 0 ]]; then sudo=(sudo); fi
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# NodeSource's nodejs carries npm; Debian's does not.
if ! command -v npm > /dev/null; then
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm
fi
# npm packages for the browser and ESC/POS tests, pinned by tests/js/package-lock.json.
if [[ "$target" == all && -f tests/js/package-lock.json && ! -d tests/js/node_modules ]]; then
  (cd tests/js && npm ci --no-audit --no-fund --loglevel=error)
fi

build_dir=${QMSD_BUILD_DIR:-build}
# Two cores: more parallel jobs only thrash the page cache and memory.
jobs=${QMSD_JOBS:-$(nproc)}
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
cmake --build "$build_dir" -j "$jobs" --target "$target"
