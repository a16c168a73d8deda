# The editors' information (issue 13) through the API with independent
# clients: notices and procedure sheets created, edited, refused and deleted;
# what the public screens get (/info); who may do what; every change an event
# with who and when, committed before the reply (a SIGKILL right after a 2xx
# loses nothing); a pause that says when the counter is back.
import json
import re
import socket
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import websocket

from conftest import TOKENS, expect_error

EDITOR = "demo-editor-token-0001"
OFFICE_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
VI_CONFLICT = "Nội dung này vừa được người khác sửa, xin tải lại rồi sửa tiếp"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def office_now():
    return datetime.now(OFFICE_TZ)


def local(dt):
    """What the editor's page sends: the office's wall-clock time, no offset."""
    return dt.strftime("%Y-%m-%dT%H:%M")


@pytest.fixture(scope="module")
def d(module_qmsd):
    return module_qmsd


@pytest.fixture(scope="module")
def editor(d):
    return d.client(token=EDITOR)


def notice_ids(client):
    r = client.get("/api/v1/notices")
    assert r.status_code == 200, r.text
    return [n["id"] for n in r.json()["notices"]]


def test_editor_creates_edits_and_deletes_a_notice(d, editor):
    r = editor.post("/api/v1/notices", {"title": "Nghỉ lễ Quốc khánh",
                                         "text": "Bộ phận một cửa nghỉ từ 01/9 đến 03/9.",
                                         "screens": ["tv", "board"], "order": 2})
    assert r.status_code == 201, r.text
    n = r.json()["notice"]
    assert re.fullmatch(r"n\d+", n["id"]), n
    assert n["version"] == 1 and n["updated_by"] == "editor:bientap" and n["status"] == "active"
    assert n["screens"] == ["tv", "board"] and n["order"] == 2
    assert n["starts_at"] is None and n["ends_at"] is None
    assert n["id"] in notice_ids(editor)

    edited = editor.call("PUT", f"/api/v1/notices/{n['id']}",
                         json_body={"title": "Nghỉ lễ", "text": "Nghỉ từ 01/9 đến 03/9.", "screens": ["tv"], "version": 1})
    assert edited.status_code == 200, edited.text
    assert edited.json()["notice"]["version"] == 2 and edited.json()["notice"]["screens"] == ["tv"]

    # Someone still holding version 1 is told, and nothing is overwritten.
    stale = editor.call("PUT", f"/api/v1/notices/{n['id']}", json_body={"text": "Bản cũ", "version": 1})
    body = expect_error(stale, 409, "content_conflict")
    assert body["error"]["vi"] == VI_CONFLICT
    assert "version 2" in body["error"]["message"]
    assert editor.get("/api/v1/notices").json()["notices"][notice_ids(editor).index(n["id"])]["text"] == "Nghỉ từ 01/9 đến 03/9."

    expect_error(editor.delete(f"/api/v1/notices/{n['id']}?version=1"), 409, "content_conflict")
    assert editor.delete(f"/api/v1/notices/{n['id']}?version=2").status_code == 204
    assert n["id"] not in notice_ids(editor)
    expect_error(editor.delete(f"/api/v1/notices/{n['id']}"), 404, "unknown_notice")
    expect_error(editor.call("PUT", "/api/v1/notices/n999999", json_body={"text": "x"}), 404, "unknown_notice")

    # The leader may edit too.
    lead = d.role("leader").post("/api/v1/notices", {"text": "Lãnh đạo tiếp công dân chiều thứ Năm", "screens": ["kiosk"]})
    assert lead.status_code == 201 and lead.json()["notice"]["updated_by"] == "leader:leader"
    assert editor.delete(f"/api/v1/notices/{lead.json()['notice']['id']}").status_code == 204


