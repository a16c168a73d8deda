# What a kiosk and a citizen see: the public endpoints, issuing tickets,
# following one by its status id, idempotent request ids and the rate limit.
import re
import uuid

from conftest import KIOSK2_TOKEN, decode_qr, expect_error

ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$")
TICKET_KEYS = {"id", "public_id", "code", "number", "field", "field_name", "issue_field", "priority",
               "state", "issued_at", "called_at", "started_at", "ended_at", "counter", "counter_name",
               "recalls", "transfers", "people_ahead", "estimated_wait_minutes", "wait", "status_url"}
FIELD_KEYS = {"id", "name", "name_ascii", "waiting", "estimated_wait_minutes", "wait", "status", "status_message",
              "open_counters", "issued_today", "quota", "target_wait_minutes"}


def test_health_fields_priorities_are_public(qmsd):
    anon = qmsd.anon
    h = anon.get("/api/v1/health")
    assert h.status_code == 200
    body = h.json()
    assert body["status"] == "ok"
    assert body["office"] == "UBND Phường Bến Nghé, Quận 1"
    assert re.match(r"^\d{4}-\d\d-\d\d$", body["day"])
    assert body["seq"] == 0
    assert body["version"]

    f = anon.get("/api/v1/fields")
    assert f.status_code == 200
    fields = f.json()["fields"]
    assert [x["id"] for x in fields] == ["ho_tich", "chung_thuc", "dat_dai", "xay_dung", "kinh_doanh",
                                         "ldtbxh", "phan_anh"]
    for x in fields:
        assert FIELD_KEYS <= set(x), x
        assert x["status"] == "open" and x["status_message"] is None
        assert x["waiting"] == 0 and x["issued_today"] == 0 and x["open_counters"] == 0
    by_id = {x["id"]: x for x in fields}
    assert by_id["ho_tich"]["name"] == "Hộ tịch" and by_id["ho_tich"]["name_ascii"] == "HO TICH"
    assert by_id["dat_dai"]["quota"] == 60 and by_id["ho_tich"]["quota"] is None
    assert by_id["chung_thuc"]["target_wait_minutes"] == 10

    p = anon.get("/api/v1/priorities")
    assert p.status_code == 200
    assert p.json()["priorities"] == [
        {"id": "elderly", "name": "Người cao tuổi", "name_en": "Elderly"},
        {"id": "disabled", "name": "Người khuyết tật", "name_en": "People with disabilities"},
        {"id": "pregnant", "name": "Phụ nữ mang thai", "name_en": "Pregnant women"},
        {"id": "merit", "name": "Người có công với cách mạng", "name_en": "People with merit to the revolution"},
    ]
    assert h.headers["Content-Type"].startswith("application/json")


def test_kiosk_issues_a_ticket_with_every_field_of_the_contract(qmsd):
    kiosk = qmsd.role("kiosk")
    r = kiosk.post("/api/v1/tickets", {"field": "ho_tich", "priority": "elderly", "phone": "0901234567",
                                       "request_id": "tap-1"})
    assert r.status_code == 201, r.text
    t = r.json()["ticket"]
    assert TICKET_KEYS <= set(t), TICKET_KEYS - set(t)
    assert t["code"] == "A001" and t["number"] == 1
    assert t["field"] == "ho_tich" and t["issue_field"] == "ho_tich" and t["field_name"] == "Hộ tịch"
    assert t["priority"] == "elderly"
    assert t["state"] == "waiting"
    assert ISO.match(t["issued_at"]), t["issued_at"]
    for k in ("called_at", "started_at", "ended_at", "counter", "counter_name"):
        assert t[k] is None, k
    assert t["recalls"] == 0 and t["transfers"] == 0
    assert t["people_ahead"] == 0
    assert re.match(r"^[0-9a-f]{32}$", t["public_id"])
    assert t["status_url"].endswith("/t/" + t["public_id"])

    second = qmsd.issue("ho_tich")
    assert second["code"] == "A002" and second["people_ahead"] == 1
    assert second["priority"] is None
    # Fields without a prefix, and with a two-digit width.
    assert qmsd.issue("dat_dai")["code"] == "1001"
    assert qmsd.issue("phan_anh")["code"] == "P01"

    fields = {x["id"]: x for x in qmsd.anon.get("/api/v1/fields").json()["fields"]}
    assert fields["ho_tich"]["waiting"] == 2 and fields["ho_tich"]["issued_today"] == 2
    assert qmsd.seq() == 4


