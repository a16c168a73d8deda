# Durable before acknowledged: after a 2xx, SIGKILL (no chance to flush
# anything) and a restart, every acknowledged change is there — staff
# sessions included: a logout the disk cannot store is refused, not 204.
import errno
import os
import subprocess
import time

import pytest

from conftest import expect_error
from test_stream import BULK_FIELDS, bulk_issue


def test_every_acknowledged_change_survives_sigkill(qmsd):
    kiosk, admin, leader = qmsd.role("kiosk"), qmsd.role("admin"), qmsd.role("leader")
    first = kiosk.post("/api/v1/tickets", {"field": "ho_tich", "request_id": "durable-1"})
    assert first.status_code == 201
    qmsd.issue("ho_tich")
    qmsd.issue("chung_thuc")
    staff = qmsd.login("nv01", 1)
    called = staff.post("/api/v1/counters/1/call-next")
    assert called.status_code == 200
    assert admin.post("/api/v1/counters/2/open", {"staff": "nv02"}).status_code == 200
    assert admin.post("/api/v1/counters/2/pause", {"reason": "meeting"}).status_code == 200
    cancelled = leader.post("/api/v1/tickets/B001/cancel", {"reason": "left"})
    assert cancelled.status_code == 200
    qmsd.kill()  # straight after the last 2xx, no read in between

    qmsd.start()
    assert qmsd.seq() == 8
    c1 = admin.get("/api/v1/counters/1").json()["counter"]
    assert c1["state"] == "calling" and c1["staff"] == "nv01" and c1["ticket"]["code"] == "A001"
    c2 = admin.get("/api/v1/counters/2").json()["counter"]
    assert c2["state"] == "paused" and c2["pause_reason"] == "meeting"
    assert qmsd.anon.get("/api/v1/tickets/" + cancelled.json()["ticket"]["public_id"]).json()["ticket"]["state"] \
        == "cancelled"
    # The request id still finds its ticket; the staff session is still good.
    again = kiosk.post("/api/v1/tickets", {"field": "ho_tich", "request_id": "durable-1"})
    assert again.status_code == 200 and again.json()["ticket"]["id"] == first.json()["ticket"]["id"]
    assert staff.post("/api/v1/counters/1/finish").status_code == 200
    assert qmsd.issue("ho_tich")["code"] == "A003"
    # And the logout (also a 2xx) survives a SIGKILL too.
    assert staff.delete("/api/v1/sessions/current").status_code == 204
    qmsd.kill()
    qmsd.start()
    expect_error(staff.get("/api/v1/counters/1"), 401, "unauthenticated")
    assert admin.get("/api/v1/counters/1").json()["counter"]["state"] == "closed"


@pytest.fixture
def small_disk(tmp_path):
    """A 6 MiB tmpfs for the daemon's data, and a way to fill it up and free it."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(mnt)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs CAP_SYS_ADMIN): {done.stderr.strip()}")
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)], check=False)


def fill(disk):
    """Writes a filler file until the disk has not one byte left."""
    fd = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (1 << 16, 1 << 12, 1 << 8, 1):
            try:
                while os.write(fd, b"\0" * size) == size:
                    pass
            except OSError as e:
                assert e.errno == errno.ENOSPC, e
    finally:
        os.close(fd)


def test_a_logout_the_disk_cannot_store_is_refused_and_one_it_can_holds(daemon_factory, small_disk):
    d = daemon_factory(start=False)
    d.data = small_disk / "data"
    d.start()
    staff = d.login("nv01", 1)
    assert staff.post("/api/v1/counters/1/close").status_code == 200  # the session outlives the counter
    fill(small_disk)
    # The logout cannot be stored: it is refused, so the client knows the token still works.
    r = staff.delete("/api/v1/sessions/current")
    expect_error(r, 507, "storage_full")
    assert staff.get("/api/v1/counters/1").status_code == 200
    # So is a login (its counter cannot be opened, nor its session stored).
    expect_error(d.anon.post("/api/v1/sessions", {"staff": "nv02", "pin": "2222", "counter": 2}), 507,
                 "storage_full")
    # After a restart (power cut) memory agrees with the disk: the token works.
    d.kill()
    (small_disk / "filler").unlink()
    d.start()
    assert staff.get("/api/v1/counters/1").status_code == 200
    # A logout that was stored holds across the next restart.
    assert staff.delete("/api/v1/sessions/current").status_code == 204
    d.kill()
    d.start()
    expect_error(staff.get("/api/v1/counters/1"), 401, "unauthenticated")


def _rchar(pid):
    """Bytes the process read through read-like calls (SQLite reads its pages with pread)."""
    for line in open(f"/proc/{pid}/io"):
        if line.startswith("rchar:"):
            return int(line.split()[1])
    raise AssertionError("no rchar in /proc/<pid>/io")


def _commit_failure_lines(d):
    return [l for l in d.log_text().splitlines() if "commit failed" in l or "commit still failing" in l]


def _fill(path, chunk):
    """Appends `chunk`-byte pieces to `path` until the disk refuses one."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * chunk)
    except OSError:
        pass
    finally:
        os.close(fd)


