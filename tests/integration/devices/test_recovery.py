# Coming back: a USB adapter replugged after a long unplug, a TCP gateway
# restarted, one display gone from the line for a while, a gateway that says
# the unit behind it does not answer (exceptions 0x0A/0x0B), and a unit that
# refuses writes for a while. Each must show the latest state within seconds
# of being able to, get that state written once, and leave a log that names it.
#
# These run on the shipping retry_backoff_ms (1 s): with a doubling back-off,
# an outage of several seconds was noticed up to twice as late as it ended.
import signal
import time

from conftest import wait_for
from serial_peer import SerialBench
from serial_peer import expected as serial_expected

DISP1, DISP2, KEYPAD = 1, 2, 3
PROFILE = "dm_ascii"
RECOVERY_S = 5.0  # the goal: the latest state shown within 5 s of the hardware being back
OUTAGE_S = 16.0   # a doubling back-off (1, 2, 4, 8, 16 s) then looks again only 15 s later


def recovery_bench(make_bench, transport, **timing):
    b = make_bench(transport, [DISP1, DISP2, KEYPAD], [
        dict(dev_id="disp1", address=DISP1, role="counter_display", counter=1, profile=PROFILE),
        dict(dev_id="disp2", address=DISP2, role="counter_display", counter=2, profile=PROFILE),
        dict(dev_id="pad1", address=KEYPAD, role="keypad", counter=1, keys={"1": "call_next"}),
    ], timing=dict(dict(retry_backoff_ms=1000), **timing))
    b.daemon.wait_online(["disp1", "disp2", "pad1"])
    return b


def text_on(b, unit):
    return "".join(map(chr, b.peer.get(unit, 0, 4)))


def wait_text(b, unit, code, timeout=3, what=None):
    want = code.rjust(4)[-4:]
    return wait_for(lambda: text_on(b, unit), lambda v: v == want, timeout, what or f"unit {unit} to show {want!r}")


def start_office(b):
    """Counter 1 calling A001, counter 2 serving B001; plenty of A tickets waiting."""
    d = b.daemon
    t1, t2 = d.open_counter(1, "nv01"), d.open_counter(2, "nv02")
    d.issue("chung_thuc")
    assert d.act(t2, 2, "call-next")["ticket"]["code"] == "B001"
    d.act(t2, 2, "start")
    for _ in range(30):
        d.issue("ho_tich")
    assert d.act(t1, 1, "call-next")["ticket"]["code"] == "A001"
    wait_text(b, DISP1, "A001")
    wait_text(b, DISP2, "B001")
    return t1


def keep_calling(d, token, seconds):
    """Counter 1 keeps calling (one number a second) through an outage; returns the last number."""
    code = None
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        d.act(token, 1, "no-show")
        code = d.act(token, 1, "call-next")["ticket"]["code"]
        time.sleep(min(1.0, max(0.0, end - time.monotonic())))
    return code


def recovered_in(b, since, code, what):
    """Seconds from `since` until both displays show the current state."""
    wait_text(b, DISP1, code, timeout=RECOVERY_S, what=f"{what}: counter 1's latest call {code} within {RECOVERY_S} s")
    took = time.monotonic() - since
    wait_text(b, DISP2, "B001", timeout=max(0.1, RECOVERY_S - took), what=f"{what}: counter 2's state")
    took = time.monotonic() - since
    b.daemon.wait_online(["disp1", "disp2", "pad1"], timeout=max(0.1, RECOVERY_S - took))
    print(f"{what}: the latest state shown {took:.2f} s after the hardware was back")
    return took


def test_rtu_adapter_replugged_after_a_long_unplug(make_bench):
    b = recovery_bench(make_bench, "rtu")
    d = b.daemon
    token = start_office(b)
    b.pty.stop()  # the USB adapter pulled out: its port disappears, the units lose power
    b.peer.stop()
    wait_for(d.devices, lambda ds: not any(ds[i]["online"] for i in ds), 5, "every unit offline")
    code = keep_calling(d, token, OUTAGE_S)
    b.pty.start()
    b.peer.start()  # the units power up blank
    took = recovered_in(b, time.monotonic(), code, "RTU adapter replugged")
    assert took < RECOVERY_S


def test_tcp_gateway_restarted(make_bench):
    b = recovery_bench(make_bench, "tcp")
    d = b.daemon
    token = start_office(b)
    b.peer.stop(signal.SIGKILL)
    wait_for(d.devices, lambda ds: not any(ds[i]["online"] for i in ds), 5, "every unit offline")
    code = keep_calling(d, token, OUTAGE_S)
    b.peer.start()  # the same port, blank registers
    took = recovered_in(b, time.monotonic(), code, "TCP gateway restarted")
    assert took < RECOVERY_S


