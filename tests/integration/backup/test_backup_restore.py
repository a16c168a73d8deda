# `qmsd backup` under traffic and `qmsd restore` with its checks, against the
# real binary and the store it writes; the backup's contents are read with
# Python's own sqlite3, not with qmsd. One daemon for the module.
import os
import shutil
import sqlite3
import subprocess
import threading
import time
import uuid

import pytest
import requests

from conftest import api


def run(binary, *args):
    return subprocess.run([binary, *map(str, args)], capture_output=True, text=True, timeout=120)


def store_facts(path):
    """Last seq, and per field the tickets issued and the highest number, from the file itself."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        seq = db.execute("SELECT MAX(seq) FROM events").fetchone()[0]
        numbers = dict(db.execute("SELECT issue_field, MAX(number) FROM tickets GROUP BY issue_field"))
        public = [r[0] for r in db.execute("SELECT public_id FROM tickets WHERE public_id IS NOT NULL")]
        return seq, numbers, public
    finally:
        db.close()


@pytest.fixture(scope="module")
def office(qmsd_binary, tmp_path_factory):
    d = api.Daemon(qmsd_binary, tmp_path_factory.mktemp("office"))
    d.start()
    yield d
    if d.running():
        d.stop()


@pytest.fixture(scope="module")
def backed_up(office, qmsd_binary):
    """Kiosks issue tickets and a counter calls them while `qmsd backup` runs; more traffic follows it."""
    staff = office.login("nv01", 1)
    stop = threading.Event()
    issued = []
    errors = []

    def kiosk():
        s = requests.Session()
        while not stop.is_set():
            r = s.post(office.base + "/api/v1/tickets",
                       json={"field": "ho_tich", "request_id": uuid.uuid4().hex},
                       headers={"Authorization": f"Bearer {api.TOKENS['kiosk']}"}, timeout=10)
            (issued if r.status_code == 201 else errors).append(r.status_code)

    threads = [threading.Thread(target=kiosk) for _ in range(2)]
    for t in threads:
        t.start()
    try:
        # Let traffic flow, then back up in the middle of it.
        deadline = time.monotonic() + 10
        while len(issued) < 20 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert staff.post("/api/v1/counters/1/call-next").status_code == 200
        backup_dir = office.dir / "backup"
        r = run(qmsd_binary, "backup", "--config", office.config, "--data-dir", office.data, f"{backup_dir}/")
        assert r.returncode == 0, r.stderr
        assert "integrity ok" in r.stdout, r.stdout
        n_at_backup = len(issued)
        deadline = time.monotonic() + 10
        while len(issued) < n_at_backup + 10 and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert not errors, errors
    files = sorted(backup_dir.glob("qmsd-*.db"))
    assert len(files) == 1, files
    return files[0]


def test_backup_under_traffic_is_a_consistent_store(backed_up, office):
    seq, numbers, public = store_facts(backed_up)
    live_seq = office.seq()
    assert 0 < seq < live_seq, (seq, live_seq)  # taken in the middle of the traffic
    db = sqlite3.connect(f"file:{backed_up}?mode=ro", uri=True)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # The projection agrees with the event log at the moment of the copy.
    issued_events = db.execute("SELECT COUNT(*) FROM events WHERE kind = 'ticket_issued'").fetchone()[0]
    assert issued_events == db.execute("SELECT COUNT(*) FROM tickets").fetchone()[0]
    assert db.execute("SELECT value FROM store_meta WHERE key = 'office_name'").fetchone()[0] == \
        office.health()["office"]
    db.close()


def test_restore_refuses_while_qmsd_runs(backed_up, office, qmsd_binary):
    r = run(qmsd_binary, "restore", "--config", office.config, "--data-dir", office.data, backed_up)
    assert r.returncode == 1, r
    assert "qmsd is running" in r.stderr and f"pid {office.proc.pid}" in r.stderr, r.stderr
    assert "systemctl stop qmsd" in r.stderr, r.stderr
    assert office.health()["status"] == "ok"  # untouched, still serving


def test_restore_refuses_bad_backups(backed_up, office, qmsd_binary, tmp_path):
    office.stop()
    before = store_facts(office.data / "qmsd.db")[0]

    def restore(path, *extra, config=office.config):
        return run(qmsd_binary, "restore", "--config", config, "--data-dir", office.data, *extra, path)

    # Another office's backup: both names said.
    other = tmp_path / "other.toml"
    other.write_text(office.config_text.replace('"UBND Phường Bến Nghé, Quận 1"', '"UBND Phường Đa Kao, Quận 1"'),
                     encoding="utf-8")
    assert "Đa Kao" in other.read_text(encoding="utf-8"), "the test could not rename the office"
    r = restore(backed_up, config=other)
    assert r.returncode == 2 and "not of this office" in r.stderr and "Bến Nghé" in r.stderr, r.stderr

    # A newer schema than this binary's.
    newer = tmp_path / "newer.db"
    shutil.copy(backed_up, newer)
    with sqlite3.connect(newer) as db:
        db.execute("PRAGMA user_version = 99")
    r = restore(newer)
    assert r.returncode == 2 and "schema version 99" in r.stderr, r.stderr

    # A damaged file: the root page of the events' ticket index overwritten.
    damaged = tmp_path / "damaged.db"
    shutil.copy(backed_up, damaged)
    db = sqlite3.connect(f"file:{damaged}?mode=ro", uri=True)
    page = db.execute("PRAGMA page_size").fetchone()[0]
    root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'events_by_ticket'").fetchone()[0]
    db.close()
    with open(damaged, "r+b") as f:
        f.seek((root - 1) * page)
        f.write(os.urandom(page))
    r = restore(damaged)
    assert r.returncode == 1 and "integrity check" in r.stderr, r.stderr

    # Not a qmsd store at all.
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as db:
        db.execute("CREATE TABLE x (y)")
    r = restore(foreign)
    assert r.returncode == 2 and "not a qmsd store" in r.stderr, r.stderr

    # Nothing was touched by the refusals.
    assert store_facts(office.data / "qmsd.db")[0] == before
    assert not list(office.data.glob("qmsd.db.before-restore-*"))


def test_restore_round_trip_numbering_continues(backed_up, office, qmsd_binary):
    if office.running():
        office.stop()
    old_seq = store_facts(office.data / "qmsd.db")[0]
    seq, numbers, public = store_facts(backed_up)
    r = run(qmsd_binary, "restore", "--config", office.config, "--data-dir", office.data, backed_up)
    assert r.returncode == 0, r.stderr
    assert f"last event {seq}" in r.stdout, r.stdout
    kept = [p for p in office.data.glob("qmsd.db.before-restore-*") if not p.name.endswith(("-wal", "-shm"))]
    assert len(kept) == 1, kept
    assert store_facts(kept[0])[0] == old_seq  # the replaced store, kept whole (with its WAL)

    office.start()
    assert office.seq() == seq
    fields = {f["id"]: f for f in office.role("leader").get("/api/v1/fields").json()["fields"]}
    assert fields["ho_tich"]["issued_today"] == numbers["ho_tich"]
    # Every ticket of the backup is there for its citizen.
    for pid in public[:5] + public[-5:]:
        r = office.anon.get(f"/api/v1/tickets/{pid}")
        assert r.status_code == 200, r.text
    # Numbering and the event sequence continue from the backup.
    t = office.issue("ho_tich")
    assert t["number"] == numbers["ho_tich"] + 1, (t, numbers)
    assert office.seq() == seq + 1


def test_backup_retention_deletes_only_old_backups(office, qmsd_binary, tmp_path):
    if not office.running():
        office.start()
    d = tmp_path / "nightly"
    d.mkdir()
    old = d / "qmsd-2026-01-01-233000.db"
    recent = d / "qmsd-2026-11-30-233000.db"
    other = d / "notes.db"
    for p in (old, recent, other):
        p.write_bytes(b"x")
    forty_days = time.time() - 40 * 86400
    os.utime(old, (forty_days, forty_days))
    os.utime(other, (forty_days, forty_days))
    r = run(qmsd_binary, "backup", "--config", office.config, "--data-dir", office.data, "--keep-days", 30, d)
    assert r.returncode == 0, r.stderr
    names = sorted(p.name for p in d.iterdir())
    assert old.name not in names and recent.name in names and other.name in names, names
    new = [n for n in names if n not in (recent.name, other.name)]
    # One self-contained file (no -wal or -shm beside it).
    assert len(new) == 1 and new[0].startswith("qmsd-20"), names
    assert "removed" in r.stdout and old.name in r.stdout, r.stdout
    # --keep-days with a file destination is refused.
    r = run(qmsd_binary, "backup", "--config", office.config, "--data-dir", office.data, "--keep-days", 3,
            tmp_path / "one.db")
    assert r.returncode == 2 and "directory" in r.stderr, r.stderr
