#!/usr/bin/python3
"""The demo as a new user sees it: started fresh and left alone, do queues
form and clear, and does the dashboard ever flag a field with nobody waiting
and a predicted wait under its target? Prints figures; asserts nothing.

    tools/bench/demo/demo_flags.py [--qmsd build/daemon/qmsd] [--speed 1] [--seconds 900] [--every 10]

qmsd runs on tools/demo.sh's copy of the demo office (open all day, no
cut-off) with `--simulate --sim-speed SPEED`; every EVERY seconds the
leader's /api/v1/stats/fields is read. Per field it prints the most waiting,
how often its queue cleared (waiting back to 0 after people waited), the
polls flagged "watch" and "need_staff", and the polls that broke the rule
"nobody waiting and a predicted wait under target is never need_staff"
(with what the dashboard said then).
"""
import argparse
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import requests  # Debian's python3-requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import demo_daemon  # noqa: E402  (tools/bench/demo_daemon.py)

SOURCE_DIR = Path(__file__).resolve().parents[3]
LEADER_TOKEN = "demo-leader-token-0001"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--qmsd", default=str(SOURCE_DIR / "build" / "daemon" / "qmsd"))
    ap.add_argument("--speed", type=float, default=1.0)
    ap.add_argument("--seconds", type=float, default=900)
    ap.add_argument("--every", type=float, default=10)
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="qmsd-demo-flags-"))
    try:
        proc, port, log_path = demo_daemon.start(args.qmsd, tmp, args.speed)
        try:
            s = requests.Session()
            s.headers["Authorization"] = f"Bearer {LEADER_TOKEN}"
            stats = {}
            broken = []
            polls = 0
            start = time.monotonic()
            while time.monotonic() - start < args.seconds:
                time.sleep(args.every)
                r = s.get(f"http://127.0.0.1:{port}/api/v1/stats/fields", timeout=10)
                r.raise_for_status()
                polls += 1
                at = time.monotonic() - start
                for f in r.json()["fields"]:
                    st = stats.setdefault(f["id"], dict(name=f["name"], most=0, cleared=0, was=0, watch=0, need=0))
                    w = f["waiting"]
                    st["most"] = max(st["most"], w)
                    st["cleared"] += st["was"] > 0 and w == 0
                    st["was"] = w
                    st["watch"] += f["flag"] == "watch"
                    st["need"] += f["flag"] == "need_staff"
                    est = f["estimated_wait_minutes"]
                    if f["flag"] == "need_staff" and w == 0 and (est is None or est < f["target_wait_minutes"]):
                        broken.append(f"  {at:5.0f} s {f['id']}: waiting 0, estimate {est}, target "
                                      f"{f['target_wait_minutes']}, reason: {f['flag_reason_vi']}")
            issued = sum(1 for _ in re.finditer(r"ticket_issued ", log_path.read_text(errors="replace")))
        finally:
            proc.terminate()
            proc.wait(timeout=20)
        print(f"demo x{args.speed:g}, {args.seconds:.0f} s, {polls} polls of /stats/fields, {issued} tickets issued")
        print(f"  {'field':<14} {'most waiting':>12} {'cleared':>8} {'watch':>6} {'need_staff':>10}")
        for fid, st in stats.items():
            print(f"  {fid:<14} {st['most']:>12} {st['cleared']:>8} {st['watch']:>6} {st['need']:>10}")
        print(f"  need_staff with nobody waiting and a wait under target: {len(broken)}")
        for line in broken:
            print(line)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
