# The demo's simulated ward day (`qmsd --simulate`) against a person trying
# the counter page's API: the simulation leaves the free counter alone, stops
# touching a counter the moment a person logs in there (even as the same staff
# member), and takes the desk back only after the person has logged out.
# The day runs 60 times faster so that a few seconds hold a morning's work;
# everything is awaited on the live stream, nothing is slept.
import json

import websocket

from conftest import PINS, TOKENS, Daemon

FREE_COUNTER = 4  # [demo] free_counters in config/demo-office.toml


def stream(d):
    ws = websocket.create_connection(f"ws://127.0.0.1:{d.port}/api/v1/stream?token={TOKENS['admin']}",
                                     timeout=10, skip_utf8_validation=True)
    snapshot = json.loads(ws.recv())
    assert snapshot["type"] == "snapshot"
    return ws, snapshot


def next_event(ws):
    while True:
        m = json.loads(ws.recv())
        if m["type"] == "event":
            return m["event"]


def test_simulated_staff_keep_off_the_counters_a_person_works(qmsd_binary, tmp_path):
    d = Daemon(qmsd_binary, tmp_path, args=["--sim-speed", "60"]).start()
    try:
        ws, snap = stream(d)
        counters = {c["number"]: c for c in snap["counters"]}
        # The simulation opens its desks at start-up; the free one stays closed.
        while not all(counters[n]["state"] != "closed" for n in (1, 2, 3, 5, 6)):
            e = next_event(ws)
            if e["kind"] == "counter_opened":
                counters[e["counter"]].update(state="idle", staff=e["staff"])
        assert counters[FREE_COUNTER]["state"] == "closed"
        sim_staff = counters[1]["staff"]

        # A person logs in at counter 1 as the simulated staff member already
        # there (the counter stays open under that name: no event), and at the
        # free counter as nv04.
        anon = d.anon
        r = anon.post("/api/v1/sessions", {"staff": sim_staff, "pin": PINS[sim_staff], "counter": 1})
        assert r.status_code == 201, r.text
        person1 = d.client(token=r.json()["token"])
        r = anon.post("/api/v1/sessions", {"staff": "nv04", "pin": PINS["nv04"], "counter": FREE_COUNTER})
        assert r.status_code == 201, r.text
        person4 = d.client(token=r.json()["token"])
        # Read after every commit submitted before the logins: the sequence from here on is theirs.
        since = anon.get("/api/v1/health").json()["seq"]

        elsewhere = 0
        while elsewhere < 40:
            e = next_event(ws)
            if e["seq"] <= since:
                continue
            simulated = (e["actor"] or "").startswith("sim:")
            assert not (simulated and e["counter"] in (1, FREE_COUNTER)), f"the simulation acted at a person's counter: {e}"
            elsewhere += simulated and e["counter"] not in (None, 1, FREE_COUNTER)

        # The person finishes what counter 1 had and logs out: a simulated
        # colleague takes the desk back (a few simulated minutes later).
        state = person1.get("/api/v1/counters/1").json()["counter"]["state"]
        action = {"calling": "no-show", "serving": "finish", "paused": "resume"}.get(state)
        if action:
            assert person1.post(f"/api/v1/counters/1/{action}").status_code == 200
        assert person1.delete("/api/v1/sessions/current").status_code == 204
        while True:
            e = next_event(ws)
            assert not (e["counter"] == FREE_COUNTER and (e["actor"] or "").startswith("sim:")), e
            if e["kind"] == "counter_opened" and e["counter"] == 1:
                assert e["actor"].startswith("sim:staff:"), e
                break
        # The person at counter 4 is still at work there, untouched.
        assert person4.get(f"/api/v1/counters/{FREE_COUNTER}").json()["counter"]["staff"] == "nv04"
        ws.close()
    finally:
        d.stop()
