# The one suite every counter-display profile passes, on RTU (a pty pair) and
# on TCP: shows the called number, blinks on a call and a recall where the
# profile can blink, goes offline when its unit stops answering and comes back
# showing the current state, and never holds up the other units on its bus.
import re
import subprocess
import time

import pytest

from conftest import expected, shown, wait_for

PROFILES = ["dm_ascii", "number", "qmsd_display"]
TRANSPORTS = ["rtu", "tcp"]

# Unit 1 shows counter 1, unit 2 counter 2; unit 9 (a keypad of counter 3)
# is muted from the start: present in the config, never answering.
MUTED_KEYPAD = 9


def displays(profile, with_absent=False):
    devs = [dict(dev_id="disp1", address=1, role="counter_display", counter=1, profile=profile),
            dict(dev_id="disp2", address=2, role="counter_display", counter=2, profile=profile)]
    if with_absent:
        devs.append(dict(dev_id="pad3", address=MUTED_KEYPAD, role="keypad", counter=3,
                         keys={"1": "call_next"}))
    return devs


@pytest.fixture(params=[(p, t) for t in TRANSPORTS for p in PROFILES], ids=lambda pt: f"{pt[0]}-{pt[1]}")
def bench(request, make_bench):
    profile, transport = request.param
    b = make_bench(transport, [1, 2], displays(profile))
    b.profile = profile
    b.daemon.wait_online(["disp1", "disp2"])
    return b


def display_of(b, unit):
    return lambda: shown(b.peer, unit, b.profile)


def wait_shows(b, unit, code, how="steady", timeout=3, what=None):
    want = expected(b.profile, code, how)
    return wait_for(display_of(b, unit), lambda v: v == want, timeout,
                    what or f"unit {unit} ({b.profile}) to show {want!r}")


def mbpoll_registers(port, unit, count=4):
    """A second, independent reader: mbpoll over Modbus TCP."""
    r = subprocess.run(["mbpoll", "-m", "tcp", "-a", str(unit), "-r", "0", "-0", "-t", "4", "-c", str(count),
                        "-1", "-o", "1", "-p", str(port), "127.0.0.1"],
                       capture_output=True, text=True, timeout=10)
    assert r.returncode == 0, f"mbpoll failed: {r.stdout}\n{r.stderr}"
    values = dict((int(i), int(v)) for i, v in re.findall(r"^\[(\d+)\]:\s+(-?\d+)", r.stdout, re.M))
    assert sorted(values) == list(range(count)), r.stdout
    return [values[i] & 0xFFFF for i in range(count)]


def test_shows_the_called_number_and_blinks_on_call_and_recall(bench):
    b, d = bench, bench.daemon
    # Closed counters show a blank display.
    wait_shows(b, 1, "")
    wait_shows(b, 2, "")
    token = d.open_counter(1, "nv01")
    d.issue("ho_tich")
    d.issue("ho_tich")
    t0 = time.monotonic()
    ticket = d.act(token, 1, "call-next")["ticket"]
    assert ticket["code"] == "A001"
    wait_shows(b, 1, "A001", "called", timeout=1.0, what="the called number within a bus cycle or so")
    landed = time.monotonic() - t0
    assert landed < 1.0, f"A001 took {landed:.2f} s to reach the display"
    assert shown(b.peer, 2, b.profile) == expected(b.profile, ""), "counter 2's display must not change"
    if b.transport == "tcp":
        regs = mbpoll_registers(b.tcp_port, 1)
        if b.profile == "number":
            assert regs[0] == 1, f"mbpoll read {regs}"
        else:
            assert "".join(map(chr, regs)) == "A001", f"mbpoll read {regs}"

    if b.profile == "qmsd_display":
        # The display has blinked its five times and settled (as the unit would).
        b.peer.set(1, 16, 0, 0)
        assert shown(b.peer, 1, b.profile) == ("A001", 0, 0)
    assert d.act(token, 1, "recall")["ticket"]["recalls"] == 1
    # Where the profile can blink, a recall blinks again: the same command as
    # the call, so it must be sent again even though it equals the last one.
    wait_shows(b, 1, "A001", "called", what="the recall to blink unit 1 again")

    # Serving: steady; finished: blank; the next call blinks again.
    d.act(token, 1, "start")
    wait_shows(b, 1, "A001", "steady")
    d.act(token, 1, "finish")
    wait_shows(b, 1, "")
    d.act(token, 1, "call-next")
    wait_shows(b, 1, "A002", "called")
    if b.transport == "tcp" and b.profile != "number":
        assert "".join(map(chr, mbpoll_registers(b.tcp_port, 1))) == "A002"


