# The real qmsd driving Modbus units served by Debian's pymodbus (modbus_peer.py).
#
# A `Bench` is one test's hardware: a socat pty pair (the daemon's bus on one
# end, the RTU peer on the other) and/or a TCP peer on 127.0.0.1, plus a qmsd
# started on the demo office (open all day, no cut-off, no closed dates) with
# the [[bus]] and [[device]] sections the test asks for. Everything a test
# asserts is what a person would see: register contents read back from the
# peer (or by mbpoll), the API's replies, the live stream's messages.
# Nothing sleeps for a fixed time to "let things settle": every wait polls
# with a deadline and says what it last saw when it gives up.
import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import pytest
import requests
import websocket

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from qmsd_daemon import (DEMO_CONFIG, SOURCE_DIR, Qmsd, clear_of_office_midnight,  # noqa: E402,F401
                         demo_office, pytest_addoption, qmsd_binary)

PEER_SCRIPT = Path(__file__).with_name("modbus_peer.py")
PYTHON = "/usr/bin/python3"  # Debian's, with pymodbus

KIOSK = "demo-kiosk-token-0001"
LEADER = "demo-leader-token-0001"
ADMIN = "demo-admin-token-0001"
PINS = {f"nv0{i}": str(i) * 4 for i in range(1, 9)}

# Short bus timings: a dead unit costs 120 ms a try, back-off starts at 200 ms.
BUS_TIMING = {"response_timeout_ms": 120, "byte_timeout_ms": 30, "poll_interval_ms": 50,
              "retry_backoff_ms": 200}


@pytest.fixture(scope="session", autouse=True)
def peer_tools():
    """The pty pairs and the independent Modbus master every bench needs."""
    for tool in ("socat", "mbpoll"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is not installed (apt-get install {tool})")


# ---- waiting ---------------------------------------------------------------

def wait_for(probe, check, timeout, what, interval=0.02):
    """Calls probe() until check(value) holds; returns the value. On timeout,
    fails naming what was awaited and the last value seen."""
    deadline = time.monotonic() + timeout
    last = None
    while True:
        try:
            last = probe()
            if check(last):
                return last
        except (OSError, requests.RequestException, PeerError) as exc:
            last = f"<{type(exc).__name__}: {exc}>"
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}; last seen: {last!r}")
        time.sleep(interval)


def free_tcp_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def realtime_prefix():
    """`chrt -f 20` where allowed: on a paced line the relay and the peer stand
    for a wire and for hardware, whose timing a busy CPU does not stretch (a
    Python peer answering 50 ms late under load would make the daemon's timing
    look wrong). Without the privilege they run as they are."""
    if not hasattr(realtime_prefix, "cached"):
        ok = shutil.which("chrt") and subprocess.run(["chrt", "-f", "20", "true"],
                                                     stderr=subprocess.DEVNULL).returncode == 0
        realtime_prefix.cached = ["chrt", "-f", "20"] if ok else []
    return realtime_prefix.cached


def stop_process(proc, sig=signal.SIGTERM, timeout=5):
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(sig)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


# ---- the pty pair ----------------------------------------------------------

class PtyPair:
    """A null-modem cable: socat joining two ptys, reached through two links."""

    def __init__(self, directory):
        self.dir = Path(directory)
        self.daemon_end = self.dir / "ttyQMSD"  # the bus's `port`
        self.peer_end = self.dir / "ttyPEER"
        self.proc = None

    def start(self):
        log = open(self.dir / "socat.log", "ab")
        self.proc = subprocess.Popen(
            ["socat", "-d", "-d", f"pty,raw,echo=0,link={self.daemon_end}",
             f"pty,raw,echo=0,link={self.peer_end}"],
            stdout=log, stderr=log, stdin=subprocess.DEVNULL)
        log.close()
        wait_for(lambda: self.daemon_end.exists() and self.peer_end.exists(), bool, 5, "socat's pty links")
        return self

    def stop(self):
        """Unplugs the cable: socat goes, and with it both ptys and links."""
        stop_process(self.proc)
        self.proc = None


