# Citizens' ratings (SIPAS) through the API: the phone holding the ticket's
# public id, the counter's rating screen (its own token, its own counter), one
# rating per ticket whichever comes first, refusals with stable codes, the
# comment's bounds, the leader's list, live alert and follow-up, the
# satisfaction report in every format, and a rating that survives SIGKILL.
# (The rating box is tested against a pymodbus peer in devices/test_keypads.py.)
import csv
import io
import json
import re
import zipfile

import pytest
import websocket

from conftest import expect_error

SCREEN1 = "demo-rating-token-0001"  # config/demo-office.toml: rate1 faces counter 1
SCREEN2 = "demo-rating-token-0002"  # rate2 faces counter 2


def ok(r, status=200):
    assert r.status_code == status, f"want {status}, got {r.status_code} {r.text}"
    return r.json() if r.content else None


def served(d, staff, counter=1, field="ho_tich"):
    """A ticket issued, called, started and finished at `counter`; returns the kiosk's ticket."""
    t = d.issue(field)
    assert ok(staff.post(f"/api/v1/counters/{counter}/call-next"))["ticket"]["code"] == t["code"]
    ok(staff.post(f"/api/v1/counters/{counter}/start"))
    ok(staff.post(f"/api/v1/counters/{counter}/finish"))
    return t


def rate_phone(d, ticket, level="satisfied", **body):
    return d.anon.post(f"/api/v1/tickets/{ticket['public_id']}/rating", {"level": level, **body})


def stream(d, token):
    ws = websocket.create_connection(f"ws://127.0.0.1:{d.port}/api/v1/stream?token={token}", timeout=5,
                                     skip_utf8_validation=True)
    return ws


def next_of(ws, kind, timeout=5):
    ws.settimeout(timeout)
    while True:
        m = json.loads(ws.recv())
        if m["type"] == kind:
            return m


@pytest.fixture
def office(qmsd):
    """A fresh daemon with counter 1 open (nv01)."""
    qmsd.staff1 = qmsd.login("nv01", 1)
    return qmsd


def test_the_form_lists_the_levels_and_the_office_questions(office):
    form = ok(office.anon.get("/api/v1/rating-form"))
    assert [l["vi"] for l in form["levels"]] == ["Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng"]
    assert [l["id"] for l in form["levels"]] == ["very_satisfied", "satisfied", "neutral", "dissatisfied"]
    assert [q["id"] for q in form["questions"]] == ["access", "officer", "result"]
    assert form["questions"][1]["element"] == "officer" and form["comment_max_chars"] == 500


def test_phone_rates_once_then_screen_and_phone_are_refused_politely(office):
    t = served(office, office.staff1)
    status = ok(office.anon.get(f"/api/v1/tickets/{t['public_id']}"))["ticket"]
    assert status["state"] == "finished" and status["rating_open"] is True and status["rated"] is False
    body = ok(rate_phone(office, t, "dissatisfied", answers={"officer": "dissatisfied", "access": None},
                        comment="  Cán bộ hướng dẫn chưa rõ  "), 201)
    assert body == {"rated": True, "code": t["code"], "level": "dissatisfied"}
    status = ok(office.anon.get(f"/api/v1/tickets/{t['public_id']}"))["ticket"]
    assert status["rated"] is True and status["rating_open"] is False
    assert "comment" not in json.dumps(status)  # the comment is the leader's only
    again = expect_error(rate_phone(office, t, "very_satisfied"), 409, "already_rated")
    assert again["error"]["vi"] == "Lượt giao dịch này đã được đánh giá. Cảm ơn công dân!"
    screen = office.client(token=SCREEN1)
    expect_error(screen.post("/api/v1/counters/1/rating", {"ticket": t["id"], "level": "satisfied"}), 409,
                 "already_rated")
    # The leader sees it with the citizen's words (trimmed) and who served.
    listed = ok(office.role("leader").get("/api/v1/ratings"))
    assert listed["levels"]["dissatisfied"] == 1
    r = listed["ratings"][0]
    assert r["code"] == t["code"] and r["channel"] == "phone" and r["level_vi"] == "Không hài lòng"
    assert r["comment"] == "Cán bộ hướng dẫn chưa rõ" and r["staff"] == "nv01" and r["counter"] == 1
    assert r["answers"] == {"officer": "dissatisfied"}


