#!/usr/bin/env bash
# Command 1: set up, build and start qmsd on the embedded demo office with a
# simulated ward day (citizens at the kiosk, staff at five of the six
# counters). Prints the pages' links with their tokens once it is up.
#
#   tools/demo.sh                      http://127.0.0.1:8080, state in data/demo
#   tools/demo.sh --fast               the simulated day ten times faster (--speed X: X times)
#   tools/demo.sh --port 0 --data data/demo2   a second demo beside the first (0: any free port)
#   tools/demo.sh --stop [--data DIR]  stop the demo running on DIR (default data/demo)
#   tools/demo.sh --real-hours         keep the office's real opening hours (also QMSD_DEMO_REAL_HOURS=1)
#   tools/demo.sh --city               also the city's view: a local PostgreSQL 15 and qmsd-city, the office shipping to it
#
# Ctrl-C stops it; run it again and the day continues where it was.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
port=8080
data=data/demo
speed=1
stop=0
real_hours=${QMSD_DEMO_REAL_HOURS:-}
city=0
while (($#)); do
  case "$1" in
    --port) port=${2:?--port needs a number (0: any free port)}; shift ;;
    --free-port) port=0 ;;
    --data) data=${2:?--data needs a directory}; shift ;;
    --fast) speed=10 ;;
    --speed) speed=${2:?--speed needs a number}; shift ;;
    --real-hours) real_hours=1 ;;
    --city) city=1 ;;
    --stop) stop=1 ;;
    -h|--help) usage 0 ;;
    *) echo "demo.sh: unknown option $1" >&2; usage 2 >&2 ;;
  esac
  shift
done
[[ "$port" =~ ^[0-9]+$ ]] && ((port <= 65535)) || { echo "demo.sh: --port must be 0-65535, got $port" >&2; exit 2; }

# Stopping one demo: the script that runs it stops its daemon and simulators.
if ((stop)); then
  pid=$(cat "$data/demo.pid" 2> /dev/null || true)
  if [[ -z "$pid" ]] || ! kill -0 "$pid" 2> /dev/null; then
    echo "demo.sh: no demo is running on $data"
    exit 1
  fi
  kill -TERM "$pid"
  for _ in $(seq 100); do kill -0 "$pid" 2> /dev/null || break; sleep 0.1; done
  echo "demo.sh: stopped the demo on $data (pid $pid)"
  exit 0
fi

mkdir -p "$data"
# One demo per data directory: two daemons on one store would be a mess.
exec 8> "$data/demo.lock"
if ! flock -n 8; then
  echo "demo.sh: a demo already runs on $data (pid $(cat "$data/demo.pid" 2> /dev/null || echo ?))." >&2
  echo "         stop it with: tools/demo.sh --stop --data $data   or run another with --data DIR --port 0" >&2
  exit 1
fi
echo $$ > "$data/demo.pid"

# QMSD_DEMO_BUILT=1: the binaries are already built (the test suite runs the demo).
[[ -n "${QMSD_DEMO_BUILT:-}" ]] || tools/setup.sh --daemon
build_dir=${QMSD_BUILD_DIR:-build}
qmsd=$build_dir/daemon/qmsd

config="$data/office.toml"
if [[ -n "$real_hours" ]]; then
  cp config/demo-office.toml "$config"
else
  # The demo office keeps real opening hours (07:30–11:30, 13:30–17:00). So that
  # it can be tried at any hour, this copy opens all day with no cut-off; the
  # simulation plays the ward day ([demo] hours) on a clock of its own.
  sed -E -e 's/^(mon|tue|wed|thu|fri|sat|sun)( *)= .*/\1\2= ["00:00-24:00"]/' \
         -e 's/^(cutoff_minutes *)= *[0-9]+/\1= 0/' \
         -e '/^closed_dates/,/^\]/d' \
         config/demo-office.toml > "$config"
fi
# SMS to citizens who leave a number at the kiosk: on, through the log only
# (data/qmsd.log says what would have been sent; daemon/messages/README.md).
printf '\n[messages]\nenabled = true\nsender = "log"\n' >> "$config"

