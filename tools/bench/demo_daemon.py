"""qmsd on tools/demo.sh's copy of the demo office (open all day, no cut-off)
with the simulated ward day, for the benchmarks that watch the demo
(tools/bench/voice/voice_lag.py, tools/bench/demo/demo_flags.py)."""
import re
import subprocess
import sys
import time
from pathlib import Path

SOURCE_DIR = Path(__file__).resolve().parents[2]


def office_config(extra: str = "") -> str:
    text = (SOURCE_DIR / "config" / "demo-office.toml").read_text(encoding="utf-8")
    text = re.sub(r"\n(mon|tue|wed|thu|fri|sat|sun)( *)= [^\n]*", r'\n\1\2= ["00:00-24:00"]', text)
    text = re.sub(r"\ncutoff_minutes *= *\d+", "\ncutoff_minutes = 0", text)
    text = re.sub(r"\nclosed_dates = \[[^\]]*\]", "", text)
    return text + extra


def start(qmsd: str, directory: Path, speed: float, extra: str = ""):
    """Starts qmsd --sim-speed SPEED in `directory`; returns (process, port, log path).
    Exits the benchmark, with the log's tail, if qmsd does not come up."""
    (directory / "office.toml").write_text(office_config(extra), encoding="utf-8")
    log_path = directory / "qmsd.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([qmsd, "--config", str(directory / "office.toml"), "--data-dir",
                                 str(directory / "data"), "--port", "0", "--sim-speed", str(speed)],
                                stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        m = re.search(r"listening address=\S+ port=(\d+)", log_path.read_text(errors="replace"))
        if m:
            return proc, int(m.group(1)), log_path
        if proc.poll() is not None:
            sys.exit("qmsd exited:\n" + log_path.read_text(errors="replace")[-2000:])
        time.sleep(0.05)
    proc.kill()
    sys.exit("qmsd did not start listening")
