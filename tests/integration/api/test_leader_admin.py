# The leader's reads (stats, the event log with filters and paging, daily
# reports, devices) and the admin's reload and backup.
import re
import sqlite3
from pathlib import Path

import pytest

from conftest import expect_error, play_small_day, token_hash

STATS_KEYS = {"id", "name", "waiting", "head_wait_seconds", "issued", "served", "no_show", "cancelled",
              "transferred_out", "mean_wait_seconds", "mean_service_seconds", "open_counters",
              "estimated_wait_minutes"}
EVENT_KEYS = {"seq", "at", "day", "kind", "actor", "ticket", "code", "field", "to_field", "counter", "staff",
              "reason"}


@pytest.fixture(scope="module")
def day(module_qmsd):
    """A small day: counter 1 (nv01) serves, no-shows, transfers; counter 3 (nv03) serves one."""
    return play_small_day(module_qmsd)


def test_stats_fields(day):
    r = day.role("leader").get("/api/v1/stats/fields")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["day"] == day.health()["day"]
    stats = {f["id"]: f for f in body["fields"]}
    assert len(stats) == 7
    for f in stats.values():
        assert STATS_KEYS <= set(f), STATS_KEYS - set(f)
    h = stats["ho_tich"]
    assert h["name"] == "Hộ tịch"
    assert h["issued"] == 4 and h["served"] == 2 and h["no_show"] == 1 and h["transferred_out"] == 1
    assert h["waiting"] == 0 and h["open_counters"] == 1
    assert h["mean_wait_seconds"] is not None and h["mean_wait_seconds"] >= 0
    assert stats["chung_thuc"]["cancelled"] == 1
    # A003 went to xay_dung at the front of its queue: counter 3 served it before 1001.
    assert stats["xay_dung"]["served"] == 1 and stats["xay_dung"]["waiting"] == 0
    assert stats["dat_dai"]["waiting"] == 1 and stats["dat_dai"]["head_wait_seconds"] >= 0
    assert stats["dat_dai"]["open_counters"] == 1 and stats["dat_dai"]["issued"] == 1


def test_event_log_filters_and_paging(day):
    leader = day.role("leader")
    body = leader.get("/api/v1/events").json()
    everything = body["events"]
    assert body["next_after"] is None
    assert len(everything) == day.seq()
    assert [e["seq"] for e in everything] == list(range(1, day.seq() + 1))
    for e in everything:
        assert EVENT_KEYS <= set(e)
        assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$", e["at"])
    transfer = [e for e in everything if e["kind"] == "ticket_transferred"][0]
    assert transfer["field"] == "ho_tich" and transfer["to_field"] == "xay_dung" and transfer["counter"] == 1

    def get(**q):
        r = leader.get("/api/v1/events", params=q)
        assert r.status_code == 200, r.text
        return r.json()

    assert {e["counter"] for e in get(counter=3)["events"]} == {3}
    assert {e["staff"] for e in get(staff="nv03")["events"]} == {"nv03"}
    assert {e["kind"] for e in get(kind="ticket_called")["events"]} == {"ticket_called"}
    called = get(kind="ticket_called")["events"]
    assert [(e["code"], e["counter"]) for e in called] == [("A001", 1), ("A002", 1), ("A003", 1), ("A004", 1),
                                                           ("A003", 3)]
    xd = get(field="xay_dung")["events"]  # to_field counts: the transfer in
    assert [e["kind"] for e in xd] == ["ticket_transferred", "ticket_called", "ticket_started", "ticket_finished"]
    assert get(counter=1, kind="ticket_no_show")["events"][0]["code"] == "A002"
    assert get(day="2001-01-01")["events"] == []

    # Paging: limit 3 at a time, following next_after, gives every event once.
    paged, after = [], 0
    while True:
        page = get(limit=3, after=after)
        paged += page["events"]
        assert len(page["events"]) <= 3
        if page["next_after"] is None:
            break
        assert page["next_after"] == page["events"][-1]["seq"]
        after = page["next_after"]
    assert [e["seq"] for e in paged] == [e["seq"] for e in everything]
    assert get(after=day.seq())["events"] == []


