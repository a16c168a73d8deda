# Issue 14: shipping every office's log to PostgreSQL, and the city view.
# The tests run in file order on one PostgreSQL, one qmsd-city and three
# offices (conftest.py); each leaves the offices caught up for the next.
import json
import os
import subprocess
import time
from datetime import date

import pytest
import requests
import websocket

from conftest import (CITY_TOKEN, OFFICE_A_TOKEN, OFFICES, assert_exactly_once, centre_events, local_events,
                      make_office, ok, traffic, upstream, wait_caught_up, wait_until)

LEADER = "demo-leader-token-0001"


def today(d):
    return d.health()["day"]


def test_schema_is_versioned_and_partitioned_by_month(pg, city):
    assert pg.psql("SELECT max(version) FROM qmsd_schema", db="qmsd_city").strip() == "1"
    # Declarative partitioning by the office-local day, this month and two ahead.
    assert pg.psql("SELECT partstrat FROM pg_partitioned_table WHERE partrelid = 'events'::regclass",
                   db="qmsd_city").strip() == "r"
    parts = pg.psql("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                    "WHERE i.inhparent = 'events'::regclass ORDER BY 1", db="qmsd_city").split()
    assert len(parts) >= 3 and all(p.startswith("events_20") for p in parts), parts
    # Migrating again changes nothing.
    cfg = city.config
    r = subprocess.run([city.binary, "migrate", "--config", str(cfg)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and "version 1 (was 1)" in r.stdout, r.stdout + r.stderr
    # An office's role may run the two functions and read nothing.
    assert pg.psql("SELECT has_table_privilege('office_a', 'events', 'SELECT'), "
                   "has_function_privilege('office_a', 'qmsd_ensure_month(date)', 'EXECUTE')",
                   db="qmsd_city").strip() == "f|f"


def test_every_event_arrives_once_in_order(pg, city, offices):
    for d in offices.values():
        traffic(d, tickets=20 if d.key != "b" else 28)
    for d in offices.values():
        u = wait_caught_up(d)
        n = assert_exactly_once(pg, d)
        assert n > 60, f"{d.office_id}: only {n} events"
        assert u["last_contact"] and u["server"] and "password" not in json.dumps(u)
    # The config snapshot went too: the centre names things as the office did.
    a = offices["a"]
    snap = ok(city.get(f"/api/v1/offices/{a.office_id}/config"))
    assert snap["config"]["office"]["name"] == "UBND Phường Bến Nghé"
    assert {f["id"] for f in snap["config"]["fields"]} >= {"ho_tich", "dat_dai"}
    assert "pin_hash" not in json.dumps(snap), "staff PIN hashes must stay in the office"
    # Nothing that identifies a citizen leaves the office.
    cols = pg.psql("SELECT string_agg(column_name, ',') FROM information_schema.columns "
                   "WHERE table_name = 'events'", db="qmsd_city")
    assert "phone" not in cols and "public_id" not in cols
    # Each office's password never reaches its log.
    for d in offices.values():
        assert "office-pw" not in d.log_text() and pg.password not in d.log_text()


def test_field_days_are_the_reports_sums(pg, offices):
    """The per-office/field/day table (kept by the ingest transaction) adds up
    to the office's own report for the day, field by field."""
    for d in offices.values():
        day = today(d)
        rep = ok(d.role("leader").get("/api/v1/reports/summary", params={"from": day, "to": day}))
        rows = pg.psql(f"SELECT json_agg(f) FROM field_days f WHERE office_id = '{d.office_id}' AND day = '{day}'",
                       db="qmsd_city")
        sums = {r["field"]: r for r in json.loads(rows)}
        for f in rep["fields"]:
            if f["issued"] == 0 and f["wait"]["count"] == 0:
                continue
            s = sums[f["key"]]
            for mine, theirs in [("issued", "issued"), ("served", "served"), ("no_show", "no_show"),
                                 ("cancelled", "cancelled"), ("expired", "expired"),
                                 ("transferred", "transferred"), ("within_target", "within_target"),
                                 ("missed_target", "missed_target")]:
                assert f[mine] == s[theirs], f"{d.office_id} {f['key']} {mine}: report {f[mine]}, SQL {s[theirs]}"
            assert f["wait"]["count"] == s["waits"]
            if s["waits"]:
                assert abs(f["wait"]["mean_seconds"] - s["wait_ms_sum"] / s["waits"] / 1000) < 1e-6


def strip_office(report):
    report = dict(report)
    report.pop("office", None)
    return report


def test_centre_report_equals_the_offices_own(city, offices):
    for d in offices.values():
        day = today(d)
        mine = ok(d.role("leader").get("/api/v1/reports/summary", params={"from": day, "to": day}))
        theirs = ok(city.get("/api/v1/reports/summary", params={"from": day, "to": day, "office": d.office_id}))
        assert theirs["office"] == d.office_id
        assert mine["total"]["issued"] > 0
        # Figure by figure: the whole JSON, every breakdown (fields, counters,
        # staff, days, hours, pauses, counter time), medians and p90s included.
        assert strip_office(theirs) == mine, f"{d.office_id}: the centre's report differs"


def test_city_report_is_the_sum_of_the_offices(city, offices):
    day = today(offices["a"])
    city_rep = ok(city.get("/api/v1/reports/summary", params={"from": day, "to": day}))
    own = {d.office_id: ok(d.role("leader").get("/api/v1/reports/summary", params={"from": day, "to": day}))
           for d in offices.values()}
    rows = {r["key"]: r for r in city_rep["offices"]}
    assert set(rows) == set(own)
    keys = ["issued", "served", "no_show", "cancelled", "expired", "transferred", "still_open", "within_target",
            "missed_target"]
    for k in keys:
        assert city_rep["total"][k] == sum(r["total"][k] for r in own.values()), k
    assert city_rep["total"]["wait"]["count"] == sum(r["total"]["wait"]["count"] for r in own.values())
    total_wait = sum(r["total"]["wait"]["mean_seconds"] * r["total"]["wait"]["count"] for r in own.values())
    assert abs(city_rep["total"]["wait"]["mean_seconds"] * city_rep["total"]["wait"]["count"] - total_wait) < 1e-6
    for oid, r in own.items():
        # Each office's row is its own report's total, median and p90 included.
        row = dict(rows[oid])
        for k in ("key", "name"):
            row.pop(k)
        total = dict(r["total"])
        for k in ("key", "name"):
            total.pop(k)
        assert row == total, oid
    # Per field across offices: the sum of the offices' rows for that field id.
    for f in city_rep["fields"]:
        mine = [x for r in own.values() for x in r["fields"] if x["key"] == f["key"]]
        assert f["issued"] == sum(x["issued"] for x in mine), f["key"]
        assert f["within_target"] == sum(x["within_target"] for x in mine), f["key"]
    # Office b judges dat_dai against 5 minutes, the others 15: its misses stay its own.
    # CSV and XLSX of the city report.
    csv = city.get("/api/v1/reports/summary", params={"from": day, "to": day, "format": "csv", "table": "offices"})
    assert csv.status_code == 200 and csv.content.startswith(b"\xef\xbb\xbf"), csv.text[:200]
    text = csv.content.decode("utf-8-sig")
    assert "Theo đơn vị" in text and "UBND Phường Đa Kao" in text
    xlsx = city.get("/api/v1/reports/summary", params={"from": day, "to": day, "format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    import io
    import openpyxl
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert "Theo đơn vị" in wb.sheetnames
    sheet = wb["Theo đơn vị"]
    ids = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert sorted(ids) == sorted(own)


def test_roles(city, offices):
    a, b = offices["a"].office_id, offices["b"].office_id
    assert city.get("/api/v1/offices", token=None).status_code == 401
    assert city.get("/api/v1/offices", token="not-a-token-of-anyone").status_code == 401
    seen = ok(city.get("/api/v1/offices", token=OFFICE_A_TOKEN))["offices"]
    assert [o["id"] for o in seen] == [a]
    everyone = ok(city.get("/api/v1/offices"))["offices"]
    assert {o["id"] for o in everyone} >= {d.office_id for d in offices.values()}
    day = today(offices["a"])
    r = city.get("/api/v1/reports/summary", token=OFFICE_A_TOKEN, params={"from": day, "to": day, "office": b})
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    assert city.get(f"/api/v1/offices/{b}", token=OFFICE_A_TOKEN).status_code == 403
    assert city.get(f"/api/v1/offices/{b}/config", token=OFFICE_A_TOKEN).status_code == 403
    # Without office=, an office leader gets their own office's report.
    own = ok(city.get("/api/v1/reports/summary", token=OFFICE_A_TOKEN, params={"from": day, "to": day}))
    assert own["office"] == a
    # Bad input names the parameter.
    r = city.get("/api/v1/reports/summary", params={"from": "2026-13-01"})
    assert r.status_code == 400 and "'from'" in r.json()["error"]["message"]
    r = city.get("/api/v1/reports/summary", params={"from": day, "to": day, "format": "pdf"})
    assert r.status_code == 400 and "'format'" in r.json()["error"]["message"]
    # The stream: an office leader hears of their office only.
    ws = websocket.create_connection(f"ws://127.0.0.1:{city.port}/api/v1/stream?token={OFFICE_A_TOKEN}", timeout=10)
    snap = json.loads(ws.recv())
    assert snap["type"] == "snapshot" and [o["id"] for o in snap["offices"]] == [a]
    offices["b"].issue("ho_tich")
    offices["a"].issue("ho_tich")
    msg = json.loads(ws.recv())
    while msg["type"] != "office":
        msg = json.loads(ws.recv())
    assert msg["office"]["id"] == a
    ws.close()
    with pytest.raises(websocket.WebSocketBadStatusException):
        websocket.create_connection(f"ws://127.0.0.1:{city.port}/api/v1/stream", timeout=10)


def test_live_view_is_pushed(city, offices):
    """A ticket issued at an office reaches a city leader's stream as the
    office's new waiting count, pushed through LISTEN/NOTIFY."""
    d = offices["c"]
    ws = websocket.create_connection(f"ws://127.0.0.1:{city.port}/api/v1/stream?token={CITY_TOKEN}", timeout=30)
    snap = json.loads(ws.recv())
    assert snap["type"] == "snapshot" and snap["database_up"] is True
    before = {o["id"]: o for o in snap["offices"]}[d.office_id]
    waiting_before = next(f["waiting"] for f in before["live"]["fields"] if f["id"] == "phan_anh")
    d.issue("phan_anh")  # no counter open serves it: it stays waiting
    deadline = time.monotonic() + 30
    seen = None
    while time.monotonic() < deadline:
        msg = json.loads(ws.recv())
        if msg["type"] == "office" and msg["office"]["id"] == d.office_id and msg["office"]["live"]:
            f = next(f for f in msg["office"]["live"]["fields"] if f["id"] == "phan_anh")
            if f["waiting"] == waiting_before + 1:
                seen = msg["office"]
                break
    ws.close()
    assert seen, "the new waiting count never arrived on the stream"
    assert seen["last_contact"] and seen["backlog_events"] == 0
    assert seen["live"]["counters_open"] == 0 and len(seen["live"]["counters"]) == 6
    # Leave it quiet for the reports that follow: the ticket is cancelled.
    t = d.role("admin").get("/api/v1/events", params={"day": today(d), "kind": "ticket_issued", "field": "phan_anh"})
    for e in ok(t)["events"]:
        d.role("admin").post(f"/api/v1/tickets/{e['ticket']}/cancel", {"reason": "test"})
    wait_caught_up(d)


def test_outage_is_only_a_backlog(pg, city, offices):
    """PostgreSQL down (a crash: immediate stop): the offices keep serving,
    show a backlog in /health and log the failure once; everything arrives
    exactly once when it is back."""
    a, b = offices["a"], offices["b"]
    ws = websocket.create_connection(f"ws://127.0.0.1:{city.port}/api/v1/stream?token={CITY_TOKEN}", timeout=30)
    json.loads(ws.recv())
    log_before = a.log_text().count("cannot ship to the centre")
    pg.stop("immediate")
    t0 = time.monotonic()
    # The city page hears that its database is gone.
    wait_until("the stream's database message", lambda: json.loads(ws.recv()) == {"type": "database", "up": False},
               timeout=30)
    assert ok(city.get("/api/v1/health", token=None))["database"] == "down"
    traffic(a, tickets=12, transfer=False)
    traffic(b, tickets=12, transfer=False, pause=False)
    for d in (a, b):
        u = wait_until(f"{d.office_id} to notice", lambda: upstream(d)["state"] == "down" and upstream(d), timeout=60)
        assert u["backlog_events"] >= 40, u
        assert u["oldest_unshipped_at"] and u["oldest_age_seconds"] >= 0 and u["detail"], u
        assert u["confirmed_seq"] + u["backlog_events"] == d.seq(), u
    # The outage lasts a while (retries back off; the log says it once).
    while time.monotonic() - t0 < 12:
        a.issue("ho_tich")
        time.sleep(1)
    assert a.log_text().count("cannot ship to the centre") == log_before + 1, "the failure should be logged once"
    pg.start()
    for d in offices.values():
        wait_caught_up(d, timeout=120)
        assert_exactly_once(pg, d)
    assert "back: the centre answers again" in a.log_text()
    # The city listens again and sends everyone a fresh snapshot.
    wait_until("a fresh snapshot", lambda: json.loads(ws.recv())["type"] == "snapshot", timeout=60)
    ws.close()
    cancel_waiting(a)


def cancel_waiting(d):
    admin = d.role("admin")
    for e in ok(admin.get("/api/v1/events", params={"day": today(d), "kind": "ticket_issued", "limit": 1000}))["events"]:
        r = admin.post(f"/api/v1/tickets/{e['ticket']}/cancel", {"reason": "test"})
        assert r.status_code in (200, 409), r.text


def test_slow_server_never_delays_the_office(pg, offices):
    """The centre takes a lock and holds it: the shipper's transaction waits
    on it, the office serves every request meanwhile and counts a backlog."""
    a = offices["a"]
    wait_caught_up(a)
    with pg.locked("offices", "ACCESS EXCLUSIVE"):
        a.issue("ho_tich")  # the shipper's next batch now waits on the lock
        wait_until("the ingest to wait on the lock", lambda: pg.psql(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'qmsd q1-ben-nghe' "
            "AND wait_event_type = 'Lock'", db="qmsd_city").strip() == "1", timeout=30)
        for _ in range(20):
            a.issue("chung_thuc")
        u = upstream(a)
        assert u["backlog_events"] >= 20, u
        still = pg.psql("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'qmsd q1-ben-nghe' "
                        "AND wait_event_type = 'Lock'", db="qmsd_city").strip()
        assert still == "1", "every request above was served while the shipper's call still waited"
    wait_caught_up(a)
    assert_exactly_once(pg, a)
    cancel_waiting(a)
    wait_caught_up(a)


def test_full_disk_at_the_centre_is_only_a_backlog(pg, offices):
    """The centre's disk fills up (the month's partition on a 16 MiB tmpfs,
    then a filler table): ingest fails with PostgreSQL's disk-full error, the
    office serves on and shows why; space freed, everything arrives once."""
    # Under the cluster's own directory: pytest's tmp_path is root's 0700
    # tree, which the postgres user cannot enter.
    mnt = pg.root / "small"
    mnt.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m,mode=0700", "tmpfs", str(mnt)], capture_output=True,
                       text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {r.stderr.strip()}")
    a = offices["a"]
    month = pg.psql("SELECT 'events_' || to_char(current_date, 'YYYY_MM')", db="qmsd_city").strip()
    try:
        subprocess.run(["chown", "postgres", str(mnt)], check=pg.as_root)
        pg.psql(f"CREATE TABLESPACE small LOCATION '{mnt}'", db="qmsd_city")
        wait_caught_up(a)
        pg.psql(f"ALTER TABLE {month} SET TABLESPACE small", db="qmsd_city")
        pg.psql("CREATE TABLE filler (x text) TABLESPACE small", db="qmsd_city")
        try:
            pg.psql("INSERT INTO filler SELECT repeat('x', 1000) FROM generate_series(1, 100000)", db="qmsd_city")
        except AssertionError as e:
            assert "No space left" in str(e) or "could not extend" in str(e), e
        traffic(a, tickets=30, transfer=False, pause=False)
        def full():
            u = upstream(a)
            return u if u["state"] == "down" and "[53100]" in (u["detail"] or "") else None
        u = wait_until("the disk-full error in /health", full, timeout=60)
        assert u["backlog_events"] > 0, u
        pg.psql("DROP TABLE filler", db="qmsd_city")
        wait_caught_up(a, timeout=120)
        assert_exactly_once(pg, a)
    finally:
        pg.psql("DROP TABLE IF EXISTS filler", db="qmsd_city")
        pg.psql(f"ALTER TABLE {month} SET TABLESPACE pg_default", db="qmsd_city")
        pg.psql("DROP TABLESPACE IF EXISTS small", db="qmsd_city")
        subprocess.run(["umount", str(mnt)], check=False)


def test_sigkill_mid_batch(pg, offices):
    """SIGKILL while a batch is inside the centre's transaction (held there
    by a lock): after the restart nothing is lost and nothing doubled."""
    c = offices["c"]
    wait_caught_up(c)
    with pg.locked("office_days", "EXCLUSIVE"):
        traffic(c, tickets=15, transfer=False)
        wait_until("a batch to be inside the transaction", lambda: pg.psql(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'qmsd q1-tan-dinh' "
            "AND wait_event_type = 'Lock' AND query LIKE '%qmsd_ingest%'", db="qmsd_city").strip() == "1", timeout=30)
        c.kill()
    traffic_after = c.start()
    assert traffic_after is c
    wait_caught_up(c, timeout=120)
    assert_exactly_once(pg, c)


def test_same_office_id_is_refused(binaries, pg, city, offices, tmp_path):
    """A second installation configured with office a's id: the centre
    refuses it loudly, records it, and takes nothing of it."""
    a = offices["a"]
    wait_caught_up(a)
    before = centre_events(pg, a.office_id)
    twin = make_office(binaries, pg, tmp_path / "twin", "a")
    try:
        traffic(twin, tickets=4, transfer=False, pause=False)
        u = wait_until("the twin to be refused", lambda: upstream(twin)["state"] == "refused" and upstream(twin),
                       timeout=60)
        assert "belongs to installation" in u["detail"] and a.office_id in u["detail"], u
        assert u["backlog_events"] == twin.seq() or u["backlog_events"] is None, u
        assert "refused this office" in twin.log_text()
        assert pg.psql(f"SELECT count(*) FROM office_conflicts WHERE office_id = '{a.office_id}'",
                       db="qmsd_city").strip() == "1"
        assert centre_events(pg, a.office_id) == before, "nothing of the twin may reach the centre"
        row = ok(city.get(f"/api/v1/offices/{a.office_id}"))["office"]
        assert row["conflict"] and "also calls itself" in row["conflict"]["detail"]
    finally:
        twin.stop()
    # The real office goes on shipping.
    a.issue("ho_tich")
    wait_caught_up(a)
    assert_exactly_once(pg, a)
    cancel_waiting(a)
    r = subprocess.run([city.binary, "forget-conflict", "--config", str(city.config), a.office_id],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert ok(city.get(f"/api/v1/offices/{a.office_id}"))["office"]["conflict"] is None


def test_city_page_in_chromium(city, offices, request):
    """The city page in headless Chromium (tests/web/city.mjs): cards for every
    office with live counts pushed over the stream, roles, reports, exports."""
    node = "/usr/bin/node"
    script = os.path.join(os.path.dirname(__file__), "..", "..", "web", "city.mjs")
    artifacts = request.config.getoption("--artifacts") or ""
    env = dict(os.environ, CITY_URL=city.base, CITY_TOKEN=CITY_TOKEN, OFFICE_TOKEN=OFFICE_A_TOKEN,
               OFFICE_A_URL=offices["a"].base, OFFICE_A_ID=offices["a"].office_id,
               OFFICE_IDS=",".join(d.office_id for d in offices.values()), ARTIFACTS=artifacts)
    r = subprocess.run([node, script], capture_output=True, text=True, timeout=240, env=env)
    assert r.returncode == 0, f"city.mjs failed:\n{r.stdout[-4000:]}\n{r.stderr[-4000:]}"