def test_one_display_back_after_a_while_gets_its_state_once(make_bench):
    b = recovery_bench(make_bench, "rtu", probe_interval_ms=300)
    d = b.daemon
    token = start_office(b)
    disp2 = d.device("disp2")
    b.peer.mute(DISP1)  # unplugged from the daisy chain; the rest of the line works on
    wait_for(lambda: d.device("disp1"), lambda x: not x["online"], 5, "disp1 offline")
    code = keep_calling(d, token, OUTAGE_S)
    assert text_on(b, DISP1) == "A001"
    writes = b.peer.writes(DISP1)
    b.peer.unmute(DISP1)
    back = time.monotonic()
    wait_text(b, DISP1, code, timeout=RECOVERY_S, what=f"disp1 back: the latest call {code} within {RECOVERY_S} s")
    print(f"one display back: the latest state shown {time.monotonic() - back:.2f} s after it answered again")
    wait_for(lambda: d.device("disp1"), lambda x: x["online"] and not x["last_error"], 3, "disp1 online")
    # Several read-backs later (probe_interval_ms = 300), the state went out once.
    asked = len(b.peer.asked(DISP1))
    wait_for(lambda: len(b.peer.asked(DISP1)), lambda n: n >= asked + 3, 5, "disp1 read back a few times")
    assert b.peer.writes(DISP1) == writes + 1, b.peer.history(DISP1)[-3:]
    assert d.device("disp2")["timeouts"] == disp2["timeouts"], "the other display did not suffer for disp1"


def test_gateway_says_the_unit_does_not_answer(make_bench):
    b = recovery_bench(make_bench, "tcp", retry_backoff_ms=200)
    d = b.daemon
    token = start_office(b)
    # The gateway is reachable, the RS-485 units behind it are not.
    b.peer.gateway(DISP1, 0x0B)
    b.peer.gateway(DISP2, 0x0A)
    d.act(token, 1, "no-show")
    code = d.act(token, 1, "call-next")["ticket"]["code"]
    devs = wait_for(d.devices, lambda ds: not ds["disp1"]["online"] and not ds["disp2"]["online"], 5,
                    "units behind the gateway reported offline")
    assert devs["disp1"]["last_error"] == "gateway: the target unit did not answer (exception 0x0B)", devs["disp1"]
    assert devs["disp2"]["last_error"] == "gateway: no path to the target unit (exception 0x0A)", devs["disp2"]
    assert devs["pad1"]["online"], devs["pad1"]
    assert "Unknown error" not in d.log_text()
    assert "device offline id=disp1" in d.log_text()
    b.peer.accept(DISP1)
    b.peer.accept(DISP2)
    wait_text(b, DISP1, code, timeout=RECOVERY_S, what="disp1's latest call once the gateway reaches it")
    d.wait_online(["disp1", "disp2"], timeout=3)


def test_refused_writes_are_logged_and_sent_again_once_accepted(make_bench):
    b = recovery_bench(make_bench, "rtu", retry_backoff_ms=200)
    d = b.daemon
    token = start_office(b)
    b.peer.refuse(DISP1, 6)  # "slave device busy": it answers, and does not take the write
    for _ in range(12):
        d.act(token, 1, "no-show")
        code = d.act(token, 1, "call-next")["ticket"]["code"]
    dev = wait_for(lambda: d.device("disp1"), lambda x: "busy" in (x["last_error"] or ""), 3,
                   "disp1's refusal in GET /devices")
    assert dev["online"], "a unit that answers, even to refuse, is there"
    assert dev["last_error"] == "register 0 refused: exception 0x06: slave device busy", dev
    assert text_on(b, DISP1) == "A001"
    # Logged, naming the unit and the exception; not once a refusal.
    line = 'device refused a write id=disp1 bus=bus1 error="register 0 refused: exception 0x06: slave device busy"'
    wait_for(d.log_text, lambda t: line in t, 3, "the refusal logged")
    asked = len(b.peer.asked(DISP1))
    wait_for(lambda: len(b.peer.asked(DISP1)), lambda n: n >= asked + 3, 5, "disp1 asked again a few times")
    assert d.log_text().count("device refused a write id=disp1") == 1, d.log_tail()
    # It takes writes again: it gets the latest call, without a new change to carry it.
    b.peer.accept(DISP1)
    wait_text(b, DISP1, code, timeout=3, what=f"the refused state ({code}) sent again once disp1 accepts")
    wait_for(lambda: d.device("disp1"), lambda x: x["online"] and not x["last_error"], 3, "disp1's error cleared")


def test_serial_line_replugged_after_a_long_unplug(qmsd_binary, tmp_path, sockdir):
    """The 01..07 family's bus (write-only displays) reopens its port as often."""
    b = SerialBench(qmsd_binary, tmp_path / "serial", sockdir, "rs485_0107",
                    [dict(dev_id="disp1", address=1, role="counter_display", counter=1)])
    try:
        b.start()
        d = b.daemon
        d.wait_online(["disp1"])
        token = d.open_counter(1, "nv01")
        for _ in range(30):
            d.issue("ho_tich")
        d.act(token, 1, "call-next")
        wait_for(lambda: b.peer.shown(1)[0], lambda t: t == serial_expected("rs485_0107", "A001")[0], 3,
                 "A001 on the serial display")
        b.unplug()
        wait_for(lambda: d.device("disp1"), lambda x: not x["online"], 5, "disp1 offline with its line")
        # retry_backoff_ms = 200 here: a doubling back-off looked at 12.6 s, then at 25.4 s.
        code = keep_calling(d, token, 13.0)
        b.replug()
        back = time.monotonic()
        want = serial_expected("rs485_0107", code)[0]
        wait_for(lambda: b.peer.shown(1)[0], lambda t: t == want, RECOVERY_S,
                 f"the latest call {code} on the serial display within {RECOVERY_S} s of the replug")
        print(f"serial line replugged: the latest state shown {time.monotonic() - back:.2f} s after")
        d.wait_online(["disp1"], timeout=3)
    finally:
        errors = b.teardown()
    assert not errors, errors