def test_public_screens_get_what_is_shown_there_now(d, editor):
    now = office_now()
    made = []

    def make(**body):
        r = editor.post("/api/v1/notices", body)
        assert r.status_code == 201, r.text
        made.append(r.json()["notice"])
        return r.json()["notice"]

    later = make(text="Sau", screens=["tv"], order=5)
    first = make(title="Trước", text="Hiện trước", screens=["tv", "kiosk"], order=-5)
    soon = make(text="Sắp tới", screens=["tv"], starts_at=local(now + timedelta(hours=2)),
                ends_at=local(now + timedelta(hours=3)))
    ended = make(text="Đã qua", screens=["tv"], starts_at=(now - timedelta(hours=2)).isoformat(timespec="seconds"),
                 ends_at=(now - timedelta(hours=1)).isoformat(timespec="seconds"))
    try:
        assert soon["status"] == "scheduled" and ended["status"] == "ended"
        # A local time is the office's: it comes back with the office's offset.
        assert soon["starts_at"] == (now + timedelta(hours=2)).replace(second=0, microsecond=0).isoformat()
        tv = d.anon.get("/api/v1/info?screen=tv")
        assert tv.status_code == 200, tv.text
        info = tv.json()
        ids = [n["id"] for n in info["notices"]]
        assert [i for i in ids if i in {x["id"] for x in made}] == [first["id"], later["id"]]
        assert all("updated_by" not in n and "version" not in n for n in info["notices"])
        assert info["next_change_at"] == soon["starts_at"]
        assert info["apology"] and info["page_seconds"] == 12
        kiosk = d.anon.get("/api/v1/info?screen=kiosk").json()
        assert [n["id"] for n in kiosk["notices"] if n["id"] in {x["id"] for x in made}] == [first["id"]]
        expect_error(d.anon.get("/api/v1/info?screen=radio"), 400, "invalid_argument", "screen")
    finally:
        for n in made:
            assert editor.delete(f"/api/v1/notices/{n['id']}").status_code == 204


BAD_NOTICES = [
    ({}, "'text' must not be empty"),
    ({"text": "ệ" * 1001}, "'text' has 1001 characters, at most 1000 are allowed"),
    ({"text": "x", "title": "Đ" * 121}, "'title' has 121 characters"),
    ({"text": 5}, "'text' must be a string"),
    ({"text": "x", "screen": ["tv"]}, "unknown member 'screen'"),
    ({"text": "x", "screens": []}, "'screens' must name at least one"),
    ({"text": "x", "screens": ["tv", "radio"]}, "'screens' may only name tv, board, kiosk"),
    ({"text": "x", "screens": "tv"}, "'screens' must be a list"),
    ({"text": "x", "starts_at": "2026-13-01T08:00"}, "'starts_at'"),
    ({"text": "x", "starts_at": "tomorrow"}, "'starts_at'"),
    ({"text": "x", "starts_at": "2026-09-02T08:00", "ends_at": "2026-09-01T08:00"}, "'ends_at' must be after"),
    ({"text": "x\u0007"}, "control character"),
    ({"text": "x", "order": 5000}, "'order' must be -1000 to 1000"),
    ({"text": "x", "order": "first"}, "'order' must be an integer"),
]


@pytest.mark.parametrize("body,names", BAD_NOTICES, ids=[n for _, n in BAD_NOTICES])
def test_a_bad_notice_is_refused_naming_what_is_wrong_and_changes_nothing(d, editor, body, names):
    seq = d.seq()
    expect_error(editor.post("/api/v1/notices", body), 400, "invalid_argument", names)
    assert d.seq() == seq


def test_bytes_that_are_not_json_or_not_utf8_are_refused(d, editor):
    seq = d.seq()
    headers = {"Content-Type": "application/json"}
    expect_error(editor.call("POST", "/api/v1/notices", data=b'{"text": "Ho\xff tich"}', headers=headers), 400, "invalid_json")
    expect_error(editor.call("POST", "/api/v1/notices", data=b'{"text": ', headers=headers), 400, "invalid_json")
    expect_error(editor.call("POST", "/api/v1/notices", data=b'{"text": "x"}', headers={"Content-Type": "text/plain"}),
                 415, "unsupported_media_type")
    big = json.dumps({"text": "x" * 20000}).encode()
    expect_error(editor.call("POST", "/api/v1/notices", data=big, headers=headers), 413, "body_too_large")
    assert d.seq() == seq


SHEET = {"documents": ["Tờ khai đăng ký khai sinh (theo mẫu)", "Giấy chứng sinh (bản chính)",
                       "Căn cước công dân của người đi đăng ký"],
         "fees": "Miễn lệ phí (đăng ký đúng hạn)", "processing_time": "Trong ngày làm việc",
         "legal_basis": "Luật Hộ tịch 2014; Nghị định 123/2015/NĐ-CP", "notes": ""}


