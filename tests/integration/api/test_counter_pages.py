# A counter's queues with thousands waiting: GET /counters/{n} answers a
# bounded first page that still names the true next tickets (in the order the
# counter calls them: the demo's one priority ticket after every 3 normal
# calls), with the true totals, and a cursor pages through the rest exactly
# once each, even while the queue moves.
import re
import uuid
from concurrent.futures import ThreadPoolExecutor

import qmsd_daemon
from conftest import expect_error

WAITING = 2400  # ~470 bytes a ticket: the whole list would be over a megabyte
PRIORITY = 5


def ok(r, status=200):
    assert r.status_code == status, f"want {status}, got {r.status_code} {r.text}"
    return r.json()


def issue_many(qmsd, n, workers=4):
    """n tickets in ho_tich from several kiosk connections at once (the
    writer batches their commits); returns their codes in issue order."""
    clients = [qmsd.client("kiosk") for _ in range(workers)]

    def one(i):
        r = clients[i % workers].post("/api/v1/tickets", {"field": "ho_tich", "request_id": uuid.uuid4().hex})
        assert r.status_code == 201, r.text
        return r.json()["ticket"]

    with ThreadPoolExecutor(workers) as pool:
        tickets = list(pool.map(one, range(n)))
    return [t["code"] for t in sorted(tickets, key=lambda t: t["number"])]


def page_through(staff, field, after, limit):
    codes, pages = [], 0
    while after is not None:
        r = ok(staff.get(f"/api/v1/counters/1/queues/{field}", params={"after": after, "limit": limit}))
        assert len(r["tickets"]) <= limit
        codes += [t["code"] for t in r["tickets"]]
        after = r["next_after"]
        pages += 1
        assert pages <= WAITING, "the cursor never ends"
    return codes


def test_long_queue_is_paged(daemon_factory, tmp_path, monkeypatch):
    # The demo numbers Hộ tịch A001-A999; this office numbers it to A9999.
    text = qmsd_daemon.DEMO_CONFIG.read_text(encoding="utf-8")
    text, n = re.subn(r'(id *= "ho_tich"[^\[]*?last *= )999(\s+width *= )3', r"\g<1>9999\g<2>4", text)
    assert n == 1, "the demo config's ho_tich numbering moved"
    config = tmp_path / "office.toml"
    config.write_text(text, encoding="utf-8")
    monkeypatch.setattr(qmsd_daemon, "DEMO_CONFIG", config)  # read by demo_office()
    qmsd = daemon_factory()
    normal = issue_many(qmsd, WAITING)
    prio = [qmsd.issue("ho_tich", priority="elderly")["code"] for _ in range(PRIORITY)]
    # The counter's calling order: 3 normal tickets, then a priority one, and so on.
    expected, p = [], list(prio)
    for i, code in enumerate(normal):
        expected.append(code)
        if i % 3 == 2 and p:
            expected.append(p.pop(0))
    expected += p
    staff = qmsd.login("nv01", 1)

    r = staff.get("/api/v1/counters/1")
    detail = ok(r)
    assert len(r.content) < 40_000, f"the first page should stay small, got {len(r.content)} bytes"
    q = detail["queues"][0]
    assert q["field"] == "ho_tich" and q["waiting"] == WAITING + PRIORITY and q["priority_waiting"] == PRIORITY
    assert [t["code"] for t in q["tickets"]] == expected[:30]
    assert q["tickets"][3]["priority"] == "elderly" and q["tickets"][0]["priority"] is None
    other = detail["queues"][1]
    assert other["field"] == "chung_thuc" and other["waiting"] == 0 and other["tickets"] == []
    assert other["next_after"] is None

    # The rest, a page at a time: every ticket once, in order, and the last page says so.
    assert [t["code"] for t in q["tickets"]] + page_through(staff, "ho_tich", q["next_after"], 200) == expected

    # A cursor taken now still resumes after its page once the queue has moved;
    # the first page names what call-next then calls, priority turn included.
    small = ok(staff.get("/api/v1/counters/1", params={"limit": 3}))["queues"][0]
    assert [t["code"] for t in small["tickets"]] == expected[:3]
    for want in expected[:5]:
        head = ok(staff.get("/api/v1/counters/1", params={"limit": 1}))["queues"][0]["tickets"][0]["code"]
        called = ok(staff.post("/api/v1/counters/1/call-next"))["ticket"]["code"]
        assert head == want and called == want
        ok(staff.post("/api/v1/counters/1/no-show"))
    nxt = ok(staff.get("/api/v1/counters/1/queues/ho_tich", params={"after": small["next_after"], "limit": 4}))
    # (the same next four, none called or shown before; the stale cursor's count of
    # normal calls puts the priority turn first)
    assert sorted(t["code"] for t in nxt["tickets"]) == sorted(expected[5:9])
    assert nxt["waiting"] == WAITING + PRIORITY - 5
    first = ok(staff.get("/api/v1/counters/1", params={"limit": 6}))["queues"][0]
    assert [t["code"] for t in first["tickets"]] == expected[5:11]

    # Bad paging is refused with the reason; a queue the counter does not serve is not listed.
    for bad in ("0", "201", "x", "-1"):
        expect_error(staff.get("/api/v1/counters/1", params={"limit": bad}), 400, "invalid_argument", "limit")
    for bad in ("A001", "0.-", "x.-.-", "0.7:1:2.-", "0.-.1:1:2x", "-1.-.-", "0.1:1.-"):
        expect_error(staff.get("/api/v1/counters/1/queues/ho_tich", params={"after": bad}), 400,
                     "invalid_argument", "after")
    expect_error(staff.get("/api/v1/counters/1/queues/dat_dai"), 404, "unknown_field", "dat_dai")
    expect_error(staff.get("/api/v1/counters/3/queues/dat_dai"), 403, "forbidden")
    # Without a cursor the queue endpoint starts at the front, like the first page.
    head = ok(staff.get("/api/v1/counters/1/queues/ho_tich", params={"limit": 2}))
    assert [t["code"] for t in head["tickets"]] == expected[5:7]
