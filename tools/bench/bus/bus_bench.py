#!/usr/bin/python3
"""How fast qmsd drives one Modbus RTU bus, measured on a wire paced at the
real baud rate (tools/sim/paced_relay.py) with Debian's pymodbus as the units
(tests/integration/devices/modbus_peer.py). Prints figures; asserts nothing.

    tools/bench/bus/bus_bench.py [--qmsd build/daemon/qmsd] [--bauds 9600,19200] [--units 10,30]

For each baud and unit count: one bus of `units` units, a fifth of them
keypads (polled, keypad_counter profile) and the rest dm_ascii counter
displays spread over the demo office's six counters (several displays a
counter). The relay logs every frame with time.monotonic_ns(), so each figure
is read off the wire:

  call -> wire     POST call-next sent -> first byte of the display's write on
                   the wire (p50/p99 over --calls calls at random moments)
  daemon overhead  the same, but from the later of "call sent" and "the reply
                   to the transaction then in flight reached the daemon": what
                   the daemon itself adds when the line is free
  press -> shown   a keypad's press counter incremented (key "next") -> the last
                   byte of the write carrying the new number delivered to the
                   display (it then holds it; checked on the peer afterwards)
  tx/s             transactions completed while every display is being changed
                   continuously (counters paused and resumed over HTTP), against
                   the limit 1 / (request + reply + 2 x t3.5) from the byte lengths
                   of the very transactions seen (10 bits a character, 8N1)
"""
import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

SOURCE_DIR = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(SOURCE_DIR / "tests" / "integration" / "devices"))
import conftest  # noqa: E402  the devices suite's Daemon and Peer
from conftest import ADMIN, Daemon, Peer, PYTHON, device_toml  # noqa: E402

RELAY = SOURCE_DIR / "tools" / "sim" / "paced_relay.py"
COUNTERS = 6
RESPONSE_TIMEOUT_MS = 200
DISPLAY_DIGITS = 4


@dataclass
class Frame:
    dir: str
    written: int   # ns: the sender handed the first byte over
    start: int     # ns: first byte on the wire
    end: int       # ns: last byte delivered
    data: bytes

    @property
    def addr(self):
        return self.data[0] if self.data else -1

    @property
    def fc(self):
        return self.data[1] if len(self.data) > 1 else -1

    def display_text(self):
        """dm_ascii: FC16 at register 0, one ASCII character a register."""
        if self.fc != 0x10 or len(self.data) < 9:
            return None
        count = self.data[6] // 2
        regs = [int.from_bytes(self.data[7 + 2 * i:9 + 2 * i], "big") for i in range(count)]
        return "".join(chr(r) if 32 <= r < 127 else "?" for r in regs)


class WireLog:
    """Reads the relay's frame log as it grows."""

    def __init__(self, path):
        self.path = path
        self.frames = []
        self._f = None
        self._rest = ""

    def poll(self):
        if self._f is None:
            if not os.path.exists(self.path):
                return
            self._f = open(self.path)
        text = self._rest + self._f.read()
        lines = text.split("\n")
        self._rest = lines.pop()
        for line in lines:
            d, w, s, e, hx = line.split()
            self.frames.append(Frame(d, int(w), int(s), int(e), bytes.fromhex(hx)))

    def wait(self, match, after_index=0, timeout=5.0):
        deadline = time.monotonic() + timeout
        while True:
            self.poll()
            for i in range(after_index, len(self.frames)):
                if match(self.frames[i]):
                    return i, self.frames[i]
            if time.monotonic() > deadline:
                tail = [(f.dir, f.data.hex()) for f in self.frames[-6:]]
                raise TimeoutError(f"no matching frame on the wire in {timeout} s; last frames: {tail}")
            time.sleep(0.001)


