#!/usr/bin/python3
"""Issue 12's bus figures, on one Modbus RTU bus at 9600 baud through
tools/sim/paced_relay.py, with Debian's pymodbus as the units. Prints figures;
asserts nothing. Two measurements:

  faults   Healthy displays' commit -> wire (p50/p99) in alternating rounds on one
           daemon: all healthy, one display of the called counter dead (muted),
           all healthy, the same display chattering (wrong CRC and noise after
           each reply), ... Each faulty round's p99 is divided by the mean p99
           of the healthy rounds on either side of it.
  load     30 calls a second for 40 s on 30 units, more than the bus can
           carry, in two layouts: "bench" (bus_bench's: 24 displays, 4 for each
           of 6 counters, and 6 keypads polled every 100 ms) and "counters" (30
           displays, one for each of 30 counters). Calls shown (their number
           written to at least one display of their counter) and missed,
           writes per display, and the longest any display lagged behind its
           counter. With --baseline, that binary and --qmsd alternate, --rounds
           each.

    tools/bench/bus/load_bench.py --qmsd build/daemon/qmsd [--baseline OLD_QMSD] [--only faults|load]
"""
import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bus_bench import DISPLAY_DIGITS, SOURCE_DIR, Run, pct  # its directory is sys.path[0]

import conftest  # noqa: E402  (bus_bench put the devices suite on sys.path)
from conftest import ADMIN, wait_for  # noqa: E402

FIELDS = ["ho_tich", "chung_thuc", "dat_dai", "xay_dung", "kinh_doanh", "ldtbxh"]
_office_config = conftest.office_config


def office_without_quotas(extra="", display=None):
    """The demo office without its daily quotas (40 land-use files a day would
    end the load after a few seconds)."""
    return re.sub(r"\ndaily_quota *= *\d+[^\n]*", "", _office_config(extra, display))


conftest.office_config = office_without_quotas


def code4(code):
    return code.rjust(DISPLAY_DIGITS)[-DISPLAY_DIGITS:]


class BenchRun(Run):
    """bus_bench's Run (relay, peer, daemon on one 9600-baud bus) with no
    tickets of its own: each measurement issues what it needs. With --rt-daemon
    the daemon's threads run SCHED_FIFO too, so a shared machine's compilers
    do not stand in for the bus's own delays."""

    retry_backoff_ms = 1000  # the shipping default: how often an offline unit is probed

    def __init__(self, binary, units, workdir, args):
        args = argparse.Namespace(**vars(args))
        args.calls, args.presses = 0, 0
        super().__init__(binary, 9600, units, workdir, args)

    def start(self):
        super().start()
        if self.args.rt_daemon and self.args.rt:
            subprocess.run(["chrt", "-f", "-a", "-p", "10", str(self.daemon.proc.pid)], check=True,
                           stdout=subprocess.DEVNULL)
        return self

    def healthy_displays(self, counter, but=()):
        return [a for a, c in self.display_counter.items() if c == counter and a not in but]

    def writes_after(self, mark, addrs, text):
        """Waits until each display in addrs got a write of `text` after frame `mark`; {addr: frame}."""
        out = {}
        for a in addrs:
            _, f = self.wire.wait(lambda g, a=a: g.dir == "a>b" and g.addr == a and g.display_text() == text, mark)
            out[a] = f
        return out


# ---- faults ----------------------------------------------------------------

def fault_round(run, mode, calls, faulty, healthy):
    """`calls` calls at counter 1; the call's reply (committed) -> first byte of each
    healthy display's write (ms; below 0 when the write began before the reply was read)."""
    d, peer = run.daemon, run.peer
    if mode == "dead":
        peer.mute(faulty)
    elif mode == "chatter":
        peer.garble(faulty)
    settled = healthy if mode != "healthy" else healthy + [faulty]
    out = []
    blank = " " * DISPLAY_DIGITS
    for _ in range(calls):
        time.sleep(random.uniform(0.0, 0.2))  # at random moments of the polls and the probes
        run.wire.poll()
        mark = len(run.wire.frames)
        code = d.act(ADMIN, 1, "call-next")["ticket"]["code"]
        t_reply = time.monotonic_ns()  # committed by then; the fsync before it is the disk's, not the bus's
        for f in run.writes_after(mark, healthy, code4(code)).values():
            out.append((f.start - t_reply) / 1e6)
        run.wire.poll()
        mark = len(run.wire.frames)
        d.act(ADMIN, 1, "no-show")
        run.writes_after(mark, settled, blank)
    if mode == "dead":
        peer.unmute(faulty)
    elif mode == "chatter":
        peer.ungarble(faulty)
    if mode != "healthy":  # back, with its state, before the next healthy round
        wait_for(lambda: d.device(f"disp{faulty}"), lambda x: x["online"] and not x["last_error"], 30,
                 f"disp{faulty} back after the {mode} round")
        wait_for(lambda: "".join(map(chr, peer.get(faulty, 0, DISPLAY_DIGITS))), lambda v: v == blank, 10,
                 f"disp{faulty} showing the current (blank) state")
    return out


