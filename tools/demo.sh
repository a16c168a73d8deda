#!/usr/bin/env bash
# Command 1: set up, build and start qmsd on the embedded demo office with
# simulated kiosks and counters. State lives in ./data/demo; Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh --daemon

build_dir=${QMSD_BUILD_DIR:-build}
data=data/demo
mkdir -p "$data"
config="$data/office.toml"
if [[ -n "${QMSD_DEMO_REAL_HOURS:-}" ]]; then
  cp config/demo-office.toml "$config"
else
  # The demo office keeps real opening hours (07:30–11:30, 13:30–17:00). So that
  # it can be tried at any hour, this copy opens all day with no cut-off.
  sed -E -e 's/^(mon|tue|wed|thu|fri|sat|sun)( *)= .*/\1\2= ["00:00-24:00"]/' \
         -e 's/^(cutoff_minutes *)= *[0-9]+/\1= 0/' \
         -e '/^closed_dates/,/^\]/d' \
         config/demo-office.toml > "$config"
fi
"$build_dir/daemon/qmsd" check-config "$config"

cat <<MSG

qmsd demo office: UBND Phường Bến Nghé — 7 fields, 6 counters, simulated traffic.
  events (the wait-time log) scroll below, one line per committed change
  today's queue:   $build_dir/daemon/qmsd status --config $config --data-dir $data
  the store:       sqlite3 $data/qmsd.db 'SELECT * FROM tickets'
  a backup:        $build_dir/daemon/qmsd backup --data-dir $data /tmp/qmsd-backup.db
  status to log:   kill -USR1 \$(pidof qmsd)     reload config: kill -HUP \$(pidof qmsd)
  (QMSD_DEMO_REAL_HOURS=1 keeps the office's real opening hours)

MSG
exec "$build_dir/daemon/qmsd" --config "$config" --data-dir "$data" --simulate
