#!/usr/bin/python3
"""How far the spoken call lags the board, under the demo's simulated ward
day. Prints figures; asserts nothing.

    tools/bench/voice/voice_lag.py [--qmsd build/daemon/qmsd] [--runs 1:900,10:300]

Each run starts qmsd on a copy of the demo office (open all day) with
`--simulate --sim-speed S`, [voice] on ALSA's null device (which takes the
samples at once; the daemon then waits out each announcement's length, as it
does for a real card, because the TV pages play it too), and follows the live
stream as a TV does (websocket-client, display token). For every call or
recall on the stream it notes when the event arrived (the moment the boards
and the TV show it) and when its announcement started (the stream's
"announcement" message), and prints:

  lag              announcement start - event arrival: median, p90, max
  voice busy       share of the run the voice was speaking (+ the pause)
  not spoken       calls never announced, by the daemon's reason: outdated
                   (the ticket moved on before its turn: started, transferred…),
                   superseded (the counter's newer call), backlog, stale

A run is "S:SECONDS" of real time; the simulated day runs S times faster, so
S = 10 puts ten times a ward's calling rate on the voice (a stress, not a
ward).
"""
import argparse
import json
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import websocket  # Debian's python3-websocket (websocket-client)

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import demo_daemon  # noqa: E402  (tools/bench/demo_daemon.py)

SOURCE_DIR = Path(__file__).resolve().parents[3]
DISPLAY_TOKEN = "demo-display-token-0001"


def percentile(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p * (len(s) - 1))))]


def run(qmsd: str, speed: float, seconds: float) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="qmsd-voice-lag-"))
    try:
        proc, port, log_path = demo_daemon.start(qmsd, tmp, speed, '\n[voice]\nenabled = true\ndevice = "null"\n')
        try:
            shown, spoken, durations = {}, {}, []
            ws = websocket.create_connection(f"ws://127.0.0.1:{port}/api/v1/stream?token={DISPLAY_TOKEN}", timeout=2)
            start = time.monotonic()
            while time.monotonic() - start < seconds:
                try:
                    msg = json.loads(ws.recv())
                except websocket.WebSocketTimeoutException:
                    continue
                now = time.monotonic()
                if msg.get("type") == "event" and msg["event"]["kind"] in ("ticket_called", "ticket_recalled"):
                    shown[msg["seq"]] = now
                elif msg.get("type") == "announcement":
                    spoken[msg["event_seq"]] = now
                    durations.append(msg["duration_ms"] / 1000)
            elapsed = time.monotonic() - start
            ws.close()
        finally:
            proc.terminate()
            proc.wait(timeout=20)
        text = log_path.read_text(errors="replace")
        reasons = {}
        for m in re.finditer(r"announcement (?:skipped|withdrawn): .* reason=(\w+)", text):
            reasons[m.group(1)] = reasons.get(m.group(1), 0) + 1
        lags = [spoken[s] - shown[s] for s in shown if s in spoken]
        busy = (sum(durations) + 0.7 * len(durations)) / elapsed if elapsed else 0
        print(f"speed x{speed:g}, {elapsed:.0f} s: {len(shown)} calls shown ({len(shown) / elapsed * 60:.1f}/min), "
              f"{len(lags)} spoken, mean announcement {statistics.mean(durations) if durations else 0:.2f} s, "
              f"voice busy {busy:.0%}")
        if lags:
            print(f"  lag board -> voice: median {statistics.median(lags):.2f} s, p90 {percentile(lags, 0.9):.2f} s, "
                  f"max {max(lags):.2f} s")
        print(f"  not spoken: {len(shown) - len(lags)} "
              f"({', '.join(f'{k} {v}' for k, v in sorted(reasons.items())) or 'none'})")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--qmsd", default=str(SOURCE_DIR / "build" / "daemon" / "qmsd"))
    ap.add_argument("--runs", default="1:900,10:300", help="speed:seconds,… (default 1:900,10:300)")
    args = ap.parse_args()
    for item in args.runs.split(","):
        speed, seconds = item.split(":")
        run(args.qmsd, float(speed), float(seconds))


if __name__ == "__main__":
    main()