def test_citizen_follows_a_ticket_without_private_fields(qmsd):
    first = qmsd.issue("chung_thuc", phone="0912345678")
    second = qmsd.issue("chung_thuc")
    r = qmsd.anon.get("/api/v1/tickets/" + second["public_id"])
    assert r.status_code == 200, r.text
    t = r.json()["ticket"]
    assert t["code"] == "B002" and t["state"] == "waiting" and t["people_ahead"] == 1
    assert "phone" not in t and "public_id" not in t and "status_url" not in t
    r = qmsd.anon.get("/api/v1/tickets/" + first["public_id"])
    assert "phone" not in r.json()["ticket"]

    # Once called, the citizen sees the counter.
    staff = qmsd.login("nv02", 2)
    assert staff.post("/api/v1/counters/2/call-next").status_code == 200
    t = qmsd.anon.get("/api/v1/tickets/" + first["public_id"]).json()["ticket"]
    assert t["state"] == "called" and t["counter"] == 2 and t["counter_name"] == "Quầy 2"
    assert t["people_ahead"] is None

    expect_error(qmsd.anon.get("/api/v1/tickets/" + "0" * 32), 404, "unknown_ticket")
    expect_error(qmsd.anon.get("/api/v1/tickets/A001"), 404, "unknown_ticket")


def test_same_request_id_twice_is_one_ticket(qmsd):
    kiosk = qmsd.role("kiosk")
    body = {"field": "ho_tich", "request_id": "double-tap_01"}
    first = kiosk.post("/api/v1/tickets", body)
    assert first.status_code == 201
    again = kiosk.post("/api/v1/tickets", body)
    assert again.status_code == 200, again.text
    assert again.json()["ticket"]["id"] == first.json()["ticket"]["id"]
    assert again.json()["ticket"]["code"] == "A001"
    # Even with another field: the request id is the tap, not the content.
    other = kiosk.post("/api/v1/tickets", {"field": "dat_dai", "request_id": "double-tap_01"})
    assert other.status_code == 200 and other.json()["ticket"]["code"] == "A001"
    assert qmsd.seq() == 1

    # Another kiosk with the same request id gets its own ticket.
    k2 = qmsd.role("kiosk2")
    r = k2.post("/api/v1/tickets", body)
    assert r.status_code == 201, r.text
    assert r.json()["ticket"]["code"] == "A002"

    # Across a restart the request id still finds its ticket.
    qmsd.restart()
    r = kiosk.post("/api/v1/tickets", body)
    assert r.status_code == 200, r.text
    assert r.json()["ticket"]["id"] == first.json()["ticket"]["id"]
    assert qmsd.role("kiosk2").post("/api/v1/tickets", body).json()["ticket"]["code"] == "A002"
    assert qmsd.seq() == 2
    assert qmsd.issue("ho_tich")["code"] == "A003"


def test_concurrent_double_tap_is_one_ticket(qmsd):
    # Two identical requests on two connections at once: one ticket, one 201.
    import threading
    kiosks = [qmsd.client("kiosk") for _ in range(4)]
    results = []

    def tap(c):
        results.append(c.post("/api/v1/tickets", {"field": "ldtbxh", "request_id": "same-moment"}))

    threads = [threading.Thread(target=tap, args=(c,)) for c in kiosks]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    codes = sorted(r.status_code for r in results)
    assert codes == [200, 200, 200, 201], [r.text for r in results]
    assert len({r.json()["ticket"]["id"] for r in results}) == 1
    assert qmsd.seq() == 1


def test_request_id_is_required_and_checked(qmsd):
    kiosk = qmsd.role("kiosk")
    seq = qmsd.seq()
    expect_error(kiosk.post("/api/v1/tickets", {"field": "ho_tich"}), 400, "invalid_argument", "request_id")
    expect_error(kiosk.post("/api/v1/tickets", {"field": "ho_tich", "request_id": "two words"}),
                 400, "invalid_argument", "request_id")
    expect_error(kiosk.post("/api/v1/tickets", {"field": "ho_tich", "request_id": "x" * 65}),
                 400, "invalid_argument", "request_id")
    expect_error(kiosk.post("/api/v1/tickets", {"field": "ho_tich", "request_id": ""}),
                 400, "invalid_argument", "request_id")
    assert kiosk.post("/api/v1/tickets", {"field": "ho_tich", "request_id": "A" * 64}).status_code == 201
    expect_error(kiosk.post("/api/v1/tickets", {"field": "ho_tich", "request_id": "p1", "phone": "abc"}),
                 400, "invalid_argument", "phone")
    # The admin may issue without a request id (a ticket by hand).
    r = qmsd.role("admin").post("/api/v1/tickets", {"field": "ho_tich"})
    assert r.status_code == 201, r.text
    assert qmsd.seq() == seq + 2