def test_procedure_sheets_are_public_to_read_and_versioned_to_edit(d, editor):
    r = editor.call("PUT", "/api/v1/procedures/ho_tich", json_body=dict(SHEET, version=0))
    assert r.status_code == 200, r.text
    p = r.json()["procedure"]
    assert p["version"] == 1 and p["field_name"] == "Hộ tịch" and p["documents"] == SHEET["documents"]
    assert p["notes"] is None and p["updated_by"] == "editor:bientap"
    public = d.anon.get("/api/v1/procedures/ho_tich").json()["procedure"]
    assert public["documents"] == SHEET["documents"] and "updated_by" not in public and "version" not in public
    assert [x["field"] for x in d.anon.get("/api/v1/procedures").json()["procedures"]] == ["ho_tich"]
    assert d.anon.get("/api/v1/procedures/dat_dai").json() == {"procedure": None}
    expect_error(d.anon.get("/api/v1/procedures/khong_co"), 404, "unknown_field")
    expect_error(editor.call("PUT", "/api/v1/procedures/khong_co", json_body=SHEET), 404, "unknown_field")
    expect_error(editor.call("PUT", "/api/v1/procedures/ho_tich", json_body=dict(SHEET, version=0)), 409, "content_conflict")
    expect_error(editor.call("PUT", "/api/v1/procedures/ho_tich", json_body={"documents": ["x"] * 31}), 400,
                 "invalid_argument", "at most 30")
    expect_error(editor.call("PUT", "/api/v1/procedures/ho_tich", json_body={"documents": []}), 400,
                 "invalid_argument", "needs at least one")
    expect_error(editor.call("PUT", "/api/v1/procedures/ho_tich", json_body={"fee": "x"}), 400,
                 "invalid_argument", "unknown member 'fee'")
    r2 = editor.call("PUT", "/api/v1/procedures/ho_tich", json_body=dict(SHEET, fees="50.000 đồng", version=1))
    assert r2.json()["procedure"]["version"] == 2
    assert d.anon.get("/api/v1/info?screen=kiosk").json()["procedures"][0]["fees"] == "50.000 đồng"
    assert editor.delete("/api/v1/procedures/ho_tich?version=2").status_code == 204
    assert d.anon.get("/api/v1/procedures").json()["procedures"] == []
    expect_error(editor.delete("/api/v1/procedures/ho_tich"), 404, "not_found")


CONTENT_WRITES = [("POST", "/api/v1/notices", {"text": "x"}), ("PUT", "/api/v1/procedures/ho_tich", SHEET),
                  ("DELETE", "/api/v1/notices/n1", None), ("DELETE", "/api/v1/procedures/ho_tich", None),
                  ("GET", "/api/v1/notices", None), ("GET", "/api/v1/content/history", None),
                  ("POST", "/api/v1/board-preview", {})]


@pytest.mark.parametrize("role", ["kiosk", "display", "staff"])
def test_only_editors_and_the_leader_change_content(d, role):
    c = d.login("nv03", 3) if role == "staff" else d.role(role)
    seq = d.seq()
    for method, path, body in CONTENT_WRITES:
        expect_error(c.call(method, path, json_body=body), 403, "forbidden")
        expect_error(d.anon.call(method, path, json_body=body), 401, "unauthenticated")
    assert d.seq() == seq
    if role == "staff":
        assert c.delete("/api/v1/sessions/current").status_code == 204


def test_an_editor_does_nothing_else(d, editor):
    seq = d.seq()
    for method, path, body in [("GET", "/api/v1/counters", None), ("GET", "/api/v1/counters/1", None),
                               ("GET", "/api/v1/stats/fields", None), ("GET", "/api/v1/events", None),
                               ("GET", "/api/v1/reports/daily", None), ("GET", "/api/v1/devices", None),
                               ("POST", "/api/v1/tickets", {"field": "ho_tich", "request_id": "ed-1"}),
                               ("POST", "/api/v1/counters/1/open", {"staff": "nv01"}),
                               ("POST", "/api/v1/counters/1/pause", {"reason": "break"}),
                               ("POST", "/api/v1/tickets/A001/cancel", {}),
                               ("POST", "/api/v1/admin/reload", {}), ("POST", "/api/v1/admin/backup", {})]:
        expect_error(editor.call(method, path, json_body=body), 403, "forbidden")
    assert d.seq() == seq
    for path in ["/api/v1/health", "/api/v1/fields", "/api/v1/info", "/api/v1/procedures", "/api/v1/display"]:
        assert editor.get(path).status_code == 200, path


