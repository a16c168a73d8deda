# A counter's whole day through the API: PIN login, call, recall, start,
# finish, no-show, reinstate, cancel, transfer, park and call back, pause and
# resume, close, logout; and the admin acting at any counter.
import re

from conftest import expect_error

ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$")
COUNTER_KEYS = {"number", "name", "state", "staff", "staff_name", "fields", "ticket", "pause_reason",
                "paused_since", "parked"}


def ok(r, status=200):
    assert r.status_code == status, f"want {status}, got {r.status_code} {r.text}"
    return r.json() if r.content else None


def test_full_counter_life(qmsd):
    staff = qmsd.login("nv01", 1)
    lr = staff.login_reply
    assert lr["staff"] == "nv01" and lr["staff_name"] == "Nguyễn Thị Lan"
    assert lr["counter"] == 1 and lr["counter_name"] == "Quầy 1"
    assert ISO.match(lr["expires_at"]) and lr["token"]

    detail = ok(staff.get("/api/v1/counters/1"))
    c = detail["counter"]
    assert COUNTER_KEYS <= set(c)
    assert c["state"] == "idle" and c["staff"] == "nv01" and c["staff_name"] == "Nguyễn Thị Lan"
    assert c["fields"] == ["ho_tich", "chung_thuc"] and c["ticket"] is None and c["parked"] == []
    assert [q["field"] for q in detail["queues"]] == ["ho_tich", "chung_thuc"]
    assert detail["queues"][0]["name"] == "Hộ tịch"

    seq = qmsd.seq()
    expect_error(staff.post("/api/v1/counters/1/call-next"), 409, "queue_empty")
    assert qmsd.seq() == seq

    issued = [qmsd.issue("ho_tich") for _ in range(5)]
    assert [t["code"] for t in issued] == ["A001", "A002", "A003", "A004", "A005"]
    detail = ok(staff.get("/api/v1/counters/1"))
    q = detail["queues"][0]
    assert q["waiting"] == 5 and [t["code"] for t in q["tickets"]] == ["A001", "A002", "A003", "A004", "A005"]
    assert q["tickets"][0]["public_id"] == issued[0]["public_id"]  # staff see the full ticket

    # Call, recall up to the limit, start, finish.
    r = ok(staff.post("/api/v1/counters/1/call-next"))
    assert r["ticket"]["code"] == "A001" and r["ticket"]["state"] == "called"
    assert r["ticket"]["counter"] == 1 and r["ticket"]["counter_name"] == "Quầy 1"
    assert ISO.match(r["ticket"]["called_at"])
    assert r["counter"]["state"] == "calling" and r["counter"]["ticket"]["code"] == "A001"
    display = ok(qmsd.anon.get("/api/v1/display"))
    assert display["office"] == "UBND Phường Bến Nghé, Quận 1"
    assert display["latest_calls"][0]["code"] == "A001" and display["latest_calls"][0]["counter"] == 1
    assert display["latest_calls"][0]["counter_name"] == "Quầy 1"
    assert display["latest_calls"][0]["field"] == "ho_tich" and ISO.match(display["latest_calls"][0]["at"])
    shown = {c["number"]: c for c in display["counters"]}[1]
    assert {k: shown[k] for k in ("number", "name", "state", "code")} == \
        {"number": 1, "name": "Quầy 1", "state": "calling", "code": "A001"}
    assert shown["pause_reason"] is None and shown["expected_back"] is None
    assert "Đường dây nóng: 1022" in display["messages"]
    for n in (1, 2, 3):
        r = ok(staff.post("/api/v1/counters/1/recall"))
        assert r["ticket"]["recalls"] == n and r["ticket"]["state"] == "called"
    seq = qmsd.seq()
    expect_error(staff.post("/api/v1/counters/1/recall"), 409, "recall_limit")
    assert qmsd.seq() == seq
    r = ok(staff.post("/api/v1/counters/1/start"))
    assert r["ticket"]["state"] == "serving" and ISO.match(r["ticket"]["started_at"])
    assert r["counter"]["state"] == "serving"
    expect_error(staff.post("/api/v1/counters/1/recall"), 409, "ticket_wrong_state")
    expect_error(staff.post("/api/v1/counters/1/no-show"), 409, "ticket_wrong_state")
    r = ok(staff.post("/api/v1/counters/1/finish"))
    assert r["ticket"]["state"] == "finished" and ISO.match(r["ticket"]["ended_at"])
    assert r["counter"]["state"] == "idle" and r["counter"]["ticket"] is None
    expect_error(staff.post("/api/v1/counters/1/finish"), 409, "counter_idle")

    # No-show, reinstate (by code); cancel (by id).
    r = ok(staff.post("/api/v1/counters/1/call-next"))
    assert r["ticket"]["code"] == "A002"
    r = ok(staff.post("/api/v1/counters/1/no-show"))
    assert r["ticket"]["state"] == "no_show" and r["counter"]["state"] == "idle"
    r = ok(staff.post("/api/v1/tickets/A002/reinstate"))
    assert r["ticket"]["code"] == "A002" and r["ticket"]["state"] == "waiting"
    expect_error(staff.post("/api/v1/tickets/A002/reinstate"), 409, "ticket_wrong_state")
    r = ok(staff.post(f"/api/v1/tickets/{issued[2]['id']}/cancel", {"reason": "left"}))
    assert r["ticket"]["code"] == "A003" and r["ticket"]["state"] == "cancelled"

    # Transfer to a field nobody serves: applied, with a warning.
    x = ok(staff.post("/api/v1/counters/1/call-next"))["ticket"]
    assert x["code"] in ("A002", "A004")
    expect_error(staff.post(f"/api/v1/tickets/{x['id']}/cancel"), 409, "ticket_wrong_state")
    r = ok(staff.post("/api/v1/counters/1/transfer", {"field": "dat_dai"}))
    assert r["warning"] == "no_open_counter"
    assert r["ticket"]["code"] == x["code"] and r["ticket"]["field"] == "dat_dai"
    assert r["ticket"]["issue_field"] == "ho_tich" and r["ticket"]["transfers"] == 1
    assert r["ticket"]["state"] == "waiting" and r["counter"]["state"] == "idle"

    # Counter 3 serves dat_dai; sending it back to ho_tich (counter 1 open): no warning.
    c3 = qmsd.login("nv03", 3)
    r = ok(c3.post("/api/v1/counters/3/call-next"))
    assert r["ticket"]["code"] == x["code"]
    r = ok(c3.post("/api/v1/counters/3/transfer", {"field": "ho_tich"}))
    assert "warning" not in r or r["warning"] is None, r
    assert r["ticket"]["field"] == "ho_tich" and r["ticket"]["transfers"] == 2

    # Park and call the parked ticket back by its code.
    y = ok(staff.post("/api/v1/counters/1/call-next"))["ticket"]
    expect_error(staff.post("/api/v1/counters/1/transfer", {"field": "ho_tich"}), 400, "same_field")
    expect_error(staff.post("/api/v1/counters/1/transfer", {"field": "khong_co"}), 404, "unknown_field")
    r = ok(staff.post("/api/v1/counters/1/park"))
    assert r["ticket"]["code"] == y["code"] and r["ticket"]["state"] == "parked"
    assert r["counter"]["state"] == "idle" and [p["code"] for p in r["counter"]["parked"]] == [y["code"]]
    w = ok(staff.post("/api/v1/counters/1/call-next"))["ticket"]
    assert w["code"] != y["code"]
    expect_error(staff.post("/api/v1/counters/1/call", {"ticket": y["code"]}), 409, "counter_busy")
    ok(staff.post("/api/v1/counters/1/finish"))
    r = ok(staff.post("/api/v1/counters/1/call", {"ticket": y["code"]}))
    assert r["ticket"]["code"] == y["code"] and r["ticket"]["state"] == "called"
    assert r["counter"]["parked"] == []
    ok(staff.post("/api/v1/counters/1/finish"))

    # Call a waiting ticket out of turn by its numeric id; a field the counter does not serve is refused.
    remaining = ok(staff.get("/api/v1/counters/1"))["queues"][0]["tickets"]
    assert len(remaining) == 1
    other = qmsd.issue("dat_dai")
    expect_error(staff.post("/api/v1/counters/1/call", {"ticket": other["code"]}), 403, "staff_not_allowed")
    expect_error(staff.post("/api/v1/counters/1/call", {"ticket": "A999"}), 404, "unknown_ticket")
    r = ok(staff.post("/api/v1/counters/1/call", {"ticket": remaining[0]["id"]}))
    assert r["ticket"]["id"] == remaining[0]["id"]

    # Pause needs an idle counter and a known reason; paused counters do not call.
    expect_error(staff.post("/api/v1/counters/1/pause", {"reason": "break"}), 409, "counter_busy")
    expect_error(staff.post("/api/v1/counters/1/close"), 409, "counter_busy")
    ok(staff.post("/api/v1/counters/1/finish"))
    expect_error(staff.post("/api/v1/counters/1/pause", {"reason": "nap"}), 400, "unknown_pause_reason")
    r = ok(staff.post("/api/v1/counters/1/pause", {"reason": "break"}))
    assert r["counter"]["state"] == "paused" and r["counter"]["pause_reason"] == "break"
    assert ISO.match(r["counter"]["paused_since"])
    qmsd.issue("ho_tich")
    expect_error(staff.post("/api/v1/counters/1/call-next"), 409, "counter_paused")
    r = ok(staff.post("/api/v1/counters/1/resume"))
    assert r["counter"]["state"] == "idle" and r["counter"]["pause_reason"] is None
    expect_error(staff.post("/api/v1/counters/1/resume"), 409, "counter_not_paused")

    # Close, reopen, log out.
    r = ok(staff.post("/api/v1/counters/1/close"))
    assert r["counter"]["state"] == "closed"
    expect_error(staff.post("/api/v1/counters/1/call-next"), 409, "counter_closed")
    expect_error(staff.post("/api/v1/counters/1/close"), 409, "counter_closed")
    r = ok(staff.post("/api/v1/counters/1/open"))
    assert r["counter"]["state"] == "idle" and r["counter"]["staff"] == "nv01"
    assert staff.delete("/api/v1/sessions/current").status_code == 204
    expect_error(staff.get("/api/v1/counters/1"), 401, "unauthenticated")
    leader = qmsd.role("leader")
    assert ok(leader.get("/api/v1/counters/1"))["counter"]["state"] == "closed"

    # Every change records who made it.
    events = ok(leader.get("/api/v1/events", params={"limit": 1000}))["events"]
    actors = {e["kind"]: e["actor"] for e in events}
    assert actors["ticket_issued"] == "kiosk:kiosk1"
    assert actors["counter_opened"] == "staff:nv01"
    assert actors["ticket_finished"] == "staff:nv01"
    assert {e["actor"] for e in events if e["counter"] == 3} == {"staff:nv03"}


