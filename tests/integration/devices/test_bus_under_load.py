# One RS-485 bus at 9600 baud (tools/sim/paced_relay.py: bytes take their real
# time) under more display changes than it can carry, and with one unit dead
# or chattering. What a person would notice: a display that lags far behind
# the others, or calls at healthy counters held up by a broken unit.
import threading
import time

import requests

from conftest import ADMIN, more_counters, wait_for

UNITS = 30
CALLS_PER_S = 30
LOAD_S = 6.0
CALLERS = 3  # HTTP clients making the calls, each for every third counter
FIRST = 7  # counters 7..36, added to the demo office, all serving ho_tich: display n shows counter FIRST + n - 1


def staff_of(counter):
    return f"cb{counter:02d}"  # conftest.more_counters' staff


def text_of(values):
    return "".join(chr(v) for v in values)


def code4(code):
    return code.rjust(4)[-4:]


def test_every_display_keeps_up_under_load(make_bench):
    """30 calls a second over 30 counters, one display each: more changes than
    a 9600-baud bus can write. Every display must keep being updated, none
    left behind the others, and all show their latest call once it calms."""
    b = make_bench("paced", list(range(1, UNITS + 1)),
                   [dict(dev_id=f"disp{n}", address=n, role="counter_display", counter=FIRST + n - 1,
                         profile="dm_ascii") for n in range(1, UNITS + 1)],
                   office=more_counters(FIRST, FIRST + UNITS - 1))
    d = b.daemon
    d.wait_online([f"disp{n}" for n in range(1, UNITS + 1)], timeout=20)
    for n in range(1, UNITS + 1):
        d.open_counter(FIRST + n - 1, staff_of(FIRST + n - 1))
    total = UNITS + int(CALLS_PER_S * LOAD_S) + 30
    for _ in range(total):
        d.issue("ho_tich")
    latest = {n: d.act(ADMIN, FIRST + n - 1, "call-next")["ticket"]["code"] for n in range(1, UNITS + 1)}
    for n in range(1, UNITS + 1):
        wait_for(lambda n=n: text_of(b.peer.get(n, 0, 4)), lambda v, n=n: v == code4(latest[n]), 10,
                 f"display {n} to show {latest[n]} before the load")

    calls = []  # (monotonic_ns when committed, counter, code)
    lock = threading.Lock()
    t_start = time.monotonic()

    def caller(counters):
        s = requests.Session()
        hdr = {"Authorization": f"Bearer {ADMIN}"}
        k = 0
        while True:
            due = t_start + k * CALLERS / CALLS_PER_S  # the callers share the rate
            if due >= t_start + LOAD_S:
                return
            time.sleep(max(0.0, due - time.monotonic()))
            n = counters[k % len(counters)]
            c = FIRST + n - 1
            s.post(f"{d.base}/api/v1/counters/{c}/no-show", json={}, headers=hdr, timeout=10)
            r = s.post(f"{d.base}/api/v1/counters/{c}/call-next", json={}, headers=hdr, timeout=10)
            assert r.status_code == 200, r.text
            with lock:
                calls.append((time.monotonic_ns(), n, r.json()["ticket"]["code"]))
            k += 1

    threads = [threading.Thread(target=caller, args=(list(range(i, UNITS + 1, CALLERS)),))
               for i in range(1, CALLERS + 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    t_end = time.monotonic_ns()
    for _, n, code in sorted(calls):
        latest[n] = code

    # Once the calls stop, every display shows its counter's latest call.
    for n in range(1, UNITS + 1):
        wait_for(lambda n=n: text_of(b.peer.get(n, 0, 4)), lambda v, n=n: v == code4(latest[n]), 5,
                 f"display {n} to show its latest call {latest[n]} after the load")

    load_start = int(t_start * 1e9)
    history = {n: [(t, text_of(v)) for t, _, v in b.peer.history(n) if load_start <= t <= t_end]
               for n in range(1, UNITS + 1)}
    writes = {n: len(h) for n, h in history.items()}
    shown = sum(1 for t, n, code in calls if any(w >= t and text == code4(code) for w, text in history[n]))
    rate = len(calls) / LOAD_S
    print(f"\n{len(calls)} calls ({rate:.1f}/s): {shown} shown, {len(calls) - shown} replaced before being "
          f"written; writes a display in {LOAD_S:g} s: min {min(writes.values())} max {max(writes.values())}")
    starved = sorted(n for n, w in writes.items() if w < max(2, max(writes.values()) / 3))
    assert not starved, f"displays left behind while the others were updated: {starved} (writes: {writes})"


def two_displays_at_counter_one(make_bench, **timing):
    """Counter 1 has displays at addresses 1 and 2; counter 2 one at 3."""
    b = make_bench("paced", [1, 2, 3], [
        dict(dev_id="c1a", address=1, role="counter_display", counter=1, profile="dm_ascii"),
        dict(dev_id="c1b", address=2, role="counter_display", counter=1, profile="dm_ascii"),
        dict(dev_id="c2", address=3, role="counter_display", counter=2, profile="dm_ascii"),
    ], timing=timing)
    d = b.daemon
    d.wait_online(["c1a", "c1b", "c2"])
    d.open_counter(1, "nv01")
    for _ in range(20):
        d.issue("ho_tich")
    return b


def calls_past_a_broken_unit(b, calls=8):
    """Calls at counter 1; for each, the requests its broken display (unit 1)
    got between the call and the healthy one (unit 2) being written, and how
    long the bus stayed with unit 1 after the last of them (seconds)."""
    d = b.daemon
    out = []
    for _ in range(calls):
        if d.counter(1)["state"] != "idle":
            d.act(ADMIN, 1, "no-show")
        t0 = time.monotonic_ns()
        code = d.act(ADMIN, 1, "call-next")["ticket"]["code"]
        written = wait_for(lambda: [t for t, _, v in b.peer.history(2) if t >= t0 and text_of(v) == code4(code)],
                           bool, 5, f"the healthy display to get {code}")[0]
        asks = [t for t in b.peer.asked(1) if t0 <= t <= written]
        out.append((code, len(asks), (written - asks[-1]) / 1e9 if asks else 0.0))
        time.sleep(0.3)
    return out


def test_a_dead_unit_is_not_tried_twice_before_the_others(make_bench):
    b = two_displays_at_counter_one(make_bench, response_timeout_ms=500)
    b.peer.mute(1)
    seen = calls_past_a_broken_unit(b)
    print("\n(call, tries of the dead unit before the healthy one, s)", seen)
    assert all(n <= 1 for _, n, _ in seen), f"the dead unit was tried again before the healthy one: {seen}"
    assert not b.daemon.device("c1a")["online"]
    healthy = b.daemon.devices()
    assert healthy["c1b"]["online"] and healthy["c2"]["online"], healthy


def test_a_chattering_unit_does_not_hold_up_or_harm_its_neighbours(make_bench):
    # A long response timeout: waiting it out after a garbled reply would show.
    # The noise after the reply crosses the paced pty relay, which on a loaded
    # two-core machine can pause longer than the rig's 30 ms byte timeout: the
    # drain then ended before the noise came and c2's reply met it (seen once
    # with the web suites' Chromium running alongside). 100 ms covers the
    # relay's pauses; waiting on the chattering unit still must stay < 0.5 s.
    b = two_displays_at_counter_one(make_bench, response_timeout_ms=1000, byte_timeout_ms=100)
    d = b.daemon
    before = d.devices()
    b.peer.garble(1)
    seen = calls_past_a_broken_unit(b)
    print("\n(call, tries of the chattering unit before the healthy one, s after the last)", seen)
    assert all(n <= 1 for _, n, _ in seen), f"the chattering unit was tried again before the healthy one: {seen}"
    assert all(s < 0.5 for _, _, s in seen), f"the bus waited on the chattering unit: {seen}"
    devs = d.devices()
    assert not devs["c1a"]["online"] and "bad CRC" in devs["c1a"]["last_error"], devs["c1a"]
    for healthy in ("c1b", "c2"):
        errors = devs[healthy]["bad_frames"] + devs[healthy]["timeouts"]
        assert errors == before[healthy]["bad_frames"] + before[healthy]["timeouts"], \
            f"{healthy} was blamed for the chatter: {devs[healthy]}"
    # Repaired: it shows the current call again.
    b.peer.ungarble(1)
    code = d.counter(1)["ticket"]["code"]
    wait_for(lambda: text_of(b.peer.get(1, 0, 4)), lambda v: v == code4(code), 5, f"unit 1 showing {code} again")
