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

# Simulated devices: six counter displays and the main board on one RS-485
# line (the 01..07 protocol), a pty pair standing in for the USB adapter.
line="$data/line"
mkdir -p "$line"
socat pty,raw,echo=0,link="$line/qmsd" pty,raw,echo=0,link="$line/devices" 2> "$data/socat.log" &
socat_pid=$!
for _ in $(seq 50); do [[ -e "$line/devices" ]] && break; sleep 0.1; done
/usr/bin/python3 tools/sim/devsim.py --protocol rs485_0107 --port "$line/devices" \
  --units display:1,display:2,display:3,display:4,display:5,display:6,board:20 \
  --control "$line/control" > "$data/devices.log" 2>&1 < /dev/null &
sim_pid=$!
mkdir -p "$data/tickets"
printer_port=${QMSD_DEMO_PRINTER_PORT:-9100}
# Its commands come through a fifo: echo "state paper_out" > $data/printer.ctl
rm -f "$data/printer.ctl" && mkfifo "$data/printer.ctl"
exec 7<> "$data/printer.ctl" # held open by this shell: the simulator never reads end-of-file
/usr/bin/python3 tools/sim/printer_sim.py --port "$printer_port" --png-dir "$data/tickets" \
  > "$data/printer.log" 2>&1 <&7 &
printer_pid=$!
trap 'kill $sim_pid $socat_pid $printer_pid 2>/dev/null' EXIT
{
  echo
  echo '[[bus]]'
  echo 'id = "demo_line"'
  echo 'type = "rs485_0107"'
  echo "port = \"$PWD/$line/qmsd\""
  echo 'baud = 57600'
  for n in 1 2 3 4 5 6; do
    printf '\n[[device]]\nid = "quay%s"\nbus = "demo_line"\naddress = %s\nrole = "counter_display"\ncounter = %s\ndigits = 4\n' "$n" "$n" "$n"
  done
  printf '\n[[device]]\nid = "main_board"\nbus = "demo_line"\naddress = 20\nrole = "main_board"\ndigits = 32\n'
  # kiosk1's ticket printer: a simulated ESC/POS printer on 127.0.0.1 that
  # writes every ticket it prints as a PNG.
  printf '\n[[printer]]\nid = "kiosk1_printer"\nkiosk = "kiosk1"\ntransport = "tcp"\nhost = "127.0.0.1"\nport = %s\n' "$printer_port"
  # Spoken calls: on this machine's sound card when it has one (else only the
  # TV page speaks them: open it with ?audio=1).
  sound_device=""
  if grep -q '[0-9]' /proc/asound/cards 2> /dev/null; then sound_device="default"; fi
  printf '\n[voice]\nenabled = true\ndevice = "%s"\n' "$sound_device"
} >> "$config"
"$build_dir/daemon/qmsd" check-config "$config"

cat <<MSG

qmsd demo office: UBND Phường Bến Nghé — 7 fields, 6 counters, simulated traffic.
  events (the wait-time log) scroll below, one line per committed change
  the displays:    tail -f $data/devices.log   (simulated counter displays and main board)
  the pages:       http://127.0.0.1:8080/  (kiosk, counter, TV, dashboard; tokens in the URL: see daemon/web/README.md)
  printed tickets: $data/tickets/ticket-NNN.png   (kiosk1's simulated printer;
                   echo "state paper_out" > $data/printer.ctl  to see a printer fault)
  the API:         curl http://127.0.0.1:8080/api/v1/fields
                   curl http://127.0.0.1:8080/api/v1/display
  take a ticket:   curl -H 'Authorization: Bearer demo-kiosk-token-0001' -H 'Content-Type: application/json' \\
                        -d '{"field":"ho_tich","request_id":"try-1"}' http://127.0.0.1:8080/api/v1/tickets
  as the leader:   $build_dir/tools/qmsctl/qmsctl --token demo-leader-token-0001 status
  (demo tokens and staff PINs: the top of config/demo-office.toml)
  today's queue:   $build_dir/daemon/qmsd status --config $config --data-dir $data
  the store:       sqlite3 $data/qmsd.db 'SELECT * FROM tickets'
  a backup:        $build_dir/daemon/qmsd backup --data-dir $data /tmp/qmsd-backup.db
  status to log:   kill -USR1 \$(pidof qmsd)     reload config: kill -HUP \$(pidof qmsd)
  (QMSD_DEMO_REAL_HOURS=1 keeps the office's real opening hours)

MSG
"$build_dir/daemon/qmsd" --config "$config" --data-dir "$data" --simulate