def test_offline_when_muted_and_back_with_the_current_state(bench):
    b, d = bench, bench.daemon
    stream = d.stream()
    token = d.open_counter(1, "nv01")
    for _ in range(3):
        d.issue("ho_tich")
    d.act(token, 1, "call-next")
    wait_shows(b, 1, "A001", "called")

    b.peer.mute(1)
    # A change the unit cannot take: the driver notices it is gone.
    d.act(token, 1, "no-show")
    d.act(token, 1, "call-next")  # A002
    dev = wait_for(lambda: d.device("disp1"), lambda x: not x["online"], 3, "disp1 offline in GET /devices")
    assert dev["last_error"] and "timeout" in dev["last_error"], dev
    assert dev["timeouts"] >= 1, dev
    msgs = wait_for(lambda: stream.devices("disp1"), lambda ms: any(not m["online"] for m in ms), 3,
                    'a {"type":"device"} message saying disp1 is offline')
    off = next(m for m in msgs if not m["online"])
    assert off["last_error"] and off["bus"] == "bus1" and off["counter"] == 1, off
    assert d.device("disp2")["online"], "the other unit stays online"

    # More happens while it is away; the unit still shows the old call.
    d.act(token, 1, "start")  # A002, now steady
    assert shown(b.peer, 1, b.profile) == expected(b.profile, "A001", "called")

    b.peer.unmute(1)
    wait_shows(b, 1, "A002", "steady", timeout=5, what="the current state (A002, steady) after unmute")
    wait_for(lambda: d.device("disp1"), lambda x: x["online"] and not x["last_error"], 3, "disp1 online again")
    wait_for(lambda: stream.devices("disp1"), lambda ms: ms and ms[-1]["online"], 3,
             'a {"type":"device"} message saying disp1 is back')
    assert d.counter(1)["ticket"]["code"] == "A002"


@pytest.mark.parametrize("transport", TRANSPORTS)
@pytest.mark.parametrize("profile", PROFILES)
def test_offline_units_do_not_block_others(make_bench, profile, transport):
    b = make_bench(transport, [1, 2, MUTED_KEYPAD], displays(profile, with_absent=True), muted=[MUTED_KEYPAD])
    b.profile = profile
    d = b.daemon
    d.wait_online(["disp1", "disp2"])
    wait_for(lambda: d.device("pad3"), lambda x: not x["online"] and x["timeouts"] >= 1, 3,
             "the absent keypad reported offline")
    t1 = d.open_counter(1, "nv01")
    t2 = d.open_counter(2, "nv02")
    for _ in range(3):
        d.issue("ho_tich")
    for _ in range(6):
        d.issue("chung_thuc")
    d.act(t1, 1, "call-next")
    wait_shows(b, 1, "A001", "called")

    # Counter 1's unit goes silent with a change pending: it is retried (with
    # back-off) while counter 2 keeps calling.
    b.peer.mute(1)
    d.act(t1, 1, "no-show")
    d.act(t1, 1, "call-next")
    ignored_before = b.peer.ignored(1) + b.peer.ignored(MUTED_KEYPAD)
    started = time.monotonic()
    worst = 0.0
    for _ in range(5):
        code = d.act(t2, 2, "call-next")["ticket"]["code"]
        t0 = time.monotonic()
        wait_shows(b, 2, code, "called", timeout=2.0)
        worst = max(worst, time.monotonic() - t0)
        d.act(t2, 2, "no-show")
        time.sleep(0.15)  # spread the calls over the muted unit's retries
    window = time.monotonic() - started
    ignored = b.peer.ignored(1) + b.peer.ignored(MUTED_KEYPAD) - ignored_before
    assert ignored >= 3, f"the silent units should have been tried during the {window:.1f} s window ({ignored} tries)"
    assert worst < 1.0, f"a call took {worst:.2f} s to reach counter 2's display while other units were silent"
    dev1 = d.device("disp1")
    assert not dev1["online"] and dev1["timeouts"] >= 2, dev1
    assert shown(b.peer, 1, b.profile) == expected(b.profile, "A001", "called"), "the muted unit got nothing"


@pytest.mark.xfail(strict=True, reason="GAP: displays are only written on a change and never probed, so a "
                   "display that goes silent while nothing changes stays online in GET /devices")
def test_a_silent_idle_display_is_noticed(make_bench):
    b = make_bench("tcp", [1, 2], displays("dm_ascii"))
    b.daemon.wait_online(["disp1", "disp2"])
    b.peer.mute(1)
    wait_for(lambda: b.daemon.device("disp1"), lambda x: not x["online"], 3, "disp1 offline without a change")
