# `tools/demo.sh --city` as a user runs it (README): the demo office, a local
# PostgreSQL and qmsd-city come up together, the office's simulated day
# reaches the city's view, and stopping the demo stops the centre too.
import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import requests

from qmsd_daemon import wait_until

REPO = Path(__file__).resolve().parents[3]


def test_demo_with_the_city_view(binaries, tmp_path):
    build = Path(binaries["qmsd"]).resolve().parents[1]
    data = tmp_path / "demo"
    out = open(tmp_path / "demo.out", "w+")
    env = dict(os.environ, QMSD_DEMO_BUILT="1", QMSD_BUILD_DIR=str(build))
    demo = subprocess.Popen([str(REPO / "tools" / "demo.sh"), "--city", "--fast", "--port", "0", "--data", str(data)],
                            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        def links():
            text = (tmp_path / "demo.out").read_text(errors="replace")
            city = re.search(r"city\s+(http://127\.0\.0\.1:(\d+)/city\.html#token=(\S+))", text)
            if demo.poll() is not None:
                raise AssertionError(f"demo.sh exited {demo.returncode}:\n{text[-3000:]}")
            return city
        m = wait_until("the demo's city link", links, 240, interval=0.5)
        base, token = f"http://127.0.0.1:{m.group(2)}", m.group(3)
        auth = {"Authorization": f"Bearer {token}"}
        page = requests.get(f"{base}/city.html", timeout=10)
        assert page.status_code == 200 and "<html" in page.text.lower()

        # The simulated day ships: the office appears, named as its config
        # names it, with events held at the centre and a live view.
        def shipped():
            r = requests.get(f"{base}/api/v1/offices", headers=auth, timeout=10)
            assert r.status_code == 200, r.text
            office = next((o for o in r.json()["offices"] if o["id"] == "q1-ben-nghe"), None)
            return office if office and office["shipped_seq"] > 0 and office.get("live") else None
        office = wait_until("the demo office at the centre", shipped, 120, interval=0.5)
        assert "Bến Nghé" in office["name"], office["name"]
        first = office["shipped_seq"]

        # More of the day arrives (the simulation runs ×10).
        def grew():
            r = requests.get(f"{base}/api/v1/offices/q1-ben-nghe", headers=auth, timeout=10).json()
            o = r.get("office", r)
            return o if o["shipped_seq"] > first else None
        wait_until("more events at the centre", grew, 120, interval=0.5)
    finally:
        if demo.poll() is None:
            os.killpg(demo.pid, signal.SIGINT)
            try:
                demo.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(demo.pid, signal.SIGKILL)
                demo.wait()
        out.close()
    # The demo stopped its PostgreSQL and qmsd-city with it.
    text = (tmp_path / "demo.out").read_text(errors="replace")
    pg_dir = re.search(r"PostgreSQL in (\S+)", text).group(1)
    deadline = time.monotonic() + 30
    while (Path(pg_dir) / "data" / "postmaster.pid").exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not (Path(pg_dir) / "data" / "postmaster.pid").exists(), "the demo's PostgreSQL still runs"
    shutil.rmtree(pg_dir, ignore_errors=True)  # as root it lives in /var/tmp