def test_every_change_is_an_event_with_who_what_and_when(d, editor):
    tv = websocket.create_connection(f"ws://127.0.0.1:{d.port}/api/v1/stream?token={TOKENS['display']}", timeout=5)
    try:
        assert json.loads(tv.recv())["type"] == "snapshot"
        n = editor.post("/api/v1/notices", {"text": "Theo dõi sự kiện", "screens": ["board"]}).json()["notice"]
        msg = json.loads(tv.recv())
        assert msg["type"] == "event" and msg["event"]["kind"] == "notice_saved"
        # The hall's TV learns what changed, not who changed it (the leader's log says who, below).
        assert "actor" not in msg["event"] and "reason" not in msg["event"]
        assert msg["event"]["content"]["text"] == "Theo dõi sự kiện" and msg["event"]["version"] == 1
        assert editor.delete(f"/api/v1/notices/{n['id']}").status_code == 204
        gone = json.loads(tv.recv())["event"]
        assert gone["kind"] == "notice_deleted" and gone["content"]["text"] == "Theo dõi sự kiện"
    finally:
        tv.close()
    logged = d.role("leader").get("/api/v1/events?kind=notice_saved&limit=1000").json()["events"]
    assert any(e["reason"] == n["id"] and e["at"] and e["actor"] == "editor:bientap" for e in logged)
    history = editor.get("/api/v1/content/history?limit=2").json()["changes"]
    assert [c["kind"] for c in history] == ["notice_deleted", "notice_saved"]
    assert history[0]["seq"] > history[1]["seq"]
    expect_error(editor.get("/api/v1/content/history?limit=0"), 400, "invalid_argument", "limit")


def test_content_acknowledged_survives_sigkill(daemon_factory):
    q = daemon_factory(name="content-kill")
    ed = q.client(token=EDITOR)
    n = ed.post("/api/v1/notices", {"title": "Bền vững", "text": "Đã lưu trước khi trả lời"}).json()["notice"]
    ed.call("PUT", f"/api/v1/notices/{n['id']}", json_body={"text": "Bản 2", "version": 1})
    p = ed.call("PUT", "/api/v1/procedures/chung_thuc", json_body={"documents": ["Bản chính", "Bản sao"]})
    assert p.status_code == 200
    q.kill()  # straight after the last 2xx
    q.start()
    notices = ed.get("/api/v1/notices").json()["notices"]
    assert [(x["id"], x["text"], x["version"]) for x in notices] == [(n["id"], "Bản 2", 2)]
    assert q.anon.get("/api/v1/procedures/chung_thuc").json()["procedure"]["documents"] == ["Bản chính", "Bản sao"]
    # Still versioned from where it was: a stale edit is still refused.
    expect_error(ed.call("PUT", f"/api/v1/notices/{n['id']}", json_body={"text": "x", "version": 1}), 409,
                 "content_conflict")


def test_a_pause_says_when_the_counter_is_back(d):
    admin = d.role("admin")
    assert admin.post("/api/v1/counters/4/open", {"staff": "nv04"}).status_code == 200
    now = office_now()
    r = admin.post("/api/v1/counters/4/pause", {"reason": "meeting", "return_in_minutes": 15})
    back = now + timedelta(minutes=15)
    if back.date() != now.date():  # past midnight: the office is closed by then
        expect_error(r, 400, "invalid_argument", "later today")
        return
    assert r.status_code == 200, r.text
    c = r.json()["counter"]
    assert c["state"] == "paused" and c["pause_reason"] == "meeting" and c["pause_reason_name"] == "Họp"
    expected = datetime.fromisoformat(c["expected_back"])
    assert abs((expected - back).total_seconds()) < 60
    hhmm = expected.strftime("%H:%M")
    display = d.anon.get("/api/v1/display").json()
    c4 = next(x for x in display["counters"] if x["number"] == 4)
    assert c4["expected_back"] == c["expected_back"] and c4["pause_reason_name"] == "Họp"
    assert display["apology"] == "Thành thật xin lỗi công dân vì sự chờ đợi."
    paused = d.anon.get("/api/v1/info?screen=tv").json()["paused"]
    assert {"counter": 4, "name": "Quầy 4", "reason": "meeting", "reason_name": "Họp",
            "expected_back": c["expected_back"],
            "text": f"Quầy 4 tạm dừng: Họp. Dự kiến làm việc trở lại lúc {hhmm}."}.items() <= next(
                p for p in paused if p["counter"] == 4).items()
    pause_events = d.role("leader").get("/api/v1/events?kind=counter_paused&counter=4").json()["events"]
    assert pause_events[-1]["expected_back"] == c["expected_back"]
    assert admin.post("/api/v1/counters/4/resume").status_code == 200
    assert all(p["counter"] != 4 for p in d.anon.get("/api/v1/info?screen=tv").json()["paused"])
    # Without a time (the keypad's pause): paused, nothing promised.
    r = admin.post("/api/v1/counters/4/pause", {"reason": "break"})
    assert r.status_code == 200 and r.json()["counter"]["expected_back"] is None
    assert admin.post("/api/v1/counters/4/resume").status_code == 200
    assert admin.post("/api/v1/counters/4/close").status_code == 200