class PacedLine(PtyPair):
    """A cable that carries bytes at 9600 baud (tools/sim/paced_relay.py), so
    bus time is real: one character takes ~1 ms, as on RS-485."""

    RELAY = SOURCE_DIR / "tools" / "sim" / "paced_relay.py"

    def start(self):
        for link in (self.daemon_end, self.peer_end):
            if link.is_symlink():
                link.unlink()
        self.proc = subprocess.Popen(
            [*realtime_prefix(), PYTHON, str(self.RELAY), "--baud", "9600", "--a", str(self.daemon_end), "--b", str(self.peer_end)],
            stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
        assert self.proc.stdout.readline().strip() == b"ready", "paced_relay.py did not start"
        return self

    def stop(self):
        """Unplugs it; the links go too (a dangling one could later name someone else's pty)."""
        if self.proc is not None:
            self.proc.stdout.close()
        super().stop()
        for link in (self.daemon_end, self.peer_end):
            if link.is_symlink():
                link.unlink()


# ---- the peer --------------------------------------------------------------

class PeerError(AssertionError):
    pass


def control(path, words, who):
    """One command over a simulator's control socket (modbus_peer.py,
    tools/sim/devsim.py): a line out, a line back; "error ..." raises."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(5)
        s.connect(str(path))
        s.sendall((" ".join(map(str, words)) + "\n").encode())
        reply = b""
        while not reply.endswith(b"\n"):
            chunk = s.recv(4096)
            if not chunk:
                break
            reply += chunk
    text = reply.decode().strip()
    if text.startswith("error"):
        raise PeerError(f"{who} command {words}: {text}")
    return text


class Peer:
    """modbus_peer.py serving some units over RTU (on a pty link) or TCP."""

    def __init__(self, directory, units, rtu=None, tcp=None, name="peer", realtime=False):
        self.dir = Path(directory)
        self.prefix = realtime_prefix() if realtime else []
        self.units = list(units)
        self.rtu = rtu
        self.tcp = tcp
        self.name = name
        self.control = self.dir / f"{name}.sock"
        self.proc = None

    def start(self, muted=()):
        return self.spawn(muted).wait_ready()

    def spawn(self, muted=()):
        """Starts the process without waiting for it (it takes a second to import pymodbus)."""
        where = ["--rtu", str(self.rtu)] if self.rtu else ["--tcp", str(self.tcp)]
        if self.control.exists():
            self.control.unlink()
        log = open(self.dir / f"{self.name}.log", "ab")
        self.proc = subprocess.Popen(
            [*self.prefix, PYTHON, str(PEER_SCRIPT), *where, "--units", ",".join(map(str, self.units)),
             "--control", str(self.control), "--mute", ",".join(map(str, muted))],
            stdout=log, stderr=log, stdin=subprocess.DEVNULL)
        log.close()
        return self

    def check_alive(self):
        """A peer that died (e.g. a missing Python module) fails with its own words."""
        if self.proc is not None and self.proc.poll() is not None:
            log = (self.dir / f"{self.name}.log").read_text(encoding="utf-8", errors="replace")[-3000:]
            raise AssertionError(f"{self.name} exited with {self.proc.returncode}:\n{log}")

    def wait_ready(self):
        def requests_seen():
            self.check_alive()
            return self.cmd("requests", self.units[0])
        wait_for(requests_seen, lambda r: r.isdigit(), 10, f"{self.name}'s control socket")
        if self.tcp:
            def connectable():
                self.check_alive()
                with socket.create_connection(("127.0.0.1", self.tcp), timeout=1):
                    return True
            wait_for(connectable, bool, 10, f"{self.name} listening on TCP {self.tcp}")
        return self

    def stop(self, sig=signal.SIGTERM):
        stop_process(self.proc, sig)
        self.proc = None

    def cmd(self, *words):
        if self.proc is not None and self.proc.poll() is not None:
            raise PeerError(f"{self.name} exited with {self.proc.returncode}: {self.log_tail()}")
        return control(self.control, words, "peer")

    def get(self, unit, address, count):
        return [int(v) for v in self.cmd("get", unit, address, count).split()]

    def set(self, unit, address, *values):
        self.cmd("set", unit, address, *values)

    def press(self, unit, code):
        self.cmd("press", unit, code)

    def mute(self, unit):
        self.cmd("mute", unit)

    def unmute(self, unit):
        self.cmd("unmute", unit)

    def requests(self, unit):
        return int(self.cmd("requests", unit))

    def ignored(self, unit):
        return int(self.cmd("ignored", unit))

    def writes(self, unit):
        return int(self.cmd("writes", unit))

    def asked(self, unit):
        """When each request for the unit arrived, answered or not (monotonic_ns)."""
        return [int(t) for t in self.cmd("asked", unit).split()]

    def history(self, unit):
        """Every write the unit took: [(monotonic_ns, register, [values])]."""
        out = []
        for item in filter(None, self.cmd("history", unit).split(";")):
            t, a, *v = (int(x) for x in item.split())
            out.append((t, a, v))
        return out

    def refuse(self, unit, code):
        self.cmd("refuse", unit, code)

    def gateway(self, unit, code):
        self.cmd("gateway", unit, code)

    def accept(self, unit):
        self.cmd("accept", unit)

    def garble(self, unit):
        self.cmd("garble", unit)

    def ungarble(self, unit):
        self.cmd("ungarble", unit)

    def log_tail(self):
        p = self.dir / f"{self.name}.log"
        return p.read_text(errors="replace")[-2000:] if p.exists() else ""


# ---- what a display shows ---------------------------------------------------

def ascii_of(values):
    return "".join(chr(v) if 32 <= v < 127 else "?" for v in values)


def text_lines_of(values):
    """Two ASCII characters a register, high byte first (text cards)."""
    out = []
    for v in values:
        out.append(chr(v >> 8))
        out.append(chr(v & 0xFF))
    return "".join(out)


def shown(peer, unit, profile):
    """What a person reads on a counter display, per profile:
    dm_ascii → its 4 characters; number → the number; qmsd_display → (text, mode, count)."""
    if profile == "number":
        return peer.get(unit, 0, 1)[0]
    text = ascii_of(peer.get(unit, 0, 4))
    if profile == "qmsd_display":
        mode, count = peer.get(unit, 16, 2)
        return (text, mode, count)
    return text


def expected(profile, code, how="steady"):
    """What a display of `profile` should show for ticket `code` ("" = blank);
    how = "steady" or "called" (qmsd_display blinks 5 times)."""
    if profile == "number":
        digits = re.sub(r"\D", "", code)
        return int(digits) if digits else 0
    text = code.rjust(4)[-4:]
    if profile == "qmsd_display":
        return (text, 2, 5) if how == "called" else (text, 0, 0)
    return text


# ---- the daemon ------------------------------------------------------------

def office_config(extra="", display=None):
    """The demo office open all day, no cut-off, no closed dates, no kiosk rate limit; [display]
    keys replaced from `display`; `extra` appended ([[bus]], [[device]])."""
    text = demo_office()
    # Tests issue tickets faster than a citizen at a kiosk could.
    text, n = re.subn(r"\n\[api\]\n", "\n[api]\nkiosk_rate_per_minute = 100000\n", text)
    assert n == 1, "the demo config has no [api] section"
    if display is not None:
        head, sep, rest = text.partition("\n[display]\n")
        assert sep, "the demo config has no [display] section"
        _, nxt, tail = rest.partition("\n[")
        section = "".join(f"{k} = {json.dumps(v, ensure_ascii=False)}\n" for k, v in display.items())
        text = head + sep + section + nxt + tail
    return text + "\n" + extra


def more_counters(first, last, fields=("ho_tich",)):
    """Counters first..last serving `fields`, each with a staff member "cbNN"
    of its own (the demo office has six counters and eight staff)."""
    pin_hash = re.search(r'pin_hash *= *"([^"]+)"', DEMO_CONFIG.read_text(encoding="utf-8")).group(1)
    listed = json.dumps(list(fields))
    out = []
    for n in range(first, last + 1):
        out.append(f'[[counter]]\nnumber = {n}\nname = "Quầy {n}"\nfields = {listed}\n')
        out.append(f'[[staff]]\nid = "cb{n:02d}"\nname = "Cán bộ {n}"\npin_hash = "{pin_hash}"\n'
                   f'fields = {listed}\n')
    return "\n".join(out) + "\n"


def bus_toml(bus_id, port=None, tcp_port=None, **timing):
    t = dict(BUS_TIMING, **timing)
    lines = ["[[bus]]", f'id = "{bus_id}"']
    if tcp_port is not None:
        lines += ['type = "modbus_tcp"', 'host = "127.0.0.1"', f"tcp_port = {tcp_port}"]
    else:
        lines += ['type = "modbus_rtu"', f'port = "{port}"', "baud = 9600"]
    lines += [f"{k} = {v}" for k, v in t.items()]
    return "\n".join(lines) + "\n\n"


def device_toml(dev_id, bus, address, role, counter=None, profile=None, digits=None, unicode=None, keys=None,
                board_lines=None):
    lines = ["[[device]]", f'id = "{dev_id}"', f'bus = "{bus}"', f"address = {address}", f'role = "{role}"']
    if counter is not None:
        lines.append(f"counter = {counter}")
    if profile is not None:
        lines.append(f'profile = "{profile}"')
    if digits is not None:
        lines.append(f"digits = {digits}")
    if unicode is not None:
        lines.append(f"unicode = {'true' if unicode else 'false'}")
    if board_lines is not None:
        lines.append(f"lines = {board_lines}")
    if keys:
        lines.append("keys = { " + ", ".join(f'"{k}" = "{v}"' for k, v in keys.items()) + " }")
    return "\n".join(lines) + "\n\n"


class Stream:
    """The live WebSocket, read on a thread into a list of JSON messages."""

    def __init__(self, port, token=LEADER):
        self.ws = websocket.create_connection(f"ws://127.0.0.1:{port}/api/v1/stream?token={token}", timeout=10)
        self.messages = []
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        while True:
            try:
                text = self.ws.recv()
            except Exception:  # closed
                return
            if not text:
                return
            with self.lock:
                self.messages.append(json.loads(text))

    def devices(self, device_id):
        with self.lock:
            return [m["device"] for m in self.messages if m.get("type") == "device" and m["device"]["id"] == device_id]

    def close(self):
        try:
            self.ws.close()
        except Exception:
            pass


class Daemon(Qmsd):
    """One qmsd on a data directory; restartable on the same data."""

    def __init__(self, binary, directory, extra="", display=None):
        super().__init__(binary, directory, office_config(extra, display))
        self.http = requests.Session()
        self.streams = []

    def stop(self, timeout=10):
        """SIGTERM; the daemon must exit 0."""
        for s in self.streams:
            s.close()
        self.streams = []
        self.http.close()
        super().stop(timeout)

    # ---- API ---------------------------------------------------------------
    def call(self, method, path, token=None, body=None):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return self.http.request(method, self.base + "/api/v1" + path, json=body, headers=headers, timeout=10)

    def ok(self, method, path, token=None, body=None, status=200):
        r = self.call(method, path, token, body)
        assert r.status_code == status, f"{method} {path}: {r.status_code} {r.text}"
        return r.json() if r.content else None

    def open_counter(self, counter, staff):
        """Opens `counter` for `staff` as the admin (no PIN hashing: fast); returns
        the admin token, which may act at any counter."""
        self.ok("POST", f"/counters/{counter}/open", ADMIN, {"staff": staff})
        return ADMIN

    def login(self, staff, counter):
        """Opens `counter` for `staff`; returns the session token."""
        return self.ok("POST", "/sessions", body={"staff": staff, "pin": PINS[staff], "counter": counter},
                       status=201)["token"]

    def issue(self, field):
        return self.ok("POST", "/tickets", KIOSK, {"field": field, "request_id": uuid.uuid4().hex},
                       status=201)["ticket"]

    def act(self, token, counter, action, body=None):
        """A counter action (call-next, recall, start, finish...) that must succeed."""
        return self.ok("POST", f"/counters/{counter}/{action}", token, body if body is not None else {})

    def counter(self, n):
        return self.ok("GET", f"/counters/{n}", LEADER)["counter"]

    def seq(self):
        return self.ok("GET", "/health")["seq"]

    def events(self, kind=None):
        path = "/events?limit=1000" + (f"&kind={kind}" if kind else "")
        return self.ok("GET", path, LEADER)["events"]

    def devices(self):
        return {d["id"]: d for d in self.ok("GET", "/devices", LEADER)["devices"]}

    def device(self, dev_id):
        return self.devices()[dev_id]

    def stream(self):
        s = Stream(self.port)
        self.streams.append(s)
        return s

    def wait_online(self, ids, timeout=10):
        return wait_for(self.devices, lambda d: all(d[i]["online"] for i in ids), timeout,
                        f"devices {ids} online")


# ---- a test's whole bench ---------------------------------------------------

class Bench:
    """A bus (RTU on a pty pair, RTU on a 9600-baud paced line, or TCP) with a
    peer serving `units`, and a daemon configured with `devices` on it. Torn
    down whatever happens."""

    def __init__(self, binary, workdir, sockdir, transport, units, devices, muted=(), display=None, timing=None,
                 office=""):
        self.binary = binary
        self.timing = timing or {}  # [[bus]] keys over BUS_TIMING
        self.office = office        # more of the office ([[counter]], [[staff]]...)
        self.transport = transport
        self.dir = Path(workdir)
        self.sockdir = Path(sockdir)
        self.units = units
        self.devices = devices
        self.muted = muted
        self.display = display
        self.pty = None
        self.peer = None
        self.daemon = None

    def start(self):
        if self.transport in ("rtu", "paced"):
            self.pty = (PtyPair if self.transport == "rtu" else PacedLine)(self.sockdir).start()
            self.peer = Peer(self.sockdir, self.units, rtu=self.pty.peer_end, realtime=self.transport == "paced")
            bus = bus_toml("bus1", port=self.pty.daemon_end, **self.timing)
        else:
            self.tcp_port = free_tcp_port()
            self.peer = Peer(self.sockdir, self.units, tcp=self.tcp_port)
            bus = bus_toml("bus1", tcp_port=self.tcp_port, **self.timing)
        self.peer.spawn(muted=self.muted)
        extra = self.office + bus + "".join(device_toml(bus="bus1", **d) for d in self.devices)
        self.daemon = Daemon(self.binary, self.dir, extra, self.display)
        self.daemon.start()  # meanwhile the peer starts: the bus retries until it answers
        self.peer.wait_ready()
        return self

    def teardown(self):
        return stop_all(self.daemon, self.peer, self.pty)


def stop_all(daemon, peer, pty):
    """A bench's teardown, daemon first (it must still exit 0), then the peer
    and the line; returns what went wrong instead of raising, so the rest
    still stops."""
    errors = []
    try:
        if daemon:
            daemon.stop()
    except AssertionError as e:
        errors.append(str(e))
    if peer:
        peer.stop()
    if pty:
        pty.stop()
    return errors


@pytest.fixture
def sockdir():
    # Unix socket paths must stay short (108 bytes): not under pytest's tmp_path.
    d = tempfile.mkdtemp(prefix="qmsd-dev-")
    yield Path(d)
    shutil.rmtree(d, ignore_errors=True)


def bench_maker(build):
    """A fixture's body: yields make(...) -> a started bench, `build(n, ...)`
    making the n-th; every bench made is torn down after the test, even one
    that failed to start, and what went wrong fails the test."""
    made = []

    def make(*args, **kw):
        clear_of_office_midnight(90)  # a bench's test takes up to ~40 s
        b = build(len(made), *args, **kw)
        made.append(b)
        return b.start()

    yield make
    errors = [e for b in made for e in b.teardown()]
    if errors:
        pytest.fail("\n\n".join(errors))


@pytest.fixture
def make_bench(qmsd_binary, tmp_path, sockdir):
    def build(n, transport, units, devices, muted=(), display=None, timing=None, office=""):
        return Bench(qmsd_binary, tmp_path / f"qmsd{n}", sockdir, transport, units, devices, muted, display,
                     timing, office)

    yield from bench_maker(build)