def test_the_counter_screen_shows_the_citizen_just_served_and_rates_it_first(office):
    screen = office.client(token=SCREEN1)
    view = ok(screen.get("/api/v1/counters/1/rating-screen"))
    assert view["screen"]["state"] == "idle" and view["form"]["levels"][0]["id"] == "very_satisfied"
    assert ok(screen.get("/api/v1/rating-screen"))["screen"]["counter"] == 1  # its own counter, from the token
    expect_error(office.anon.get("/api/v1/rating-screen"), 401, "unauthenticated")
    t = served(office, office.staff1)
    view = ok(screen.get("/api/v1/counters/1/rating-screen"))["screen"]
    assert view["state"] == "rate" and view["ticket"]["code"] == t["code"] and view["rate_until"]
    assert "public_id" not in view["ticket"]
    ok(screen.post("/api/v1/counters/1/rating", {"ticket": t["id"], "level": "very_satisfied"}), 201)
    assert ok(screen.get("/api/v1/counters/1/rating-screen"))["screen"]["state"] == "rated"
    expect_error(rate_phone(office, t), 409, "already_rated")
    # The next citizen sits down: the screen turns to them.
    office.issue("ho_tich")
    ok(office.staff1.post("/api/v1/counters/1/call-next"))
    ok(office.staff1.post("/api/v1/counters/1/start"))
    assert ok(screen.get("/api/v1/counters/1/rating-screen"))["screen"]["state"] == "serving"


def test_a_screen_rates_only_its_counters_last_service(office):
    first = served(office, office.staff1)
    second = served(office, office.staff1)
    screen1 = office.client(token=SCREEN1)
    expect_error(screen1.post("/api/v1/counters/1/rating", {"ticket": first["id"], "level": "satisfied"}), 409,
                 "rating_closed")
    # Another counter's screen may neither rate nor watch counter 1.
    screen2 = office.client(token=SCREEN2)
    expect_error(screen2.post("/api/v1/counters/1/rating", {"ticket": second["id"], "level": "satisfied"}), 403,
                 "forbidden")
    expect_error(screen2.get("/api/v1/counters/1/rating-screen"), 403, "forbidden")
    ok(screen1.post("/api/v1/counters/1/rating", {"ticket": second["id"], "level": "satisfied"}), 201)
    ok(rate_phone(office, first, "neutral"), 201)  # the first citizen still can, from the QR


def test_a_phone_rates_only_the_ticket_whose_public_id_it_holds(office):
    t = served(office, office.staff1)
    expect_error(office.anon.post("/api/v1/tickets/" + "0" * 32 + "/rating", {"level": "satisfied"}), 404,
                 "unknown_ticket")
    expect_error(office.anon.post(f"/api/v1/tickets/{t['id']}/rating", {"level": "satisfied"}), 404,
                 "unknown_ticket")  # the internal id is no key
    expect_error(office.anon.post(f"/api/v1/tickets/{t['code']}/rating", {"level": "satisfied"}), 404,
                 "unknown_ticket")  # nor is the printed code
    # Staff, kiosks and the leader cannot rate in the citizen's place.
    for client in (office.staff1, office.role("kiosk"), office.role("leader"), office.role("admin")):
        expect_error(client.post(f"/api/v1/tickets/{t['public_id']}/rating", {"level": "very_satisfied"}), 403,
                     "forbidden")
    expect_error(office.staff1.post("/api/v1/counters/1/rating", {"ticket": t["id"], "level": "very_satisfied"}),
                 403, "forbidden")
    assert ok(office.role("leader").get("/api/v1/ratings"))["ratings"] == []


def test_only_a_finished_ticket_is_rated(office):
    waiting = office.issue("ho_tich")
    expect_error(rate_phone(office, waiting), 409, "ticket_wrong_state")
    ok(office.staff1.post("/api/v1/counters/1/call-next"))
    expect_error(rate_phone(office, waiting), 409, "ticket_wrong_state")  # called
    ok(office.staff1.post("/api/v1/counters/1/no-show"))
    expect_error(rate_phone(office, waiting), 409, "ticket_wrong_state")  # no-show
    cancelled = office.issue("ho_tich")
    ok(office.role("leader").post(f"/api/v1/tickets/{cancelled['id']}/cancel", {"reason": "công dân về"}))
    expect_error(rate_phone(office, cancelled), 409, "ticket_wrong_state")