def test_login_errors(qmsd):
    anon = qmsd.anon
    seq = qmsd.seq()
    expect_error(anon.post("/api/v1/sessions", {"staff": "nv01", "pin": "0000", "counter": 1}), 401, "wrong_pin")
    # Unknown staff: the same answer, so a guesser cannot tell who exists.
    expect_error(anon.post("/api/v1/sessions", {"staff": "nv99", "pin": "1111", "counter": 1}), 401, "wrong_pin")
    expect_error(anon.post("/api/v1/sessions", {"staff": "nv01", "pin": "1111", "counter": 9}), 404, "unknown_counter")
    expect_error(anon.post("/api/v1/sessions", {"staff": "nv05", "pin": "5555", "counter": 1}),
                 403, "staff_not_allowed")
    assert qmsd.seq() == seq

    first = qmsd.login("nv01", 1)
    expect_error(anon.post("/api/v1/sessions", {"staff": "nv02", "pin": "2222", "counter": 1}), 409, "counter_open")
    expect_error(anon.post("/api/v1/sessions", {"staff": "nv01", "pin": "1111", "counter": 2}), 409, "staff_busy")
    seq = qmsd.seq()
    # Logging in again where one already is: a new session, the old token ends.
    second = qmsd.login("nv01", 1)
    assert second.token != first.token
    assert qmsd.seq() == seq
    expect_error(first.get("/api/v1/counters/1"), 401, "unauthenticated")
    assert second.get("/api/v1/counters/1").status_code == 200