def test_unknown_field_and_priority_issue_nothing(qmsd):
    kiosk = qmsd.role("kiosk")
    expect_error(kiosk.post("/api/v1/tickets", {"field": "khong_co", "request_id": "r1"}), 404, "unknown_field")
    expect_error(kiosk.post("/api/v1/tickets", {"field": "ho_tich", "priority": "vip", "request_id": "r2"}),
                 400, "unknown_priority")
    assert qmsd.seq() == 0
    # A refused request id is not burnt: the retry with a good body works.
    assert kiosk.post("/api/v1/tickets", {"field": "ho_tich", "request_id": "r1"}).status_code == 201


def test_rate_limit_per_kiosk(daemon_factory):
    d = daemon_factory(api={"kiosk_rate_per_minute": 2})  # a burst of 1, then one every 30 s
    kiosk = d.role("kiosk")
    assert kiosk.post("/api/v1/tickets", {"field": "ho_tich", "request_id": "k1-a"}).status_code == 201
    seq = d.seq()
    expect_error(kiosk.post("/api/v1/tickets", {"field": "ho_tich", "request_id": "k1-b"}), 429, "rate_limited")
    assert d.seq() == seq
    # A repeat of a tap that already has its ticket is not a new ticket: answered.
    r = kiosk.post("/api/v1/tickets", {"field": "ho_tich", "request_id": "k1-a"})
    assert r.status_code == 200 and r.json()["ticket"]["code"] == "A001"
    # The limit is per kiosk.
    assert d.role("kiosk2").post("/api/v1/tickets", {"field": "ho_tich", "request_id": "k2-a"}).status_code == 201
    expect_error(d.role("kiosk2").post("/api/v1/tickets", {"field": "ho_tich", "request_id": "k2-b"}),
                 429, "rate_limited")
    assert d.seq() == seq + 1


def test_quota_and_numbering_exhausted(qmsd):
    admin = qmsd.role("admin")
    for i in range(60):
        assert admin.post("/api/v1/tickets", {"field": "dat_dai"}).status_code == 201
    seq = qmsd.seq()
    expect_error(qmsd.role("kiosk").post("/api/v1/tickets", {"field": "dat_dai", "request_id": "q61"}),
                 409, "quota_reached")
    for i in range(99):
        assert admin.post("/api/v1/tickets", {"field": "phan_anh"}).status_code == 201
    expect_error(admin.post("/api/v1/tickets", {"field": "phan_anh"}), 409, "numbering_exhausted")
    assert qmsd.seq() == seq + 99
    fields = {x["id"]: x for x in qmsd.anon.get("/api/v1/fields").json()["fields"]}
    assert fields["dat_dai"]["status"] == "quota_reached"
    assert fields["phan_anh"]["status"] == "numbering_exhausted"
    assert fields["ho_tich"]["status"] == "open"


def test_office_closed_refuses_tickets(daemon_factory):
    d = daemon_factory(hours="[]")
    r = d.role("kiosk").post("/api/v1/tickets", {"field": "ho_tich", "request_id": "closed-1"})
    expect_error(r, 409, "office_closed")
    fields = d.anon.get("/api/v1/fields").json()["fields"]
    assert all(f["status"] == "closed" and f["status_message"] for f in fields), fields
    assert d.seq() == 0


