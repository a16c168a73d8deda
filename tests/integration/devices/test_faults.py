# What goes wrong on real buses: the USB adapter unplugged (socat killed under
# a running bus), the TCP gateway dying, and a chattering line (random bytes
# written into both ends of the pty pair while the bus runs). The daemon keeps
# serving its API, reports the units offline with a useful error, reopens the
# link by itself and brings every display back to the current state.
import os
import random
import signal
import threading
import time

from conftest import expected, shown, wait_for

DISP1, DISP2, KEYPAD = 1, 2, 3
PROFILE = "qmsd_display"


def fault_bench(make_bench, transport):
    b = make_bench(transport, [DISP1, DISP2, KEYPAD], [
        dict(dev_id="disp1", address=DISP1, role="counter_display", counter=1, profile=PROFILE),
        dict(dev_id="disp2", address=DISP2, role="counter_display", counter=2, profile=PROFILE),
        dict(dev_id="pad1", address=KEYPAD, role="keypad", counter=1, keys={"1": "call_next", "5": "next"}),
    ])
    b.daemon.wait_online(["disp1", "disp2", "pad1"])
    return b


def both_counters_calling(b):
    d = b.daemon
    t1, t2 = d.open_counter(1, "nv01"), d.open_counter(2, "nv02")
    # Calls go to the longest wait: B001 first, to counter 2; then only A tickets wait.
    d.issue("chung_thuc")
    assert d.act(t2, 2, "call-next")["ticket"]["code"] == "B001"
    for _ in range(4):
        d.issue("ho_tich")
    assert d.act(t1, 1, "call-next")["ticket"]["code"] == "A001"
    wait_shows(b, DISP1, "A001", "called")
    wait_shows(b, DISP2, "B001", "called")
    return t1, t2


def one_calling_one_serving(make_bench, transport):
    """Counter 1 calling A001, counter 2 serving B001 (its display steady),
    and the bus settled: the state a fault then strikes."""
    b = fault_bench(make_bench, transport)
    t1, t2 = both_counters_calling(b)
    b.daemon.act(t2, 2, "start")
    wait_shows(b, DISP2, "B001", "steady")
    settled(b)
    return b, t1


def wait_shows(b, unit, code, how, timeout=3, what=None):
    want = expected(PROFILE, code, how)
    return wait_for(lambda: shown(b.peer, unit, PROFILE), lambda v: v == want, timeout,
                    what or f"unit {unit} to show {want}")


def settled(b):
    """Every write so far has been answered: the bus has moved on to polling
    the keypad again (one request in flight per bus)."""
    n = b.peer.requests(KEYPAD)
    wait_for(lambda: b.peer.requests(KEYPAD), lambda m: m >= n + 2, 3, "the keypad polled again")


def all_offline(d, ids, needle):
    return wait_for(d.devices, lambda ds: all(not ds[i]["online"] and needle in (ds[i]["last_error"] or "")
                                              for i in ids), 5, f"{ids} offline with an error naming {needle!r}")


def test_unplugged_adapter_comes_back_by_itself(make_bench):
    b, t1 = one_calling_one_serving(make_bench, "rtu")
    d = b.daemon

    # Unplug: the pty the daemon holds disappears, and with it the units
    # (their registers are lost: they come back blank, as after a power cut).
    b.pty.stop()
    b.peer.stop()
    port = str(b.pty.daemon_end)
    devs = all_offline(d, ["disp1", "disp2", "pad1"], port)
    assert "offline id=disp1" in d.log_text() and port in d.log_text()

    # The API keeps serving, and the office keeps working.
    assert d.running()
    d.act(t1, 1, "start")
    d.act(t1, 1, "finish")
    assert d.act(t1, 1, "call-next")["ticket"]["code"] == "A002"
    # (Counter 2 stays as it was: only a resend on reconnect restores its display.)

    # Plug back in, same names: the bus reopens after its back-off and every
    # display gets the current state, the changed one and the unchanged one.
    b.pty.start()
    b.peer.start()
    wait_shows(b, DISP1, "A002", "called", timeout=10, what="counter 1's current call after the replug")
    wait_shows(b, DISP2, "B001", "steady", timeout=3, what="counter 2's current state after the replug")
    d.wait_online(["disp1", "disp2", "pad1"], timeout=5)
    # And the keypad works again.
    b.peer.press(KEYPAD, 5)
    wait_for(lambda: d.counter(1)["ticket"]["code"], lambda c: c == "A003", 3, "A003 called from the keypad")
    wait_shows(b, DISP1, "A003", "called")
    assert devs["disp1"]["last_error"].startswith(port), devs["disp1"]