def test_bad_ratings_are_refused_naming_what_is_wrong(office):
    t = served(office, office.staff1)
    seq = office.seq()
    expect_error(office.anon.post(f"/api/v1/tickets/{t['public_id']}/rating", {}), 400, "invalid_argument", "level")
    expect_error(rate_phone(office, t, 4), 400, "invalid_argument", "level")
    expect_error(rate_phone(office, t, "great"), 400, "invalid_argument", "great")
    expect_error(rate_phone(office, t, answers={"parking": "satisfied"}), 400, "invalid_argument", "parking")
    expect_error(rate_phone(office, t, answers={"officer": "ok"}), 400, "invalid_argument", "answers.officer")
    expect_error(rate_phone(office, t, answers=["officer"]), 400, "invalid_argument", "answers")
    expect_error(rate_phone(office, t, comment=7), 400, "invalid_argument", "comment")
    # 500 characters at most, counted as characters: 501 "ệ" (3 bytes each) are too many.
    expect_error(rate_phone(office, t, comment="ệ" * 501), 400, "invalid_argument", "501 characters")
    expect_error(rate_phone(office, t, comment="a\u0007b"), 400, "invalid_argument", "control character")
    raw = office.anon.call("POST", f"/api/v1/tickets/{t['public_id']}/rating",
                           data=b'{"level":"satisfied","comment":"\xc3("}',
                           headers={"Content-Type": "application/json"})
    assert raw.status_code == 400 and raw.json()["error"]["code"] in ("invalid_json", "invalid_argument"), raw.text
    assert office.seq() == seq  # nothing was written
    ok(rate_phone(office, t, comment="ệ" * 500), 201)
    listed = ok(office.role("leader").get("/api/v1/ratings"))["ratings"]
    assert listed[0]["comment"] == "ệ" * 500


def test_ratings_list_and_follow_up_are_the_leaders(office):
    t = served(office, office.staff1)
    ok(rate_phone(office, t, "dissatisfied", comment="Chờ lâu quá"), 201)
    expect_error(office.anon.get("/api/v1/ratings"), 401, "unauthenticated")
    for client in (office.staff1, office.role("display"), office.client(token=SCREEN1)):
        expect_error(client.get("/api/v1/ratings"), 403, "forbidden")
        expect_error(client.post(f"/api/v1/ratings/{t['code']}/follow-up", {"note": "x"}), 403, "forbidden")
    leader = office.role("leader")
    expect_error(leader.post(f"/api/v1/ratings/{t['code']}/follow-up", {"note": "  "}), 400, "invalid_argument")
    done = ok(leader.post(f"/api/v1/ratings/{t['code']}/follow-up", {"note": "Đã gọi điện xin lỗi công dân"}))
    assert done == {"code": t["code"], "follow_ups": 1}
    listed = ok(leader.get("/api/v1/ratings", params={"level": "dissatisfied"}))
    assert listed["followed_up"] == 1
    assert listed["ratings"][0]["follow_ups"][0]["note"] == "Đã gọi điện xin lỗi công dân"
    assert ok(leader.get("/api/v1/ratings", params={"level": "satisfied"}))["ratings"] == []
    expect_error(leader.get("/api/v1/ratings", params={"level": "5"}), 400, "invalid_argument")


def test_a_dissatisfied_rating_reaches_the_leader_live_and_nobody_else_sees_the_comment(office):
    leader_ws = stream(office, "demo-leader-token-0001")
    tv_ws = stream(office, "demo-display-token-0001")
    assert next_of(leader_ws, "snapshot") and next_of(tv_ws, "snapshot")
    t = served(office, office.staff1)
    ok(rate_phone(office, t, "dissatisfied", comment="Cán bộ không hướng dẫn"), 201)
    alert = next_of(leader_ws, "rating_alert")["rating"]
    assert alert["code"] == t["code"] and alert["field"] == "ho_tich" and alert["field_name"] == "Hộ tịch"
    assert alert["counter"] == 1 and alert["staff"] == "nv01" and alert["staff_name"] == "Nguyễn Thị Lan"
    assert alert["comment"] == "Cán bộ không hướng dẫn" and alert["at"]
    # The TV gets the event (the level, for live counts) but never the alert or the words.
    ev = next_of(tv_ws, "event")
    while ev["event"]["kind"] != "ticket_rated":
        ev = next_of(tv_ws, "event")
    assert ev["event"]["level"] == "dissatisfied" and "Cán bộ" not in json.dumps(ev)
    tv_ws.settimeout(0.5)
    with pytest.raises(websocket.WebSocketTimeoutException):
        while True:
            assert json.loads(tv_ws.recv())["type"] != "rating_alert"
    # A satisfied rating raises no alert.
    t2 = served(office, office.staff1)
    ok(rate_phone(office, t2, "very_satisfied"), 201)
    ev = next_of(leader_ws, "event")
    while ev["event"]["kind"] != "ticket_rated":
        assert ev["type"] != "rating_alert"
        ev = next_of(leader_ws, "event")
    assert ev["event"]["level"] == "very_satisfied"
    leader_ws.close()
    tv_ws.close()