def test_the_estimate_shown_is_recorded_and_reported_against_the_wait(qmsd):
    """The kiosk's estimated wait is logged with the ticket (ticket_issued) and
    the day's report holds it against the wait that followed."""
    before = qmsd.issue("ho_tich")  # no counter open yet: nothing to estimate from
    assert before["estimated_wait_minutes"] is None
    staff = qmsd.login("nv01", 1)
    assert staff.post("/api/v1/counters/1/call-next").status_code == 200  # counter 1 busy with A001
    shown = [qmsd.issue("ho_tich") for _ in range(3)] + [qmsd.issue("ho_tich", priority="elderly")]
    leader = qmsd.role("leader")
    events = leader.get("/api/v1/events", params={"kind": "ticket_issued"}).json()["events"]
    logged = {e["code"]: e["estimated_wait_seconds"] for e in events}
    assert logged[before["code"]] is None
    for t in shown:
        assert t["estimated_wait_minutes"] is not None, t
        # The reply rounds to whole minutes; the log keeps seconds.
        assert abs(logged[t["code"]] - t["estimated_wait_minutes"] * 60) <= 30, (t, logged[t["code"]])
    waits = [logged[t["code"]] for t in shown[:3]]
    assert waits == sorted(waits) and waits[0] < waits[2], waits  # further back, longer told
    # The demo office mixes one priority ticket in after every 3 normal calls
    # at a counter: counter 1 has called one, so two more go first.
    assert waits[1] < logged[shown[3]["code"]] <= waits[2], (waits, logged[shown[3]["code"]])

    assert staff.post("/api/v1/counters/1/finish").status_code == 200
    assert staff.post("/api/v1/counters/1/call-next").status_code == 200  # A002, as forecast
    report = leader.get("/api/v1/reports/summary", timeout=60)  # today
    assert report.status_code == 200, report.text
    rows = {r["key"]: r for r in report.json()["fields"]}
    est = rows["ho_tich"]["estimate"]
    assert est["count"] == 1, est  # only the called ticket that was told an estimate
    assert est["mean_abs_error_seconds"] is not None and est["mean_abs_error_seconds"] >= 0


def test_ticket_qr_is_an_svg_that_decodes_to_the_status_url(qmsd, tmp_path):
    """The kiosk's on-screen QR, drawn by the daemon: zbarimg reads it back."""
    t = qmsd.issue("ho_tich")
    r = qmsd.anon.get("/api/v1/tickets/%s/qr.svg" % t["public_id"])
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"] == "image/svg+xml"
    decoded = decode_qr(r.content, tmp_path / "qr.png")
    assert decoded == t["status_url"]

    expect_error(qmsd.anon.get("/api/v1/tickets/%s/qr.svg" % ("0" * 32)), 404, "unknown_ticket")


def test_one_estimate_everywhere_and_people_ahead_in_the_order_tickets_are_called(qmsd):
    """The kiosk's field list, the leader's stats and a new ticket's reply give
    one figure; the phone page shows the kiosk's words; and under the demo's
    1-in-3 priority rule every waiting ticket's people ahead is the number of
    its field's tickets the counter really calls before it."""
    staff = qmsd.login("nv01", 1)  # counter 1: Hộ tịch, then Chứng thực
    tickets = [qmsd.issue("ho_tich") for _ in range(4)]
    tickets += [qmsd.issue("ho_tich", priority="elderly"), qmsd.issue("ho_tich"), qmsd.issue("ho_tich")]
    assert staff.post("/api/v1/counters/1/call-next").status_code == 200  # A001, one normal call
    field = {f["id"]: f for f in qmsd.anon.get("/api/v1/fields").json()["fields"]}["ho_tich"]
    stats = {f["id"]: f for f in qmsd.role("leader").get("/api/v1/stats/fields").json()["fields"]}["ho_tich"]
    assert field["estimated_wait_minutes"] == stats["estimated_wait_minutes"], (field, stats)
    assert field["wait"] == stats["wait"], (field["wait"], stats["wait"])
    assert field["estimated_wait_minutes"] >= 50  # six ahead on one counter: never "0"
    assert re.match(r"^khoảng \d+–\d+ phút", field["wait"]["vi"]), field["wait"]
    assert re.match(r"^about \d+–\d+ min", field["wait"]["en"]), field["wait"]

    told = {}
    for t in tickets[1:]:
        seen = qmsd.anon.get("/api/v1/tickets/" + t["public_id"]).json()["ticket"]
        told[t["code"]] = seen["people_ahead"]
        assert not re.search(r"(?<![\d–])0 phút", seen["wait"]["vi"]), seen["wait"]  # never "0 phút"
    fresh = qmsd.issue("ho_tich")
    shown = qmsd.anon.get("/api/v1/tickets/" + fresh["public_id"]).json()["ticket"]
    assert shown["wait"] == fresh["wait"] and shown["people_ahead"] == fresh["people_ahead"] == 6
    told[fresh["code"]] = fresh["people_ahead"]

    called = []
    while True:
        assert staff.post("/api/v1/counters/1/finish").status_code == 200
        r = staff.post("/api/v1/counters/1/call-next")
        if r.status_code != 200:
            break
        called.append(r.json()["ticket"]["code"])
    assert called[:3] == ["A002", "A003", "A005"], called  # the priority ticket A005 after two more normals
    for code, ahead in told.items():
        assert called.index(code) == ahead, (code, ahead, called)