def test_a_full_disk_refuses_each_request_cheaply_and_says_so_in_a_few_lines(daemon_factory, tmp_path):
    """A really full disk (a small tmpfs): requests get 507 storage_full (the
    rare one that still fits takes the next number), memory is not rebuilt from the store for each one (the day is not read
    back each time), the log sums the refusals up instead of a line each, and
    once there is room again the next number follows the last one given."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", str(mnt)]).returncode != 0:
        pytest.skip("mounting a small tmpfs needs root (CI runs as root)")
    try:
        d = daemon_factory(extra=BULK_FIELDS, start=False)
        d.data = mnt / "data"
        d.start()
        bulk_issue(d, 20000)  # a busy day: what a rebuild would read back
        day_bytes = sum(f.stat().st_size for f in d.data.iterdir())
        kiosk = d.role("kiosk")
        _fill(mnt / "filler", 65536)
        last = None
        for i in range(20000):
            r = kiosk.post("/api/v1/tickets", {"field": "ho_tich", "request_id": f"fill-{i}"})
            if r.status_code != 201:
                break
            last = r.json()["ticket"]["number"]
        expect_error(r, 507, "storage_full")
        _fill(mnt / "filler", 4096)  # what the tickets left, to the last page
        lines_before = len(_commit_failure_lines(d))
        read_before = _rchar(d.proc.pid)
        # A commit can still fit now and then in WAL pages a refused, larger
        # commit had already allocated; such a ticket must take the next number.
        fitted = 0
        for i in range(100):
            r = kiosk.post("/api/v1/tickets", {"field": "ho_tich", "request_id": f"full-{i}"})
            if r.status_code == 201 and last is not None and r.json()["ticket"]["number"] == last + 1:
                last += 1
                fitted += 1
                continue
            expect_error(r, 507, "storage_full")
        assert fitted <= 10, f"{fitted} of 100 tickets were stored on a full disk"
        read = _rchar(d.proc.pid) - read_before
        # One rebuild at most (when the first refused batch had several
        # commands); a rebuild per refusal read the day back 100 times.
        assert read < 2 * day_bytes, (read, day_bytes)
        # A line when it fails again after each ticket that fitted, else none.
        assert len(_commit_failure_lines(d)) - lines_before <= 2 + 2 * fitted, _commit_failure_lines(d)[-5:]
        (mnt / "filler").unlink()
        r = kiosk.post("/api/v1/tickets", {"field": "ho_tich", "request_id": "after"})
        assert r.status_code == 201, r.text
        if last is not None:
            assert r.json()["ticket"]["number"] == last + 1
        # Said once the batch is complete, just after its replies went out.
        deadline = time.monotonic() + 5
        while True:
            works = [l for l in d.log_text().splitlines() if "commit works again" in l]
            if works or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        assert works and "requests) over" in works[-1], works
        d.stop()
    finally:
        subprocess.run(["umount", "-l", str(mnt)])