def test_daily_report(day):
    leader = day.role("leader")
    today = day.health()["day"]
    r = leader.get("/api/v1/reports/daily", params={"from": today, "to": today})
    assert r.status_code == 200, r.text
    rows = {x["field"]: x for x in r.json()["days"]}
    assert all(x["day"] == today for x in rows.values())
    h = rows["ho_tich"]
    assert h["issued"] == 4 and h["served"] >= 1 and h["no_show"] == 1
    assert {"cancelled", "expired", "mean_wait_seconds", "max_wait_seconds"} <= set(h)
    assert rows["chung_thuc"]["cancelled"] == 1
    # Defaults to today; an empty range is empty.
    assert leader.get("/api/v1/reports/daily").json()["days"] == r.json()["days"]
    assert leader.get("/api/v1/reports/daily", params={"from": "2001-01-01", "to": "2001-01-31"}).json()["days"] == []


def test_devices(day):
    r = day.role("leader").get("/api/v1/devices")
    assert r.status_code == 200 and isinstance(r.json()["devices"], list)


def test_backup(day):
    admin = day.role("admin")
    r = admin.post("/api/v1/admin/backup")
    assert r.status_code == 200, r.text
    body = r.json()
    path = Path(body["path"])
    assert path.exists() and path.parent == day.data / "backup"
    assert body["bytes"] == path.stat().st_size > 0
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        seq = db.execute("SELECT max(seq), count(*) FROM events").fetchone()
        assert seq == (day.seq(), day.seq())
        kinds = {k for (k,) in db.execute("SELECT DISTINCT kind FROM events")}
        assert {"ticket_issued", "ticket_called", "ticket_transferred", "counter_opened"} <= kinds
    finally:
        db.close()
    assert "backup written path=" in day.log_text()


def test_reload_good_and_bad(daemon_factory):
    d = daemon_factory()
    admin = d.role("admin")
    staff = d.login("nv01", 1)
    d.issue("ho_tich")
    good = d.config_text + (
        '\n[[field]]\nid = "cu_tru"\nname = "Cư trú"\nname_ascii = "CU TRU"\nprefix = "R"\nfirst = 1\nlast = 99\n'
        '\n[[client]]\nid = "tv2"\nrole = "display"\n' f'token_hash = "{token_hash("tv2-token")}"\n')
    d.config.write_text(good, encoding="utf-8")
    r = admin.post("/api/v1/admin/reload")
    assert r.status_code == 200, r.text
    assert r.json() == {"reloaded": True, "fields": 8, "counters": 6, "staff": 8}
    assert len(d.anon.get("/api/v1/fields").json()["fields"]) == 8
    assert d.issue("cu_tru")["code"] == "R01"
    assert d.client(token="tv2-token").get("/api/v1/counters").status_code == 200
    # State and sessions carry over a reload.
    assert staff.post("/api/v1/counters/1/call-next").json()["ticket"]["code"] == "A001"

    # A bad file: refused with the file and line, the running config kept.
    lines = good.split("\n")
    bad_line = next(i for i, l in enumerate(lines) if l.startswith("target_wait_minutes = 15")) + 1
    bad = good.replace("target_wait_minutes = 15", 'target_wait_minutes = "15"', 1)
    d.config.write_text(bad + '\n[[counter]]\nnumber = 9\nname = "Quầy 9"\nfields = ["khong_co"]\n',
                        encoding="utf-8")
    seq = d.seq()
    body = expect_error(admin.post("/api/v1/admin/reload"), 400, "config_invalid")
    message = body["error"]["message"]
    assert f"office.toml:{bad_line}" in message, message
    assert "target_wait_minutes" in message and "khong_co" in message
    assert d.running() and d.seq() == seq
    assert len(d.anon.get("/api/v1/fields").json()["fields"]) == 8
    assert d.issue("cu_tru")["code"] == "R02"
    assert d.client(token="tv2-token").get("/api/v1/counters").status_code == 200
    assert "reload refused, keeping the running config" in d.log_text()

    # A file that is valid but would strand state (nv01 is logged in) is refused whole too.
    no_nv01 = re.sub(r'\[\[staff\]\]\nid *= "nv01"\n(?:[^\n]+\n)*', "", good)
    assert no_nv01 != good
    d.config.write_text(no_nv01, encoding="utf-8")
    body = expect_error(admin.post("/api/v1/admin/reload"), 400, "config_invalid")
    assert "nv01" in body["error"]["message"]
    assert staff.post("/api/v1/counters/1/finish").status_code == 200
    d.config.write_text(good, encoding="utf-8")  # leave a good file for the clean stop
