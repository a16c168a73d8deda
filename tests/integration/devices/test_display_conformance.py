# The one suite every counter display passes: the Modbus profiles on RTU (a
# pty pair) and on TCP, and the serial families (01..07 and FF 68, with
# tools/sim/devsim.py on the line, decoded by serial_peer.py): shows the called
# number, blinks on a call and a recall where the display can blink, goes
# offline when it is lost (a Modbus unit that stops answering; a serial line
# that is unplugged, as write-only displays cannot be heard) and comes back
# showing the current state, and never holds up the other units on its bus.
import re
import subprocess
import time

import pytest

import conftest
import serial_peer
from conftest import bench_maker, wait_for
from serial_peer import FAMILIES, SerialBench

PROFILES = ["dm_ascii", "number", "qmsd_display"]
TRANSPORTS = ["rtu", "tcp"]
# (profile or family, transport): every display the suite covers.
CASES = [(p, t) for t in TRANSPORTS for p in PROFILES] + [(f, "serial") for f in FAMILIES]

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


@pytest.fixture
def make_serial_bench(qmsd_binary, tmp_path, sockdir):
    def build(n, family, devices, muted=()):
        return SerialBench(qmsd_binary, tmp_path / f"qmsd{n}", sockdir, family, devices, muted)

    yield from bench_maker(build)


def make_any(request, profile, transport, units, devices, muted=()):
    if transport == "serial":
        return request.getfixturevalue("make_serial_bench")(profile, devices, muted)
    b = request.getfixturevalue("make_bench")(transport, units, devices, muted)
    b.profile = profile
    return b


@pytest.fixture(params=CASES, ids=lambda pt: f"{pt[0]}-{pt[1]}")
def bench(request):
    profile, transport = request.param
    b = make_any(request, profile, transport, [1, 2], displays(profile))
    b.daemon.wait_online(["disp1", "disp2"])
    return b


def shown(b, unit):
    if b.transport == "serial":
        return b.peer.shown(unit)
    return conftest.shown(b.peer, unit, b.profile)


def expected(b, code, how="steady"):
    if b.transport == "serial":
        return serial_peer.expected(b.profile, code, how)
    return conftest.expected(b.profile, code, how)


def blinks_over(b, unit):
    """The unit has blinked its five times and settles, as the hardware would;
    False where the display cannot blink."""
    if b.profile == "qmsd_display":
        b.peer.set(unit, 16, 0, 0)
        return True
    if b.profile == "rs485_0107":
        b.peer.settle(unit)
        return True
    return False


def lose(b, unit):
    """A Modbus unit stops answering; a serial line (whose displays never answer) is unplugged."""
    if b.transport == "serial":
        b.unplug()
    else:
        b.peer.mute(unit)


def bring_back(b, unit):
    if b.transport == "serial":
        b.replug()
    else:
        b.peer.unmute(unit)


def display_of(b, unit):
    return lambda: shown(b, unit)