def measure_faults(args):
    work = tempfile.mkdtemp(prefix="qmsd-faultbench-")
    run = BenchRun(args.qmsd, args.units, work, args)
    rows = []
    try:
        modes = ["healthy", "dead", "healthy", "chatter"] * args.rounds + ["healthy"]
        run.start()
        for _ in range(args.calls * len(modes)):
            run.daemon.issue("ho_tich")
        c1 = run.healthy_displays(1)
        faulty, healthy = c1[1], [a for a in c1 if a != c1[1]]
        for i, mode in enumerate(modes):
            t0 = time.monotonic()
            lat = fault_round(run, mode, args.calls, faulty, healthy)
            rows.append((mode, lat))
            print(f"  faults round {i + 1}/{len(modes)} {mode}: p99 {pct(lat, 99):.1f} ms "
                  f"({time.monotonic() - t0:.0f} s)", file=sys.stderr)
    finally:
        run.stop()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\nfaults: {args.units} units at 9600 baud, counter 1's displays {c1}; unit {faulty} dead or chattering,"
          f" healthy {healthy}; {args.calls} calls a round;\ncall-next's reply (committed) -> first byte of each healthy "
          f"display's write, ms (from the reply: this disk's fsync swings tenfold and is not the bus's)")
    print(f"{'round':>5} {'mode':>8} | {'p50':>6} {'p99':>6} {'max':>6} | {'p99 / healthy':>13}")
    ratios = {"dead": [], "chatter": []}
    for i, (mode, lat) in enumerate(rows):
        ratio = ""
        if mode != "healthy":
            around = statistics.mean(pct(rows[j][1], 99) for j in (i - 1, i + 1))
            ratios[mode].append(pct(lat, 99) / around)
            ratio = f"{ratios[mode][-1]:13.2f}"
        print(f"{i + 1:>5} {mode:>8} | {pct(lat, 50):6.1f} {pct(lat, 99):6.1f} {max(lat):6.1f} | {ratio}")
    healthy_p99 = [pct(lat, 99) for mode, lat in rows if mode == "healthy"]
    print(f"healthy p99: median {statistics.median(healthy_p99):.1f} ms, range {min(healthy_p99):.1f}-"
          f"{max(healthy_p99):.1f}")
    for mode, rs in ratios.items():
        print(f"{mode} p99 / healthy p99: median {statistics.median(rs):.2f}, range {min(rs):.2f}-{max(rs):.2f}")


# ---- load ------------------------------------------------------------------

class CountersRun(BenchRun):
    """30 displays, one for each of 30 counters (7..36), no keypads."""

    FIRST = 7
    FIELDS = ("ho_tich", "chung_thuc", "kinh_doanh", "ldtbxh")  # 999 numbers a field a day

    def __init__(self, binary, units, workdir, args):
        super().__init__(binary, units, workdir, args)
        self.keypads, self.displays = 0, units
        self.display_counter = {a: self.FIRST + a - 1 for a in range(1, units + 1)}
        self.keypad_addr = {}
        self.office = conftest.more_counters(self.FIRST, self.FIRST + units - 1, self.FIELDS)

    def staff_at(self):
        return {c: f"cb{c:02d}" for c in self.display_counter.values()}


def load_round(binary, args, label, layout):
    work = tempfile.mkdtemp(prefix="qmsd-loadbench-")
    run = (CountersRun if layout == "counters" else BenchRun)(binary, 30, work, args)
    try:
        run.start()
        counters = sorted(set(run.display_counter.values()))
        fields = CountersRun.FIELDS if layout == "counters" else FIELDS
        per_field = int(args.rate * args.load_seconds / len(fields) * 1.1) + 10 + len(counters)
        for field in fields:
            for _ in range(per_field):
                run.daemon.issue(field)
        calls, lock = [], threading.Lock()
        t_start = time.monotonic()

        def caller(counters, share):
            import requests
            s = requests.Session()
            hdr = {"Authorization": f"Bearer {ADMIN}"}
            k = 0
            while True:
                due = t_start + k * share / args.rate
                if due >= t_start + args.load_seconds:
                    return
                time.sleep(max(0.0, due - time.monotonic()))
                c = counters[k % len(counters)]
                base = f"{run.daemon.base}/api/v1/counters/{c}/"
                s.post(base + "no-show", json={}, headers=hdr, timeout=10)
                t_send = time.monotonic_ns()
                r = s.post(base + "call-next", json={}, headers=hdr, timeout=10)
                if r.status_code == 200:
                    with lock:
                        calls.append((t_send, c, r.json()["ticket"]["code"]))
                k += 1

        groups = [[c for c in counters if c % 3 == i] for i in range(3)]
        threads = [threading.Thread(target=caller, args=(g, 3)) for g in groups]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        t_end = time.monotonic_ns()
        time.sleep(0.5)
        run.wire.poll()
        writes = {a: [] for a in run.display_counter}
        for f in run.wire.frames:
            if f.dir == "a>b" and f.addr in writes and f.display_text() is not None and f.start >= calls[0][0]:
                writes[f.addr].append((f.start, f.display_text()))
        by_counter = {c: sorted((t, code4(code)) for t, cc, code in calls if cc == c) for c in counters}
        shown = 0
        for t, c, code in calls:
            addrs = [a for a, cc in run.display_counter.items() if cc == c]
            shown += any(s >= t and text == code4(code) for a in addrs for s, text in writes[a])
        lags = {}
        for a, c in run.display_counter.items():
            seq = by_counter[c]
            worst = 0.0
            for k, (t, _) in enumerate(seq):
                later = {text for _, text in seq[k:]}
                caught = next((s for s, text in writes[a] if s >= t and text in later), None)
                worst = max(worst, ((caught if caught is not None else t_end) - t) / 1e9)
            lags[a] = worst
        n_writes = {a: sum(1 for s, _ in w if s <= t_end) for a, w in writes.items()}
        return dict(label=label, layout=layout, calls=len(calls), rate=len(calls) / ((t_end - t_start * 1e9) / 1e9 or 1),
                    shown=shown, writes=n_writes, lags=lags)
    finally:
        run.stop()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


