# The event log (paged) and the live stream (--follow) as a user sees them.
import json
import os
import select
import signal
import time

from conftest import LEADER


class Lines:
    """Reads a child's pipe line by line with a deadline."""

    def __init__(self, pipe):
        self.fd = pipe.fileno()
        self.buffer = b""

    def next(self, timeout=10):
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            assert left > 0, f"no line within {timeout} s (have {self.buffer!r})"
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                chunk = os.read(self.fd, 4096)
                assert chunk, f"the pipe closed (have {self.buffer!r})"
                self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line.decode("utf-8")

    def until(self, needle, timeout=10):
        deadline = time.monotonic() + timeout
        while True:
            line = self.next(max(0.1, deadline - time.monotonic()))
            if needle in line:
                return line


def stop(proc):
    proc.send_signal(signal.SIGINT)
    rc = proc.wait(10)
    rest = proc.stdout.read().decode()
    proc.stdout.close()
    proc.stderr.close()
    return rc, rest


def test_follow_prints_events_as_they_happen_and_stops_on_sigint(ctl, api):
    proc = ctl.popen("events", "--follow", token=LEADER)
    try:
        err = Lines(proc.stderr)
        assert "following from seq" in err.next()
        out = Lines(proc.stdout)
        api.post("/counters/1/open", {"staff": "nv01"})
        line = out.next()
        assert "counter_opened" in line and "counter 1" in line and "[admin:admin]" in line
        code = api.post("/tickets", {"field": "ho_tich"})["ticket"]["code"]
        line = out.next()
        assert "ticket_issued" in line and code in line and "ho_tich" in line
        api.post("/counters/1/call-next")
        line = out.next()
        assert "ticket_called" in line and code in line
        seq = api.get("/events")["events"][-1]["seq"]
        assert f"#{seq} " in line
        assert line[:8] == api.get("/events")["events"][-1]["at"][11:19]
    finally:
        rc, rest = stop(proc)
    assert rc == 0
    assert rest == ""


def test_follow_json_lines_filters_and_since(ctl, api):
    api.post("/counters/1/open", {"staff": "nv01"})
    first = api.post("/tickets", {"field": "ho_tich"})["ticket"]["code"]
    since = api.get("/health")["seq"]
    api.post("/tickets", {"field": "chung_thuc"})
    proc = ctl.popen("events", "--follow", "--json", "--since", since, "--kind", "ticket_issued")
    try:
        out = Lines(proc.stdout)
        replayed = json.loads(out.next())
        assert replayed["type"] == "event" and replayed["seq"] == since + 1
        assert replayed["event"]["field"] == "chung_thuc"
        api.post("/counters/1/call-next")              # filtered out
        third = api.post("/tickets", {"field": "ho_tich"})["ticket"]["code"]
        live = json.loads(out.next())
        assert (live["event"]["kind"], live["event"]["code"]) == ("ticket_issued", third)
        assert first != third
    finally:
        rc, _ = stop(proc)
    assert rc == 0


def test_follow_ends_quietly_when_stdout_closes(ctl, api):
    proc = ctl.popen("events", "--follow")
    Lines(proc.stderr).next()
    proc.stdout.close()  # like `| head -1` exiting
    api.post("/counters/1/open", {"staff": "nv01"})
    api.post("/counters/1/close")
    assert proc.wait(10) == 0
    proc.stderr.close()


def test_event_log_pages_with_all(ctl, api):
    api.post("/counters/1/open", {"staff": "nv01"})
    for _ in range(4):
        api.post("/tickets", {"field": "ho_tich"})
    everything = api.get("/events", params={"limit": 1000})["events"]
    assert len(everything) == 5

    r = ctl("events", "--limit", 2, "--all", "--json", token=LEADER)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {"events": everything, "next_after": None}

    r = ctl("events", "--limit", 2)
    assert r.returncode == 0, r.stderr
    assert len(r.stdout.splitlines()) == 3  # header and two events
    assert f"--after {everything[1]['seq']}" in r.stderr

    r = ctl("events", "--kind", "ticket_issued", "--field", "ho_tich")
    rows = r.stdout.splitlines()[1:]
    assert [row.split()[3] for row in rows] == [e["code"] for e in everything[1:]]
    assert rows[0].split()[1] == everything[1]["at"][11:19]