pids=()
qmsd_pid=
city_pid=
pg_dir=
cleanup() {
  for p in "$qmsd_pid" "$city_pid"; do
    if [[ -n "$p" ]] && kill -0 "$p" 2> /dev/null; then
      kill -TERM "$p" 2> /dev/null || true
      wait "$p" 2> /dev/null || true
    fi
  done
  ((${#pids[@]})) && kill "${pids[@]}" 2> /dev/null || true
  [[ -n "$pg_dir" ]] && demo_pg pg_ctl -D "$pg_dir/data" -m fast -w stop > /dev/null 2>&1 || true
  rm -f "$data/demo.pid"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Simulated devices: six counter displays and the main board on one RS-485
# line (the 01..07 protocol), a pty pair standing in for the USB adapter.
line="$data/line"
mkdir -p "$line"
rm -f "$line/qmsd" "$line/devices"
socat pty,raw,echo=0,link="$line/qmsd" pty,raw,echo=0,link="$line/devices" 2> "$data/socat.log" &
pids+=($!)
for _ in $(seq 50); do [[ -e "$line/devices" ]] && break; sleep 0.1; done
/usr/bin/python3 tools/sim/devsim.py --protocol rs485_0107 --port "$line/devices" \
  --units display:1,display:2,display:3,display:4,display:5,display:6,board:20 \
  --control "$line/control" > "$data/devices.log" 2>&1 < /dev/null &
pids+=($!)
# kiosk1's ticket printer, simulated on a free TCP port; it writes every
# ticket as a PNG and takes commands through a fifo:
#   echo "state paper_out" > $data/printer.ctl
mkdir -p "$data/tickets"
rm -f "$data/printer.ctl" && mkfifo "$data/printer.ctl"
exec 7<> "$data/printer.ctl" # held open by this shell: the simulator never reads end-of-file
: > "$data/printer.log"
/usr/bin/python3 tools/sim/printer_sim.py --port "${QMSD_DEMO_PRINTER_PORT:-0}" --png-dir "$data/tickets" \
  > "$data/printer.log" 2>&1 <&7 &
pids+=($!)
printer_port=
for _ in $(seq 100); do
  printer_port=$(sed -n 's/^listening \([0-9]*\)$/\1/p' "$data/printer.log")
  [[ -n "$printer_port" ]] && break
  sleep 0.1
done
[[ -n "$printer_port" ]] || { echo "demo.sh: the simulated printer did not start: $(cat "$data/printer.log")" >&2; exit 1; }
{
  echo
  echo '[[bus]]'
  echo 'id = "demo_line"'
  echo 'type = "rs485_0107"'
  echo "port = \"$(cd "$line" && pwd)/qmsd\"" # --data may be relative or absolute
  echo 'baud = 57600'
  for n in 1 2 3 4 5 6; do
    printf '\n[[device]]\nid = "quay%s"\nbus = "demo_line"\naddress = %s\nrole = "counter_display"\ncounter = %s\ndigits = 4\n' "$n" "$n" "$n"
  done
  printf '\n[[device]]\nid = "main_board"\nbus = "demo_line"\naddress = 20\nrole = "main_board"\ndigits = 32\n'
  printf '\n[[printer]]\nid = "kiosk1_printer"\nkiosk = "kiosk1"\ntransport = "tcp"\nhost = "127.0.0.1"\nport = %s\n' "$printer_port"
  # Spoken calls: on this machine's sound card when it has one (else only the
  # TV page speaks them: open it with ?audio=1).
  sound_device=""
  if grep -q '[0-9]' /proc/asound/cards 2> /dev/null; then sound_device="default"; fi
  printf '\n[voice]\nenabled = true\ndevice = "%s"\n' "$sound_device"
} >> "$config"

# The city's view (--city): a PostgreSQL 15 cluster kept with this demo's data
# (made once, started with the demo, stopped with it), qmsd-city on it, and
# this office shipping its log there ([upstream], daemon/upstream/README.md).
wait_port() { # log file, pid: the port a server logs once it listens
  local port=
  for _ in $(seq 300); do
    port=$(sed -n 's/.*listening address=[^ ]* port=\([0-9]*\).*/\1/p' "$1" | tail -1)
    [[ -n "$port" ]] && { echo "$port"; return 0; }
    kill -0 "$2" 2> /dev/null || return 1
    sleep 0.1
  done
  return 1
}
demo_pg() { # runs a PostgreSQL tool; as root, as the postgres user (initdb refuses root)
  local tool=$1; shift
  if [[ "$(id -u)" -eq 0 ]]; then runuser -u postgres -- "/usr/lib/postgresql/15/bin/$tool" "$@"
  else "/usr/lib/postgresql/15/bin/$tool" "$@"; fi
}
city_link=
if ((city)); then
  [[ -n "${QMSD_DEMO_BUILT:-}" ]] || cmake --build "$build_dir" --target qmsd-city > /dev/null
  data_abs=$(cd "$data" && pwd)
  pg_dir="$data_abs/city-pg"
  if [[ "$(id -u)" -eq 0 ]]; then
    # The postgres user must reach the cluster: root's home usually is closed to it.
    pg_dir="/var/tmp/qmsd-demo-city-$(echo "$data_abs" | md5sum | cut -c1-12)"
  fi
  pg_password="demo-city-password-$(echo "$data_abs" | md5sum | cut -c1-8)"
  mkdir -p "$pg_dir/sock"
  if [[ ! -d "$pg_dir/data" ]]; then
    echo "$pg_password" > "$pg_dir/pw"
    [[ "$(id -u)" -eq 0 ]] && chown -R postgres "$pg_dir"
    demo_pg initdb -D "$pg_dir/data" -U postgres --pwfile "$pg_dir/pw" -E UTF8 --locale=C.UTF-8 \
      --auth-host=scram-sha-256 --auth-local=trust > "$data/city-pg-init.log"
    rm -f "$pg_dir/pw"
  fi
  pg_port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  demo_pg pg_ctl -D "$pg_dir/data" -l "$pg_dir/postgres.log" -w -t 60 \
    -o "-p $pg_port -k $pg_dir/sock -c listen_addresses=127.0.0.1" start > /dev/null \
    || { echo "demo.sh: PostgreSQL did not start: $(tail -5 "$pg_dir/postgres.log")" >&2; exit 1; }
  if [[ -z "$(demo_pg psql -h "$pg_dir/sock" -p "$pg_port" -U postgres -Atc "SELECT 1 FROM pg_database WHERE datname = 'qmsd_city'")" ]]; then
    demo_pg psql -h "$pg_dir/sock" -p "$pg_port" -U postgres -qc "CREATE DATABASE qmsd_city" > /dev/null
  fi
  (umask 077 && echo "$pg_password" > "$data/city.password")
  conninfo="host=127.0.0.1 port=$pg_port dbname=qmsd_city user=postgres connect_timeout=5"
  city_token=demo-city-token-0001
  cat > "$data/city.toml" << TOML
[city]
name = "UBND Quận 1 (demo)"
conninfo = "$conninfo"
password_file = "$data_abs/city.password"
workers = 2

[[user]]
id = "thanh_pho"
role = "city_leader"
token_hash = "$(printf %s "$city_token" | "$build_dir/daemon/city/qmsd-city" hash-token)"
TOML
  printf '\n[upstream]\nenabled = true\nconninfo = "%s"\npassword_file = "%s"\noffice_id = "q1-ben-nghe"\n' \
    "$conninfo" "$data_abs/city.password" >> "$config"
  : > "$data/city.log"
  "$build_dir/daemon/city/qmsd-city" --config "$data/city.toml" --port 0 >> "$data/city.log" 2>&1 &
  city_pid=$!
  city_port=$(wait_port "$data/city.log" "$city_pid") \
    || { echo "demo.sh: qmsd-city did not start; see $data/city.log" >&2; tail -5 "$data/city.log" >&2; exit 1; }
  city_link="http://127.0.0.1:$city_port/city.html#token=$city_token"
fi
"$qmsd" check-config "$config"

# The daemon in the background so that its links can be printed once it
# listens; its log scrolls here and is kept in $data/qmsd.log.
: > "$data/qmsd.log"
"$qmsd" --config "$config" --data-dir "$data" --port "$port" --sim-speed "$speed" \
  > >(tee -a "$data/qmsd.log") 2>&1 &
qmsd_pid=$!
bound=
for _ in $(seq 150); do
  bound=$(sed -n 's/.*listening address=[^ ]* port=\([0-9]*\).*/\1/p' "$data/qmsd.log" | tail -1)
  [[ -n "$bound" ]] && break
  kill -0 "$qmsd_pid" 2> /dev/null || { wait "$qmsd_pid" || exit $?; }
  sleep 0.1
done
[[ -n "$bound" ]] || { echo "demo.sh: qmsd did not start listening; see $data/qmsd.log" >&2; exit 1; }
base="http://127.0.0.1:$bound"

# A ticket of your own (the same one all day: the kiosk's request id is
# idempotent), to follow on the status page as a phone would.
mine=$(/usr/bin/python3 - "$base" << 'PY' || true
import datetime, json, sys, time, urllib.request
base = sys.argv[1]
body = json.dumps({"field": "ho_tich", "request_id": "demo-visitor-" + datetime.date.today().isoformat()}).encode()
for _ in range(50):
    try:
        req = urllib.request.Request(base + "/api/v1/tickets", data=body, headers={
            "Authorization": "Bearer demo-kiosk-token-0001", "Content-Type": "application/json"})
        t = json.load(urllib.request.urlopen(req, timeout=5))["ticket"]
        print(t["code"], t["public_id"])
        break
    except Exception:
        time.sleep(0.2)
PY
)
read -r my_code my_id <<< "${mine:-- -}"
status_link="$base/t/$my_id"
[[ "$my_id" == "-" ]] && status_link="(take a ticket at the kiosk: its QR opens the status page)"

other_dir="data/demo2"
[[ "$data" == "data/demo2" ]] && other_dir="data/demo3"
cat << MSG

qmsd demo — UBND Phường Bến Nghé, Quận 1 · Bộ phận tiếp nhận và trả kết quả
  a simulated ward day: about 140 tickets, a crowd at 07:30 and 13:30, staff at counters 1 2 3 5 6,
  time x$speed (tools/demo.sh --fast: x10). Counter 4 is left for you.

  kiosk       $base/kiosk.html#token=demo-kiosk-token-0001
  counter     $base/counter.html#counter=4&staff=nv04        staff nv04, PIN 4444 (Quầy 4)
  TV          $base/tv.html?audio=1#token=demo-display-token-0001   (click once for sound)
  dashboard   $base/dashboard.html#token=demo-leader-token-0001
  status      $status_link   your ticket $my_code, as a phone sees it
  booking     $base/booking.html   book a time as a citizen; check in at the kiosk ("Tôi có lịch hẹn") from 20 minutes before it

  the displays:    tail -f $data/devices.log   (simulated counter displays and main board)
  printed tickets: $data/tickets/ticket-NNN.png   (echo "state paper_out" > $data/printer.ctl: a printer fault)
  the API:         $base/api/v1/fields   (tokens and staff PINs: the top of config/demo-office.toml)
  as the leader:   $build_dir/tools/qmsctl/qmsctl --url $base --token demo-leader-token-0001 status
  today's queue:   $qmsd status --config $config --data-dir $data
  the store:       sqlite3 $data/qmsd.db 'SELECT * FROM tickets'
  status to log:   kill -USR1 $qmsd_pid     reload config: kill -HUP $qmsd_pid
  stop:            Ctrl-C, or tools/demo.sh --stop --data $data
  another at once: tools/demo.sh --port 0 --data $other_dir

MSG
if [[ -n "$city_link" ]]; then
  cat << MSG
  the city's view (qmsd-city over PostgreSQL; this office ships to it as q1-ben-nghe):
  city        $city_link
  the centre:  $data/city.log, PostgreSQL in $pg_dir (its port changes each start)

MSG
fi
wait "$qmsd_pid"