@pytest.mark.parametrize("body,names", [
    ({"reason": "break", "return_in_minutes": 0}, "return_in_minutes"),
    ({"reason": "break", "return_in_minutes": 481}, "return_in_minutes"),
    ({"reason": "break", "return_in_minutes": "15"}, "return_in_minutes"),
    ({"reason": "break", "return_at": "25:00"}, "return_at"),
    ({"reason": "break", "return_at": "9:5"}, "return_at"),
    ({"reason": "break", "return_at": "10:00", "return_in_minutes": 5}, "not both"),
], ids=["zero", "too-long", "string", "hour", "shape", "both"])
def test_a_bad_expected_return_is_refused(d, body, names):
    admin = d.role("admin")
    assert admin.post("/api/v1/counters/5/open", {"staff": "nv05"}).status_code == 200
    try:
        seq = d.seq()
        expect_error(admin.post("/api/v1/counters/5/pause", body), 400, "invalid_argument", names)
        assert d.seq() == seq
    finally:
        assert admin.post("/api/v1/counters/5/close").status_code == 200


def test_a_return_time_already_passed_is_refused(d):
    admin = d.role("admin")
    now = office_now()
    if now.hour == 0 and now.minute == 0:
        past = None  # no earlier minute today
    else:
        past = (now - timedelta(minutes=1)).strftime("%H:%M")
    assert admin.post("/api/v1/counters/5/open", {"staff": "nv05"}).status_code == 200
    try:
        if past is not None:
            expect_error(admin.post("/api/v1/counters/5/pause", {"reason": "break", "return_at": past}), 400,
                         "invalid_argument", "already passed")
    finally:
        assert admin.post("/api/v1/counters/5/close").status_code == 200


BOARD = """
[[bus]]
id = "gw"
type = "modbus_tcp"
host = "127.0.0.1"
tcp_port = {port}
retry_backoff_ms = 1000

[[device]]
id = "bang_chinh"
bus = "gw"
address = 1
role = "main_board"
digits = 20
lines = 8
"""


def test_board_preview_shows_the_pages_with_the_draft(daemon_factory):
    # The board's gateway is not there: the preview is what the board will be sent, worked out the same way.
    q = daemon_factory(name="preview", extra=BOARD.format(port=free_port()))
    ed = q.client(token=EDITOR)
    base = ed.get("/api/v1/board-preview").json()
    assert base["page_seconds"] == 6 and base["draft_on_boards"] is None
    [b] = base["boards"]
    # 8 lines: the demo's 6 latest calls, 2 information lines.
    assert (b["id"], b["width"], b["call_lines"], b["info_lines"], b["unicode"]) == ("bang_chinh", 20, 6, 2, False)
    assert b["pages"][0] == ["Duong day nong: 1022", ""]
    draft = {"title": "Nghỉ lễ", "text": "Ngày 2/9 bộ phận một cửa nghỉ", "screens": ["board"]}
    r = ed.post("/api/v1/board-preview", {"notice": draft})
    assert r.status_code == 200, r.text
    pages = r.json()["boards"][0]["pages"]
    flat = [line for page in pages for line in page]
    assert "Nghi le: Ngay 2/9 bo" in flat, pages  # transliterated, wrapped at 20 without cutting a word
    assert all(len(line) <= 20 for line in flat)
    tv_only = ed.post("/api/v1/board-preview", {"notice": dict(draft, screens=["tv"])}).json()
    assert tv_only["draft_on_boards"] is False
    assert all("Nghi le" not in line for page in tv_only["boards"][0]["pages"] for line in page)
    expect_error(ed.post("/api/v1/board-preview", {"notice": {"text": ""}}), 400, "invalid_argument")