def test_logout_is_refused_while_a_ticket_is_active(qmsd):
    staff = qmsd.login("nv06", 6)
    qmsd.issue("phan_anh")
    ok(staff.post("/api/v1/counters/6/call-next"))
    seq = qmsd.seq()
    expect_error(staff.delete("/api/v1/sessions/current"), 409, "counter_busy")
    assert qmsd.seq() == seq
    assert staff.get("/api/v1/counters/6").status_code == 200  # still logged in
    ok(staff.post("/api/v1/counters/6/finish"))
    assert staff.delete("/api/v1/sessions/current").status_code == 204
    expect_error(staff.get("/api/v1/counters/6"), 401, "unauthenticated")
    assert ok(qmsd.role("admin").get("/api/v1/counters/6"))["counter"]["state"] == "closed"


def test_staff_session_survives_a_restart(qmsd):
    staff = qmsd.login("nv05", 5)
    qmsd.issue("kinh_doanh")
    qmsd.restart()
    r = ok(staff.post("/api/v1/counters/5/call-next"))
    assert r["ticket"]["code"] == "C001" and r["counter"]["staff"] == "nv05"


def test_admin_acts_at_any_counter(qmsd):
    admin = qmsd.role("admin")
    expect_error(admin.post("/api/v1/counters/2/open"), 400, "invalid_argument", "staff")
    expect_error(admin.post("/api/v1/counters/2/open", {"staff": "nv99"}), 404, "unknown_staff")
    expect_error(admin.post("/api/v1/counters/2/open", {"staff": "nv05"}), 403, "staff_not_allowed")
    r = ok(admin.post("/api/v1/counters/2/open", {"staff": "nv02"}))
    assert r["counter"]["state"] == "idle" and r["counter"]["staff"] == "nv02"
    expect_error(admin.post("/api/v1/counters/2/open", {"staff": "nv08"}), 409, "counter_open")
    expect_error(admin.post("/api/v1/counters/1/open", {"staff": "nv02"}), 409, "staff_busy")
    qmsd.issue("chung_thuc")
    r = ok(admin.post("/api/v1/counters/2/call-next"))
    assert r["ticket"]["code"] == "B001"
    ok(admin.post("/api/v1/counters/2/start"))
    ok(admin.post("/api/v1/counters/2/finish"))
    r = ok(admin.post("/api/v1/counters/2/close"))
    assert r["counter"]["state"] == "closed"
    events = ok(admin.get("/api/v1/events", params={"counter": 2}))["events"]
    assert [e["kind"] for e in events] == ["counter_opened", "ticket_called", "ticket_started",
                                           "ticket_finished", "counter_closed"]
    assert {e["actor"] for e in events} == {"admin:admin"}
    assert {e["staff"] for e in events} == {"nv02"}
