#!/usr/bin/python3
"""How long after the hardware is back the displays show the latest call:
issue 12's recovery figures. Prints figures; asserts nothing.

  rtu   one Modbus RTU bus at 9600 baud through tools/sim/paced_relay.py, 10
        units (8 displays, 2 keypads): the relay and the units are killed (the
        USB adapter pulled: its port vanishes, the units lose power), counter 1
        calls a number a second for --rtu-outage seconds, then both come back
        (blank). Measured: the units answering again (the peer's control
        socket up) -> every one of counter 1's displays holding the latest call.
  tcp   the same units behind a Modbus TCP "gateway" (the pymodbus peer on
        127.0.0.1): killed with SIGKILL for --tcp-outage seconds, restarted on
        the same port.

With --baseline, that binary and --qmsd alternate, --rounds each, so both
meet the same machine. Shipping timings: retry_backoff_ms = 1000.

    tools/bench/bus/recovery_bench.py --qmsd build/daemon/qmsd [--baseline OLD_QMSD]
"""
import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bus_bench import RELAY, SOURCE_DIR, BaudPeer, Run  # noqa: E402  (its directory is sys.path[0])
import conftest  # noqa: E402
from conftest import ADMIN, Daemon, Peer, device_toml, free_tcp_port, wait_for  # noqa: E402

UNITS = 10


def c1_text(peer, addrs):
    return ["".join(map(chr, peer.get(a, 0, 4))) for a in addrs]


def keep_calling(d, seconds):
    code, end = None, time.monotonic() + seconds
    while time.monotonic() < end:
        if d.counter(1)["state"] != "idle":
            d.act(ADMIN, 1, "no-show")
        code = d.act(ADMIN, 1, "call-next")["ticket"]["code"]
        time.sleep(min(1.0, max(0.0, end - time.monotonic())))
    return code


def back_in(d, peer, addrs, code, since, limit=90):
    want = code.rjust(4)[-4:]
    wait_for(lambda: c1_text(peer, addrs), lambda ts: all(t == want for t in ts), limit,
             f"counter 1's displays {addrs} showing {code}", interval=0.02)
    return time.monotonic() - since


class RecoveryRun(Run):
    retry_backoff_ms = 1000

    def __init__(self, binary, workdir, args):
        args = argparse.Namespace(**vars(args))
        args.calls, args.presses = 60, 0
        super().__init__(binary, 9600, UNITS, workdir, args)

    def unplug(self):
        self.peer.stop()
        conftest.stop_process(self.relay)

    def replug(self):
        line_a, line_b = self.dir / "qmsd_end", self.dir / "peer_end"
        for link in (line_a, line_b):
            if link.is_symlink():
                link.unlink()
        self.relay = subprocess.Popen(
            [*self.args.rt, conftest.PYTHON, str(RELAY), "--baud", "9600", "--a", str(line_a), "--b", str(line_b)],
            stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
        assert self.relay.stdout.readline().strip() == b"ready"
        self.peer = BaudPeer(self.dir, list(range(1, UNITS + 1)), line_b, 9600, self.args.rt).spawn()
        self.peer.wait_ready()


def rtu_round(binary, args):
    work = tempfile.mkdtemp(prefix="qmsd-recovery-rtu-")
    run = RecoveryRun(binary, work, args)
    try:
        run.start()
        d = run.daemon
        run.unplug()
        wait_for(d.devices, lambda ds: not any(x["online"] for x in ds.values()), 10, "every unit offline")
        code = keep_calling(d, args.rtu_outage)
        run.replug()
        return back_in(d, run.peer, run.c1_addrs, code, time.monotonic())
    finally:
        run.stop()
        shutil.rmtree(work, ignore_errors=True)


def tcp_round(binary, args):
    work = Path(tempfile.mkdtemp(prefix="qmsd-recovery-tcp-"))
    sock = Path(tempfile.mkdtemp(prefix="qmsd-rb-"))
    port = free_tcp_port()
    displays = {a: (a - 1) % 6 + 1 for a in range(1, UNITS - 1)}
    peer = Peer(sock, list(range(1, UNITS + 1)), tcp=port, realtime=True)
    bus = "\n".join(["[[bus]]", 'id = "gw"', 'type = "modbus_tcp"', 'host = "127.0.0.1"', f"tcp_port = {port}",
                     "response_timeout_ms = 200", "poll_interval_ms = 100", "retry_backoff_ms = 1000"]) + "\n\n"
    devs = "".join(device_toml(f"disp{a}", "gw", a, "counter_display", counter=c, profile="dm_ascii", digits=4)
                   for a, c in displays.items())
    devs += "".join(device_toml(f"pad{k}", "gw", UNITS - 2 + k, "keypad", counter=k, keys={"1": "next"})
                    for k in (1, 2))
    d = Daemon(binary, work / "qmsd", bus + devs)
    try:
        peer.start()
        d.start()
        d.wait_online([f"disp{a}" for a in displays], timeout=20)
        d.open_counter(1, "nv01")
        for _ in range(60):
            d.issue("ho_tich")
        peer.stop(signal.SIGKILL)
        wait_for(d.devices, lambda ds: not any(x["online"] for x in ds.values()), 10, "every unit offline")
        code = keep_calling(d, args.tcp_outage)
        peer.start()
        c1 = [a for a, c in displays.items() if c == 1]
        return back_in(d, peer, c1, code, time.monotonic())
    finally:
        try:
            d.stop()
        except AssertionError as e:
            print(e, file=sys.stderr)
        peer.stop()
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(sock, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--qmsd", default=os.environ.get("QMSD_BINARY", str(SOURCE_DIR / "build" / "daemon" / "qmsd")))
    ap.add_argument("--baseline", help="another qmsd binary to alternate with")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--rtu-outage", type=float, default=34.0)
    ap.add_argument("--tcp-outage", type=float, default=10.0)
    ap.add_argument("--only", choices=["rtu", "tcp"])
    ap.add_argument("--no-rt", action="store_true")
    args = ap.parse_args()
    args.rt = []
    if not args.no_rt and shutil.which("chrt") and subprocess.run(["chrt", "-f", "20", "true"]).returncode == 0:
        args.rt = ["chrt", "-f", "20"]
    args.keep = False
    binaries = ([("baseline", str(Path(args.baseline).resolve()))] if args.baseline else []) + \
        [("this", str(Path(args.qmsd).resolve()))]
    results = {}
    for kind, fn in (("rtu", rtu_round), ("tcp", tcp_round)):
        if args.only not in (None, kind):
            continue
        for r in range(args.rounds):
            for label, binary in binaries:
                took = fn(binary, args)
                results.setdefault((kind, label), []).append(took)
                print(f"  {kind} round {r + 1} {label}: {took:.2f} s", file=sys.stderr)
    print(f"\nrecovery: units back -> counter 1's displays showing the latest call (s); retry_backoff_ms = 1000; "
          f"RTU outage {args.rtu_outage:g} s at 9600 baud, TCP outage {args.tcp_outage:g} s")
    for (kind, label), ts in results.items():
        print(f"{kind:>4} {label:>8}: " + " ".join(f"{t:6.2f}" for t in ts) +
              f"   median {statistics.median(ts):.2f}")


if __name__ == "__main__":
    main()