def test_the_rating_screen_stream_sends_only_its_view(office):
    ws = stream(office, SCREEN1)
    first = json.loads(ws.recv())
    assert first["type"] == "rating_screen" and first["screen"]["state"] == "idle", first
    t = served(office, office.staff1)
    m = next_of(ws, "rating_screen")
    while m["screen"]["state"] != "rate":
        m = next_of(ws, "rating_screen")
    assert m["screen"]["ticket"]["code"] == t["code"]
    ok(office.client(token=SCREEN1).post("/api/v1/counters/1/rating", {"ticket": t["id"], "level": "satisfied"}), 201)
    assert next_of(ws, "rating_screen")["screen"]["state"] == "rated"
    ws.close()


def test_the_satisfaction_report_in_every_format(office):
    staff2 = office.login("nv02", 2)
    a = served(office, office.staff1)
    b = served(office, office.staff1)
    c = served(office, staff2, counter=2, field="chung_thuc")
    ok(office.client(token=SCREEN2).post("/api/v1/counters/2/rating", {"ticket": c["id"], "level": "satisfied"}),
       201)
    served(office, staff2, counter=2, field="chung_thuc")  # served, not rated
    ok(rate_phone(office, a, "very_satisfied", answers={"officer": "satisfied"}), 201)
    ok(rate_phone(office, b, "dissatisfied", answers={"officer": "dissatisfied"}, comment="Thiếu hướng dẫn"), 201)
    leader = office.role("leader")
    r = ok(leader.get("/api/v1/reports/satisfaction", timeout=60))
    total = r["total"]
    assert total["served"] == 4 and total["ratings"]["count"] == 3
    assert total["ratings"]["response_rate"] == pytest.approx(0.75)
    assert total["ratings"]["share_satisfied"] == pytest.approx(2 / 3)
    fields = {f["key"]: f for f in r["fields"]}
    assert fields["ho_tich"]["ratings"]["share_satisfied"] == pytest.approx(0.5)
    assert fields["chung_thuc"]["ratings"]["response_rate"] == pytest.approx(0.5)
    assert [(c["comment"], c["staff"], c["level"]) for c in r["comments"]] == [("Thiếu hướng dẫn", "nv01", "dissatisfied")]
    officer = next(q for q in r["questions"] if q["id"] == "officer")
    assert officer["responses"] == 2
    raw = leader.get("/api/v1/reports/satisfaction", params={"format": "csv"}, timeout=60).content
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw[3:].decode("utf-8")
    assert "Thiếu hướng dẫn" in text and "Hộ tịch" in text
    assert list(csv.reader(io.StringIO(text, newline="")))
    x = leader.get("/api/v1/reports/satisfaction", params={"format": "xlsx"}, timeout=60)
    z = zipfile.ZipFile(io.BytesIO(x.content))
    assert z.testzip() is None
    strings = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
    assert "Thiếu hướng dẫn" in strings
    html = leader.get("/api/v1/reports/satisfaction", params={"format": "html"}, timeout=60).content.decode()
    assert '<html lang="vi"' in html and "Thiếu hướng dẫn" in html and "<script" not in html.lower()
    expect_error(office.staff1.get("/api/v1/reports/satisfaction"), 403, "forbidden")


def test_an_acknowledged_rating_survives_sigkill(office):
    t = served(office, office.staff1)
    ok(rate_phone(office, t, "neutral", comment="Bình thường thôi"), 201)
    office.kill()  # straight after the 201
    office.start()
    expect_error(rate_phone(office, t, "very_satisfied"), 409, "already_rated")
    listed = ok(office.role("leader").get("/api/v1/ratings"))["ratings"]
    assert [(r["code"], r["level"], r["comment"]) for r in listed] == [(t["code"], "neutral", "Bình thường thôi")]