def wait_shows(b, unit, code, how="steady", timeout=3, what=None):
    want = expected(b, code, how)
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
    assert shown(b, 2) == expected(b, ""), "counter 2's display must not change"
    if b.profile == "caller_ff68":
        # The keypad's display also shows how many wait for the counter: 2 issued, 1 called.
        assert b.peer.waiting_shown(1) == "  1", b.peer.decoded().state
    if b.transport == "tcp":
        regs = mbpoll_registers(b.tcp_port, 1)
        if b.profile == "number":
            assert regs[0] == 1, f"mbpoll read {regs}"
        else:
            assert "".join(map(chr, regs)) == "A001", f"mbpoll read {regs}"

    if blinks_over(b, 1):
        assert shown(b, 1) == expected(b, "A001", "steady")
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
    if b.profile == "caller_ff68":
        assert b.peer.waiting_shown(1) == "  0", b.peer.decoded().state
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

    lose(b, 1)
    # A change the unit cannot take: the driver notices it is gone.
    d.act(token, 1, "no-show")
    d.act(token, 1, "call-next")  # A002
    dev = wait_for(lambda: d.device("disp1"), lambda x: not x["online"], 3, "disp1 offline in GET /devices")
    if b.transport == "serial":
        assert dev["last_error"] and dev["bus"] == "bus1", dev
    else:
        assert dev["last_error"] and "timeout" in dev["last_error"], dev
        assert dev["timeouts"] >= 1, dev
    msgs = wait_for(lambda: stream.devices("disp1"), lambda ms: any(not m["online"] for m in ms), 3,
                    'a {"type":"device"} message saying disp1 is offline')
    off = next(m for m in msgs if not m["online"])
    assert off["last_error"] and off["bus"] == "bus1" and off["counter"] == 1, off
    if b.transport == "serial":
        # The whole line went: its other display is reported lost too.
        wait_for(lambda: d.device("disp2"), lambda x: not x["online"], 3, "disp2 offline with its line")
    else:
        assert d.device("disp2")["online"], "the other unit stays online"

    # More happens while it is away; the unit still shows the old call.
    d.act(token, 1, "start")  # A002, now steady
    assert shown(b, 1) == expected(b, "A001", "called")

    bring_back(b, 1)
    wait_shows(b, 1, "A002", "steady", timeout=5, what="the current state (A002, steady) after unmute")
    wait_for(lambda: d.device("disp1"), lambda x: x["online"] and not x["last_error"], 3, "disp1 online again")
    wait_for(lambda: stream.devices("disp1"), lambda ms: ms and ms[-1]["online"], 3,
             'a {"type":"device"} message saying disp1 is back')
    assert d.counter(1)["ticket"]["code"] == "A002"


@pytest.mark.parametrize("profile,transport", CASES)
def test_offline_units_do_not_block_others(request, profile, transport):
    b = make_any(request, profile, transport, [1, 2, MUTED_KEYPAD], displays(profile, with_absent=True),
                 muted=[MUTED_KEYPAD])
    d = b.daemon
    serial = transport == "serial"
    d.wait_online(["disp1", "disp2"])
    if not serial:  # a serial keypad speaks only when pressed: a silent one is not absent
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

    # Counter 1's unit goes silent with a change pending: it is retried (in
    # the offline probe slot) while counter 2 keeps calling.
    b.peer.mute(1)
    d.act(t1, 1, "no-show")
    d.act(t1, 1, "call-next")
    ignored_before = 0 if serial else b.peer.ignored(1) + b.peer.ignored(MUTED_KEYPAD)
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
    if serial:
        # Write-only displays: the daemon sends the deaf unit its new state and never waits for it.
        sent = b.peer.decoded().deaf.get(1, 0)
        assert sent >= 1, f"counter 1's new state should have been sent to the deaf unit ({sent} frames)"
    else:
        # Still looked for, at the offline probe slot's pace (a few per second
        # at most: test_recovery.py checks they are back within seconds).
        ignored = b.peer.ignored(1) + b.peer.ignored(MUTED_KEYPAD) - ignored_before
        assert ignored >= 1, \
            f"the silent units should have been tried during the {window:.1f} s window ({ignored} tries)"
    assert worst < 1.0, f"a call took {worst:.2f} s to reach counter 2's display while other units were silent"
    if not serial:
        dev1 = d.device("disp1")
        assert not dev1["online"] and dev1["timeouts"] >= 2, dev1
    assert shown(b, 1) == expected(b, "A001", "called"), "the muted unit got nothing"


def test_a_silent_idle_display_is_noticed(make_bench):
    b = make_bench("tcp", [1, 2], displays("dm_ascii"))
    b.daemon.wait_online(["disp1", "disp2"])
    b.peer.mute(1)
    wait_for(lambda: b.daemon.device("disp1"), lambda x: not x["online"], 3, "disp1 offline without a change")
