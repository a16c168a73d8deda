# Spoken calls through the running daemon with [voice] on, playing through
# ALSA's "null" device (the real player, real time, no sound card needed):
# every call and recall is announced in order, one at a time, each offered to
# TV pages as a WAV of exactly the announced length; a backlog is cut.
import io
import json
import re
import time
import wave
from datetime import datetime

import websocket

from conftest import TOKENS

ANNOUNCING = re.compile(r"^(\S+ \S+) info \[voice\] announcing ticket=(\S+) counter=(\d+) recall=(\w+) ms=(\d+)")


def voice_office(daemon_factory, **settings):
    lines = "".join(f"{k} = {json.dumps(v)}\n" for k, v in settings.items())
    return daemon_factory(extra='\n[voice]\nenabled = true\ndevice = "null"\n' + lines)


def announcements(ws, n, timeout=60):
    got = []
    deadline = time.monotonic() + timeout
    while len(got) < n:
        ws.settimeout(max(0.1, deadline - time.monotonic()))
        m = json.loads(ws.recv())
        if m["type"] == "announcement":
            got.append(m)
    return got


def announced_in_log(d):
    """(start, ticket, counter, recall, ms) of each announcement the daemon started."""
    out = []
    for line in d.log.read_text(encoding="utf-8").splitlines():
        m = ANNOUNCING.match(line)
        if m:
            at = datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S.%f")
            out.append((at, m.group(2), int(m.group(3)), m.group(4) == "true", int(m.group(5))))
    return out


def test_calls_and_a_recall_are_spoken_in_order_one_at_a_time(daemon_factory):
    d = voice_office(daemon_factory)
    tv = websocket.create_connection(f"ws://127.0.0.1:{d.port}/api/v1/stream?token={TOKENS['display']}", timeout=5)
    assert json.loads(tv.recv())["type"] == "snapshot"
    one, two = d.login("nv01", 1), d.login("nv02", 2)
    first, second = d.issue("ho_tich"), d.issue("chung_thuc")
    assert one.post("/api/v1/counters/1/call-next").status_code == 200
    assert two.post("/api/v1/counters/2/call-next").status_code == 200
    assert one.post("/api/v1/counters/1/recall").status_code == 200

    got = announcements(tv, 3)
    assert [(a["ticket"], a["counter"], a["recall"]) for a in got] == [
        (first["code"], 1, False), (second["code"], 2, False), (first["code"], 1, True)]
    for a in got:
        assert a["text"].startswith("Mời công dân có số"), a["text"]
        assert "quầy số" in a["text"], a["text"]
        # The WAV a TV page plays is the announcement, to the sample.
        r = d.role("display").get(a["url"])
        assert r.status_code == 200 and r.headers["content-type"] == "audio/wav", r.headers
        with wave.open(io.BytesIO(r.content)) as w:
            ms = w.getnframes() * 1000 / w.getframerate()
        assert abs(ms - a["duration_ms"]) <= 1, (ms, a["duration_ms"])
        assert 1500 < a["duration_ms"] < 15000, a  # a chime and a sentence, not silence or minutes
    tv.close()

    # Never two at once: each starts after the one before has played out on the device.
    log = announced_in_log(d)
    assert [x[1] for x in log] == [a["ticket"] for a in got]
    for before, after in zip(log, log[1:]):
        gap_ms = (after[0] - before[0]).total_seconds() * 1000
        assert gap_ms >= before[4], f"{after[1]} started {gap_ms:.0f} ms after {before[1]}, which lasts {before[4]} ms"
    expect_kiosk = d.role("kiosk").get(got[0]["url"])
    assert expect_kiosk.status_code == 403  # TV pages and the leader only


def test_a_backlog_is_cut_not_read_out_for_minutes(daemon_factory):
    d = voice_office(daemon_factory, max_backlog=1)
    tv = websocket.create_connection(f"ws://127.0.0.1:{d.port}/api/v1/stream?token={TOKENS['display']}", timeout=5)
    assert json.loads(tv.recv())["type"] == "snapshot"
    staff = [d.login(f"nv0{n}", n) for n in (1, 3, 5, 6)]
    for field in ("ho_tich", "dat_dai", "kinh_doanh", "ldtbxh"):
        d.issue(field)
    for s, n in zip(staff, (1, 3, 5, 6)):  # four calls at once: one speaks, one waits, two are cut
        assert s.post(f"/api/v1/counters/{n}/call-next").status_code == 200
    got = announcements(tv, 2)
    tv.settimeout(got[1]["duration_ms"] / 1000 + 2)  # the second has played out, and nothing follows
    try:
        extra = json.loads(tv.recv())
        assert extra["type"] != "announcement", f"a third announcement of four with max_backlog = 1: {extra}"
    except websocket.WebSocketTimeoutException:
        pass
    tv.close()
    skipped = [l for l in d.log.read_text(encoding="utf-8").splitlines() if "announcement skipped" in l]
    assert len(skipped) == 2 and all("reason=backlog" in l for l in skipped), skipped
    assert got[0]["counter"] == 1  # the first call is the one spoken first