LAYOUTS = {
    "bench": "30 units: 24 displays (4 a counter over 6 counters) and 6 keypads polled every 100 ms",
    "counters": "30 units: 30 displays, one for each of 30 counters, no keypads",
}


def measure_load(args):
    binaries = [("baseline", args.baseline)] if args.baseline else []
    binaries.append(("this", args.qmsd))
    results = []
    for layout in args.layouts.split(","):
        for r in range(args.rounds):
            for label, binary in binaries:
                t0 = time.monotonic()
                res = load_round(binary, args, label, layout)
                results.append(res)
                w, lag = res["writes"], res["lags"]
                print(f"  load {layout} round {r + 1}/{args.rounds} {label}: {res['shown']} of {res['calls']} "
                      f"shown, writes a display {min(w.values())}-{max(w.values())}, longest lag "
                      f"{max(lag.values()):.1f} s ({time.monotonic() - t0:.0f} s)", file=sys.stderr)
    print(f"\nload at 9600 baud: {args.rate:g} calls/s for {args.load_seconds:g} s, round the counters")
    for layout in args.layouts.split(","):
        print(f"  {layout}: {LAYOUTS[layout]}")
    print(f"{'layout':>8} {'binary':>8} | {'calls':>5} {'/s':>5} | {'shown':>5} {'missed':>6} | "
          f"{'writes a display':>16} | {'longest lag (s)':>22}")
    print(f"{'':>8} {'':>8} | {'':>5} {'':>5} | {'':>5} {'':>6} | {'min':>5} {'max':>5} {'0':>4} | "
          f"{'median':>6} {'max':>6} {'disp':>6}")
    for res in results:
        w, lag = res["writes"], res["lags"]
        worst = max(lag, key=lag.get)
        print(f"{res['layout']:>8} {res['label']:>8} | {res['calls']:>5} {res['rate']:5.1f} | {res['shown']:>5} "
              f"{res['calls'] - res['shown']:>6} | {min(w.values()):>5} {max(w.values()):>5} "
              f"{sum(1 for v in w.values() if v == 0):>4} | {statistics.median(lag.values()):6.2f} "
              f"{lag[worst]:6.2f} {worst:>6}")
    print("shown: the call's number was written to at least one of its counter's displays; "
          "lag: how long a display went without showing its counter's latest call or a later one.")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--qmsd", default=os.environ.get("QMSD_BINARY", str(SOURCE_DIR / "build" / "daemon" / "qmsd")))
    ap.add_argument("--baseline", help="another qmsd binary to alternate with in the load rounds")
    ap.add_argument("--only", choices=["faults", "load"])
    ap.add_argument("--units", type=int, default=10, help="units on the bus in the fault rounds")
    ap.add_argument("--calls", type=int, default=100, help="calls a fault round")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--rate", type=float, default=30.0)
    ap.add_argument("--layouts", default="bench,counters", help="bench, counters, or both (see LAYOUTS)")
    ap.add_argument("--load-seconds", type=float, default=40.0)
    ap.add_argument("--no-rt", action="store_true", help="relay and peer at normal priority")
    ap.add_argument("--rt-daemon", action="store_true",
                    help="the daemon SCHED_FIFO too (below the relay and peer): on a loaded machine")
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    args.rt = []
    if not args.no_rt and shutil.which("chrt") and subprocess.run(["chrt", "-f", "20", "true"]).returncode == 0:
        args.rt = ["chrt", "-f", "20"]
    args.qmsd = str(Path(args.qmsd).resolve())
    if args.baseline:
        args.baseline = str(Path(args.baseline).resolve())
    if args.only in (None, "faults"):
        measure_faults(args)
    if args.only in (None, "load"):
        measure_load(args)


if __name__ == "__main__":
    main()
