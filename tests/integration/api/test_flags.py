# The live staffing flags end to end: the analytics see a queue their counters
# cannot serve within the target, raise the field's flag with its reason, and
# the change is in the event log, on the live stream and in /stats/fields.
import json
import time

import websocket

from conftest import TOKENS


def test_a_staffing_flag_is_raised_logged_streamed_and_shown(daemon_factory):
    d = daemon_factory(flag_check_seconds=1)
    leader = d.role("leader")
    ws = websocket.create_connection(f"ws://127.0.0.1:{d.port}/api/v1/stream?token={TOKENS['leader']}", timeout=5)
    assert json.loads(ws.recv())["type"] == "snapshot"
    d.login("nv01", 1)  # one counter for Hộ tịch
    for _ in range(8):  # about (8+1)·10 min / 1 counter: far past the 15-minute target
        d.issue("ho_tich")

    flag = None
    deadline = time.monotonic() + 20
    while flag is None and time.monotonic() < deadline:
        events = leader.get("/api/v1/events", params={"kind": "flag_changed"}).json()["events"]
        flag = next((e for e in events if e["field"] == "ho_tich"), None)
        time.sleep(0.2)
    assert flag is not None, "no flag_changed event for ho_tich within 20 s"
    assert flag["code"] in ("watch", "need_staff") and flag["actor"] == "system:analytics", flag
    assert flag["reason"].startswith("Hộ tịch"), flag["reason"]  # why, in Vietnamese

    seen = None
    ws.settimeout(10)
    while seen is None:
        m = json.loads(ws.recv())
        if m["type"] == "event" and m["event"]["kind"] == "flag_changed":
            seen = m["event"]
    assert seen["seq"] == flag["seq"] and seen["code"] == flag["code"]
    ws.close()

    stats = {f["id"]: f for f in leader.get("/api/v1/stats/fields").json()["fields"]}
    latest = [e for e in leader.get("/api/v1/events", params={"kind": "flag_changed"}).json()["events"]
              if e["field"] == "ho_tich"][-1]  # it may have gone from watch to need_staff since
    assert stats["ho_tich"]["flag"] in ("watch", "need_staff") and latest["code"] in ("watch", "need_staff")
    assert stats["ho_tich"]["flag_reason_vi"], stats["ho_tich"]
    assert stats["chung_thuc"]["flag"] == "ok"  # nobody waits there