class BaudPeer(Peer):
    """modbus_peer.py told the line's baud (its gap rule depends on it)."""

    def __init__(self, directory, units, rtu, baud, rt):
        super().__init__(directory, units, rtu=rtu)
        self.baud, self.rt = baud, rt

    def spawn(self, muted=()):
        if self.control.exists():
            self.control.unlink()
        log = open(self.dir / f"{self.name}.log", "ab")
        self.proc = subprocess.Popen(
            [*self.rt, PYTHON, str(conftest.PEER_SCRIPT), "--rtu", str(self.rtu), "--baud", str(self.baud),
             "--units", ",".join(map(str, self.units)), "--control", str(self.control)],
            stdout=log, stderr=log, stdin=subprocess.DEVNULL)
        log.close()
        return self


def pct(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    k = (len(s) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def t35_s(baud):
    return 35.0 / baud if baud <= 19200 else 0.00175


class Run:
    retry_backoff_ms = 200  # subclasses measuring recovery use the shipping 1000
    office = ""             # more of the office ([[counter]], [[staff]]) for subclasses with other layouts

    def __init__(self, binary, baud, units, workdir, args):
        self.binary, self.baud, self.n, self.dir, self.args = binary, baud, units, Path(workdir), args
        self.keypads = max(2, units // 5)
        self.displays = units - self.keypads
        # display i -> counter (i % 6) + 1; keypads after the displays, one a counter.
        self.display_counter = {a: (a - 1) % COUNTERS + 1 for a in range(1, self.displays + 1)}
        self.keypad_addr = {c: self.displays + c for c in range(1, self.keypads + 1)}
        self.c1_addrs = sorted(a for a, c in self.display_counter.items() if c == 1)
        self.relay = self.peer = self.daemon = None

    # ---- set-up ------------------------------------------------------------
    def start(self):
        line_a, line_b = self.dir / "qmsd_end", self.dir / "peer_end"
        self.log_path = self.dir / "wire.log"
        self.relay = subprocess.Popen(
            [*self.args.rt, PYTHON, str(RELAY), "--baud", str(self.baud), "--a", str(line_a), "--b", str(line_b),
             "--log", str(self.log_path)], stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
        assert self.relay.stdout.readline().strip() == b"ready"
        self.wire = WireLog(self.log_path)
        self.peer = BaudPeer(self.dir, list(range(1, self.n + 1)), line_b, self.baud, self.args.rt).spawn()
        bus = "\n".join(["[[bus]]", 'id = "bench"', 'type = "modbus_rtu"', f'port = "{line_a}"',
                         f"baud = {self.baud}", f"response_timeout_ms = {RESPONSE_TIMEOUT_MS}", "byte_timeout_ms = 30",
                         "poll_interval_ms = 100", f"retry_backoff_ms = {self.retry_backoff_ms}"]) + "\n\n"
        devs = "".join(device_toml(f"disp{a}", "bench", a, "counter_display", counter=c, profile="dm_ascii",
                                   digits=DISPLAY_DIGITS) for a, c in self.display_counter.items())
        devs += "".join(device_toml(f"pad{c}", "bench", a, "keypad", counter=c, keys={"1": "next"})
                        for c, a in self.keypad_addr.items())
        self.daemon = Daemon(self.binary, self.dir / "qmsd", self.office + bus + devs)
        self.daemon.start()
        self.peer.wait_ready()
        self.daemon.wait_online([f"disp{a}" for a in self.display_counter] +
                                [f"pad{c}" for c in self.keypad_addr], timeout=20)
        d = self.daemon
        for c, staff in self.staff_at().items():
            d.open_counter(c, staff)
        for _ in range(self.args.calls + self.args.presses + 20):
            d.issue("ho_tich")
        return self

    def staff_at(self):
        """Who opens which counter."""
        return {c: f"nv0{c}" for c in range(1, COUNTERS + 1)}

    def stop(self):
        if self.daemon:
            try:
                self.daemon.stop()
            except AssertionError as e:
                print(e, file=sys.stderr)
        if self.peer:
            self.peer.stop()
        if self.relay:
            conftest.stop_process(self.relay)

    def busy_until(self, i):
        """When the transaction in flight before frame i was over, as the daemon saw it: its reply
        delivered, or (no reply) the response timeout run out after the request."""
        frames, f = self.wire.frames, self.wire.frames[i]
        for k in range(i - 1, -1, -1):
            g = frames[k]
            if g.dir == "b>a" and g.end <= f.written:
                return g.end
            if g.dir == "a>b":
                return min(f.written, g.end + RESPONSE_TIMEOUT_MS * 1_000_000)
        return 0

    def c1_display(self, text):
        """A frame writing `text` to one of counter 1's displays."""
        addrs = set(self.c1_addrs)
        return lambda f: f.dir == "a>b" and f.addr in addrs and f.display_text() == text

    # ---- (a) call -> frame on the wire ---------------------------------------
    def measure_calls(self):
        d, raw, overhead, from_reply, http = self.daemon, [], [], [], []
        for _ in range(self.args.calls):
            time.sleep(random.uniform(0.0, 0.03))  # land at random moments of the poll cycle
            self.wire.poll()
            mark = len(self.wire.frames)
            t_send = time.monotonic_ns()
            code = d.act(ADMIN, 1, "call-next")["ticket"]["code"]
            t_reply = time.monotonic_ns()
            i, f = self.wire.wait(self.c1_display(code.rjust(DISPLAY_DIGITS)[-DISPLAY_DIGITS:]), mark)
            busy_until = self.busy_until(i)
            raw.append((f.start - t_send) / 1e6)
            from_reply.append((f.start - t_reply) / 1e6)
            http.append((t_reply - t_send) / 1e6)
            overhead.append((f.written - max(t_send, busy_until)) / 1e6)
            d.act(ADMIN, 1, "no-show")
            # Let the blanking writes go out: each call then meets only the keypad polls.
            blank = " " * DISPLAY_DIGITS
            for a in self.c1_addrs:
                self.wire.wait(lambda g, a=a: g.dir == "a>b" and g.addr == a and g.display_text() == blank, i + 1)
        return raw, overhead, from_reply, http

    # ---- (b) keypad press -> number on the display ----------------------------
    def measure_presses(self):
        d, out = self.daemon, []
        pad = self.keypad_addr[1]
        shown = None
        for _ in range(self.args.presses):
            time.sleep(random.uniform(0.02, 0.15))  # at random moments of the poll cycle
            self.wire.poll()
            mark = len(self.wire.frames)
            before = (d.counter(1).get("ticket") or {}).get("code")
            blank = " " * DISPLAY_DIGITS
            t_press = time.monotonic_ns()
            self.peer.press(pad, 1)

            c1 = set(self.c1_addrs)
            old = before.rjust(DISPLAY_DIGITS)[-DISPLAY_DIGITS:] if before else None

            def new_number(f, c1=c1, old=old, t_press=t_press):
                text = f.display_text() if f.dir == "a>b" and f.addr in c1 else None
                return text is not None and text not in (blank, old) and f.written >= t_press
            _, f = self.wire.wait(new_number, mark)
            out.append((f.end - t_press) / 1e6)
            shown = f.display_text()
            now_code = d.counter(1)["ticket"]["code"]
            assert shown == now_code.rjust(DISPLAY_DIGITS)[-DISPLAY_DIGITS:], (shown, now_code)
        # The peer holds what the wire carried.
        conftest.wait_for(lambda: conftest.ascii_of(self.peer.get(self.c1_addrs[0], 0, DISPLAY_DIGITS)),
                          lambda v: v == shown, 3, "the display to hold the last number")
        return out

    # ---- (c) transactions per second under continuous display changes ------
    def measure_throughput(self):
        d = self.daemon
        if d.counter(1)["state"] in ("calling", "serving"):
            d.act(ADMIN, 1, "no-show")
        stop = threading.Event()

        def churn(counter):
            s = __import__("requests").Session()
            base = d.base + f"/api/v1/counters/{counter}/"
            hdr = {"Authorization": f"Bearer {ADMIN}"}
            while not stop.is_set():
                for action, body in (("pause", {"reason": "break"}), ("resume", {})):
                    s.post(base + action, json=body, headers=hdr, timeout=10)
                    time.sleep(0.04)  # ~12 changes a second a counter: more than the bus can carry
        threads = [threading.Thread(target=churn, args=(c,), daemon=True) for c in range(1, COUNTERS + 1)]
        for t in threads:
            t.start()
        time.sleep(1.0)  # the queues of pending writes fill
        t0 = time.monotonic_ns()
        time.sleep(self.args.load_seconds)
        t1 = time.monotonic_ns()
        stop.set()
        for t in threads:
            t.join()
        time.sleep(0.3)
        self.wire.poll()
        frames = [f for f in self.wire.frames if f.start >= t0 - 100_000_000]
        tx = []  # (request, reply)
        for i, f in enumerate(frames[:-1]):
            g = frames[i + 1]
            if f.dir == "a>b" and g.dir == "b>a" and t0 <= f.start and g.end <= t1:
                tx.append((f, g))
        self.wire.poll()
        unanswered = sum(1 for i, f in enumerate(self.wire.frames[:-1])
                         if f.dir == "a>b" and self.wire.frames[i + 1].dir == "a>b")
        char = 10.0 / self.baud
        ideal = [(len(q.data) + len(r.data)) * char + 2 * t35_s(self.baud) for q, r in tx]
        achieved = len(tx) / ((t1 - t0) / 1e9)
        limit = len(ideal) / sum(ideal) if ideal else float("nan")
        writes = sum(1 for q, _ in tx if q.fc == 0x10)
        # Silences: the peer's turnaround (request delivered -> reply starts) and
        # the daemon's (reply delivered -> next request starts).
        peer_gap = [(r.start - q.end) / 1e6 for q, r in tx]
        daemon_gap = [(tx[k + 1][0].start - tx[k][1].end) / 1e6 for k in range(len(tx) - 1)]
        return dict(achieved=achieved, limit=limit, ratio=achieved / limit if ideal else float("nan"),
                    writes=writes, polls=len(tx) - writes, peer_gap=statistics.median(peer_gap) if tx else 0,
                    daemon_gap=statistics.median(daemon_gap) if len(tx) > 1 else 0,
                    daemon_gap_min=min(daemon_gap) if daemon_gap else 0, unanswered=unanswered,
                    short_gaps=sum(1 for g in daemon_gap if g < t35_s(self.baud) * 1e3) / max(len(daemon_gap), 1),
                    requests=sum(1 for f in self.wire.frames if f.dir == "a>b"))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--qmsd", default=os.environ.get("QMSD_BINARY", str(SOURCE_DIR / "build" / "daemon" / "qmsd")))
    ap.add_argument("--bauds", default="9600,19200")
    ap.add_argument("--units", default="10,30")
    ap.add_argument("--calls", type=int, default=200)
    ap.add_argument("--presses", type=int, default=30)
    ap.add_argument("--load-seconds", type=float, default=4.0)
    ap.add_argument("--no-rt", action="store_true",
                    help="run the wire relay and the peer at normal priority (by default they run SCHED_FIFO "
                         "when allowed: they stand for a wire and hardware, which a busy CPU does not slow)")
    ap.add_argument("--keep", action="store_true", help="keep the work directories (wire logs, daemon logs)")
    args = ap.parse_args()
    args.rt = []
    if not args.no_rt and shutil.which("chrt") and subprocess.run(["chrt", "-f", "20", "true"]).returncode == 0:
        args.rt = ["chrt", "-f", "20"]
    args.qmsd = str(Path(args.qmsd).resolve())  # the daemon runs in its own directory
    for tool in ("socat",):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is not installed")
    rows = []
    began = time.monotonic()
    for baud in (int(b) for b in args.bauds.split(",")):
        for units in (int(u) for u in args.units.split(",")):
            work = tempfile.mkdtemp(prefix=f"qmsd-busbench-{baud}-{units}-")
            run = Run(args.qmsd, baud, units, work, args)
            try:
                phases = [time.monotonic()]
                run.start()
                phases.append(time.monotonic())
                raw, overhead, from_reply, http = run.measure_calls()
                phases.append(time.monotonic())
                presses = run.measure_presses()
                phases.append(time.monotonic())
                tp = run.measure_throughput()
                phases.append(time.monotonic())
            finally:
                run.stop()
                if not args.keep:
                    shutil.rmtree(work, ignore_errors=True)
                else:
                    print(f"kept {work}", file=sys.stderr)
            rows.append((baud, units, run.displays, run.keypads, raw, overhead, http, from_reply, presses, tp))
            took = " ".join(f"{n} {b - a:.0f} s" for n, a, b in zip(("start", "calls", "presses", "load"),
                                                                  phases, phases[1:]))
            print(f"  {baud} baud, {units} units done ({took}; {time.monotonic() - began:.0f} s in all)",
                  file=sys.stderr)

    print()
    print(f"qmsd Modbus RTU bus on a paced wire ({args.calls} calls, {args.presses} keypad presses, "
          f"{args.load_seconds:g} s of continuous display changes per row; times in ms)")
    print()
    head = (f"{'baud':>6} {'units':>5} {'disp':>4} {'keys':>4} | {'call->wire':>13} | {'daemon ovh':>11} | "
            f"{'call->reply':>11} | {'reply->wire':>13} | {'press->shown':>13} | {'tx/s':>5} {'limit':>5} {'ratio':>5} "
            f"{'wr/poll':>7} | {'gap peer':>8} {'daemon':>6}")
    print(head)
    print(f"{'':>24} | {'p50':>6} {'p99':>6} | {'p50':>5} {'p99':>5} | {'p50':>6} {'p99':>6} | "
          f"{'p50':>6} {'p99':>6} |")
    print("-" * len(head))
    for baud, units, nd, nk, raw, ovh, htp, frm, prs, tp in rows:
        print(f"{baud:>6} {units:>5} {nd:>4} {nk:>4} | {pct(raw, 50):6.2f} {pct(raw, 99):6.2f} | "
              f"{pct(ovh, 50):5.2f} {pct(ovh, 99):5.2f} | {pct(htp, 50):5.2f} {pct(htp, 99):5.2f} | "
              f"{pct(frm, 50):6.2f} {pct(frm, 99):6.2f} | "
              f"{pct(prs, 50):6.1f} {pct(prs, 99):6.1f} | {tp['achieved']:5.1f} {tp['limit']:5.1f} "
              f"{tp['ratio']:5.2f} {tp['writes']:>3}/{tp['polls']:<3} | {tp['peer_gap']:8.2f} "
              f"{tp['daemon_gap']:6.2f}")
    print()
    print("call->wire: POST call-next sent -> first byte of counter 1's display write on the wire.")
    print("daemon ovh: the same from the later of the call and the end of the transaction then in flight.")
    print("call->reply: the HTTP round trip of call-next (the engine, the SQLite commit).")
    print("reply->wire: from the HTTP reply (negative: the write began before the reply was read).")
    print("press->shown: keypad press counter bumped -> the new number delivered to counter 1's display.")
    print("tx/s: transactions in the window; limit = 1/(request + reply + 2 x t3.5) from their byte lengths;")
    print("      gaps (median ms): peer = request end -> reply start, daemon = reply end -> next request.")
    print("daemon gaps shorter than t3.5 (Modbus RTU wants 3.5 characters of silence between frames): " +
          ", ".join(f"{b}/{u}: {tp['short_gaps']:.0%} (min {tp['daemon_gap_min']:.2f} ms, t3.5 "
                    f"{t35_s(b) * 1e3:.2f} ms)" for b, u, *_, tp in rows))
    print("unanswered requests (the peer missed them; each costs the response timeout): " +
          ", ".join(f"{b}/{u}: {tp['unanswered']} of {tp['requests']}" for b, u, *_, tp in rows))


if __name__ == "__main__":
    main()