def test_dead_tcp_gateway_comes_back_with_state(make_bench):
    b, t1 = one_calling_one_serving(make_bench, "tcp")
    d = b.daemon

    b.peer.stop(signal.SIGKILL)
    all_offline(d, ["disp1", "disp2", "pad1"], "127.0.0.1")
    assert d.running()
    d.act(t1, 1, "no-show")
    assert d.act(t1, 1, "call-next")["ticket"]["code"] == "A002"
    # Counter 2 does not change: its display comes back only by the reconnect's resend.
    # The reconnect attempts name the gateway and its port.
    wait_for(lambda: d.device("disp1")["last_error"] or "", lambda e: f"127.0.0.1:{b.tcp_port}" in e, 5,
             "an error naming the gateway's address and port")

    b.peer.start()  # the same port, fresh (blank) registers
    wait_shows(b, DISP1, "A002", "called", timeout=10, what="counter 1's current call after the gateway came back")
    wait_shows(b, DISP2, "B001", "steady", timeout=3)
    d.wait_online(["disp1", "disp2", "pad1"], timeout=5)


class Noise:
    """A chattering line: random bursts written into both ends of the pty pair
    (towards the daemon, and towards the units) from another process's fds."""

    def __init__(self, pty, seed=1234):
        self.paths = [pty.daemon_end, pty.peer_end]
        self.rng = random.Random(seed)
        self.stop_flag = threading.Event()
        self.bursts = 0
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        fds = [os.open(p, os.O_WRONLY | os.O_NOCTTY | os.O_NONBLOCK) for p in self.paths]
        try:
            while not self.stop_flag.is_set():
                fd = self.rng.choice(fds)
                burst = bytes(self.rng.randrange(256) for _ in range(self.rng.randrange(1, 24)))
                try:
                    os.write(fd, burst)
                    self.bursts += 1
                except BlockingIOError:
                    pass
                self.stop_flag.wait(self.rng.uniform(0.005, 0.04))
        finally:
            for fd in fds:
                os.close(fd)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop_flag.set()
        self.thread.join(5)


def test_garbage_on_the_line_is_counted_and_the_display_converges(make_bench):
    b = fault_bench(make_bench, "rtu")
    d = b.daemon
    t1, t2 = both_counters_calling(b)
    before = d.devices()
    with Noise(b.pty) as noise:
        deadline = time.monotonic() + 2.5
        codes = []
        while time.monotonic() < deadline:
            d.act(t1, 1, "no-show")
            codes.append(d.act(t1, 1, "call-next")["ticket"]["code"])
            d.issue("ho_tich")
            time.sleep(0.2)
    assert noise.bursts > 20
    assert d.running(), d.log_tail()

    def errors(ds):
        return sum(ds[i]["bad_frames"] + ds[i]["timeouts"] for i in ds)

    wait_for(d.devices, lambda ds: errors(ds) > errors(before), 5, "bad frames or timeouts counted")
    # Quiet again: the display converges to the current call...
    wait_shows(b, DISP1, codes[-1], "called", timeout=5, what=f"the last call {codes[-1]} after the noise")
    wait_shows(b, DISP2, "B001", "called", timeout=3)
    d.wait_online(["disp1", "disp2", "pad1"], timeout=5)
    # ...and the bus is in step: new calls land promptly, the keypad works.
    for _ in range(3):
        d.act(t1, 1, "no-show")
        code = d.act(t1, 1, "call-next")["ticket"]["code"]
        t0 = time.monotonic()
        wait_shows(b, DISP1, code, "called", timeout=2)
        assert time.monotonic() - t0 < 1.0, "a call after the noise took too long"
    d.issue("ho_tich")
    b.peer.press(KEYPAD, 5)
    wait_for(lambda: d.events("ticket_called")[-1]["actor"], lambda a: a == "keypad:pad1", 3,
             "a call from the keypad after the noise")
