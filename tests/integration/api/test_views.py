# The narrowest view per role: every route of the daemon's own route table
# (GET /admin/routes, so a new route is covered without touching this file),
# called by every role, and every live-stream message each role receives, are
# searched for what that role must not see:
#   - a citizen's phone, a ticket's public id (its status URL carries it too),
#   - which staff member works where (their id; the name is on the counter's sign),
#   - a free-text reason typed by staff or the leader.
# Kiosks and TVs stand in the public hall and the anonymous ticket stream is a
# citizen's phone: none of these. Staff see the private parts only of tickets at
# their own counter and in its fields. The leader and admins see everything.
# The secrets are looked for as text anywhere in a reply, not by member name.
import json
import re
import threading
import uuid

import pytest
import websocket

from conftest import KIOSK2_TOKEN, PINS, TOKENS

REASON = "GHICHU-RIENG-7731 công dân nhờ hủy"   # a free-text cancel reason
BOOKER, BOOKER_PHONE = "Phạm Thị Khuyên", "0912000222"  # an appointment's holder
# Any staff id but nv05's: the state-changing routes log nv05 in as every role,
# and a login's reply names the one who logged in.
STAFF_ID = re.compile(r"\bnv0[1-46-8]\b")
ROLES = ["public", "kiosk", "display", "staff", "leader", "admin"]
# Path parameters by name; a route with a parameter not listed here fails the
# test until someone decides what to call it with.
ACTIONS_BODY = {"open": {"staff": "nv02"}, "call": {"ticket": "A001"}, "transfer": {"field": "chung_thuc"},
                "pause": {"reason": "break"}}


class Office:
    """Tickets with phones in several fields, three counters at work, a cancel with a reason."""

    def __init__(self, d):
        self.d = d
        self.tickets = {}  # name → ticket as the issuing kiosk got it (with phone and public id)
        for i, (name, field) in enumerate([("a", "ho_tich"), ("b", "ho_tich"), ("f", "ho_tich"),
                                           ("c", "dat_dai"), ("e", "dat_dai"), ("d", "ldtbxh"),
                                           ("g", "chung_thuc")]):
            self.tickets[name] = d.issue(field, kiosk="kiosk2", phone=f"09{7700000 + i:08d}")
            assert self.tickets[name]["phone"] and self.tickets[name]["public_id"]
        self.clients = {
            "public": d.client(), "kiosk": d.client("kiosk"), "display": d.client("display"),
            "leader": d.client("leader"), "admin": d.client("admin"), "staff": d.login("nv01", 1),
        }
        s3, s6 = d.login("nv03", 3), d.login("nv06", 6)
        staff = self.clients["staff"]
        # Counter 1: A is called, B parked; counter 3 serves C with E parked; counter 6 pauses.
        assert staff.post("/api/v1/counters/1/call", {"ticket": self.tickets["b"]["code"]}).status_code == 200
        assert staff.post("/api/v1/counters/1/park").status_code == 200
        assert staff.post("/api/v1/counters/1/call", {"ticket": self.tickets["a"]["code"]}).status_code == 200
        assert s3.post("/api/v1/counters/3/call", {"ticket": self.tickets["e"]["code"]}).status_code == 200
        assert s3.post("/api/v1/counters/3/park").status_code == 200
        assert s3.post("/api/v1/counters/3/call", {"ticket": self.tickets["c"]["code"]}).status_code == 200
        assert s3.post("/api/v1/counters/3/start").status_code == 200
        assert s6.post("/api/v1/counters/6/pause", {"reason": "break"}).status_code == 200
        r = self.clients["leader"].post(f"/api/v1/tickets/{self.tickets['f']['id']}/cancel", {"reason": REASON})
        assert r.status_code == 200, r.text
        # An appointment for tomorrow: its holder's name and whole number are
        # for the leader only (staff see the name and a masked number).
        slots = self.clients["public"].get("/api/v1/booking").json()
        tomorrow = slots["days"][1]["day"]
        r = self.clients["public"].post("/api/v1/bookings", {"field": "chung_thuc", "day": tomorrow, "time": "10:00",
                                                           "name": BOOKER, "phone": BOOKER_PHONE})
        assert r.status_code == 201, r.text
        self.booking = r.json()["booking"]
        self.own = {"a", "b", "f", "g"}  # counter 1's fields: ho_tich, chung_thuc

    def secrets(self, role):
        """What `role` must not find anywhere in a reply: [(label, text or regex)]."""
        if role in ("leader", "admin"):
            return []
        out = []
        for name, t in self.tickets.items():
            if role == "staff" and name in self.own:
                continue
            out += [(f"phone of {t['code']}", t["phone"]), (f"public id of {t['code']}", t["public_id"])]
        if role != "staff":
            out += [("a staff id", STAFF_ID), ("the cancel reason", REASON.split()[0]),
                    ("the booking holder's name", BOOKER), ("the booking's code", self.booking["code"])]
        out += [("the booking holder's phone", BOOKER_PHONE)]
        return out

    def samples(self):
        return {"n": "1", "public_id": self.tickets["a"]["public_id"], "id": self.tickets["g"]["code"],
                "page": "counter.html", "dir": "js", "file": "api.js", "field": "ho_tich",
                "ticket": self.tickets["g"]["code"], "code": self.booking["code"]}


def leaks(text, secrets):
    found = []
    for label, secret in secrets:
        if (secret.search(text) if isinstance(secret, re.Pattern) else secret in text):
            found.append(label)
    return found


def routes(d):
    r = d.role("admin").get("/api/v1/admin/routes")
    assert r.status_code == 200, r.text
    table = r.json()["routes"]
    assert len(table) > 40, table  # the whole API, not a stub
    return table


def fill(path, samples):
    def one(m):
        assert m.group(1) in samples, f"no sample value for {{{m.group(1)}}} in {path}: add one to test_views.py"
        return samples[m.group(1)]
    return re.sub(r"\{(\w+)\}", one, path)


@pytest.fixture(scope="module")
def office(module_qmsd):
    return Office(module_qmsd)


def test_the_office_has_secrets_the_leader_sees(office):
    """The control: every secret is there to be found, so the searches below can fail."""
    leader = office.clients["leader"]
    paths = ["/api/v1/counters", "/api/v1/events"] + [f"/api/v1/counters/{n}" for n in (1, 3, 6)]
    text = "".join(leader.get(p).text for p in paths)
    for t in office.tickets.values():
        if t["code"] != office.tickets["f"]["code"]:  # cancelled: in no queue
            assert t["phone"] in text and t["public_id"] in text, t["code"]
    assert STAFF_ID.search(text) and REASON in text


@pytest.mark.parametrize("role", ROLES)
def test_every_get_route_shows_each_role_only_its_view(office, role):
    c = office.clients[role]
    checked = 0
    for route in routes(office.d):
        if route["method"] not in ("GET", "HEAD"):
            continue
        path = fill(route["path"], office.samples())
        r = c.call(route["method"], path)
        bad = leaks(r.text, office.secrets(role))
        assert not bad, f"{role} {route['method']} {path} ({r.status_code}) shows {bad}: {r.text[:400]}"
        checked += 1
    assert checked > 15


def test_the_display_still_gets_what_the_tv_shows(office):
    counters = office.clients["display"].get("/api/v1/counters").json()["counters"]
    one = next(c for c in counters if c["number"] == 1)
    assert one["ticket"]["code"] == office.tickets["a"]["code"] and one["staff_name"] == "Nguyễn Thị Lan"
    assert [p["code"] for p in one["parked"]] == [office.tickets["b"]["code"]]
    assert "staff" not in one and "phone" not in one["ticket"] and "status_url" not in one["ticket"]
    # Staff see their own counter whole, and only the public part of the others.
    mine = office.clients["staff"].get("/api/v1/counters").json()["counters"]
    assert next(c for c in mine if c["number"] == 1)["ticket"]["phone"] == office.tickets["a"]["phone"]
    three = next(c for c in mine if c["number"] == 3)
    assert three["staff"] == "nv03" and "phone" not in three["ticket"]


def body_for(route, samples):
    path = route["path"]
    if path == "/api/v1/tickets":
        return {"field": "ho_tich", "request_id": uuid.uuid4().hex, "phone": "0912000111"}
    if path == "/api/v1/sessions":
        return {"staff": "nv05", "pin": PINS["nv05"], "counter": 5}
    if path.endswith("/cancel"):
        return {"reason": "sai số"}
    action = path.rsplit("/", 1)[-1]
    return ACTIONS_BODY.get(action, {})


def test_every_other_route_replies_each_role_only_its_view(daemon_factory):
    """State-changing routes too (on a daemon of their own), whatever they answer."""
    d = daemon_factory()
    office = Office(d)
    for route in routes(d):
        if route["method"] in ("GET", "HEAD"):
            continue
        for role in ROLES:
            path = fill(route["path"], office.samples())
            r = office.clients[role].call(route["method"], path, json_body=body_for(route, office.samples()))
            bad = leaks(r.text, office.secrets(role))
            assert not bad, f"{role} {route['method']} {path} ({r.status_code}) shows {bad}: {r.text[:400]}"


def stream(d, token=None, ticket=None):
    q = [f"token={token}"] if token else []
    if ticket:
        q.append(f"ticket={ticket}")
    return websocket.create_connection(f"ws://127.0.0.1:{d.port}/api/v1/stream?" + "&".join(q), timeout=5,
                                       skip_utf8_validation=True)


def collect(ws, until_seq, out, ticket_stream=False):
    """Messages until the event `until_seq` (or, for a ticket stream, a quiet half second)."""
    ws.settimeout(0.5 if ticket_stream else 5)
    try:
        while True:
            text = ws.recv()
            out.append(text)
            m = json.loads(text)
            if not ticket_stream and m.get("seq", 0) >= until_seq and m["type"] in ("event", "snapshot"):
                return
    except websocket.WebSocketTimeoutException:
        if not ticket_stream:
            raise AssertionError(f"the stream stopped before seq {until_seq}: {[t[:80] for t in out[-3:]]}")


def test_every_stream_message_shows_each_role_only_its_view(office):
    d = office.d
    tokens = {"kiosk": TOKENS["kiosk"], "display": TOKENS["display"], "leader": TOKENS["leader"],
              "admin": TOKENS["admin"], "staff": office.clients["staff"].token}
    streams = {role: stream(d, tok) for role, tok in tokens.items()}
    streams["public"] = stream(d, ticket=office.tickets["a"]["public_id"])  # the citizen's phone
    since = stream(d, TOKENS["display"] + f"&since={d.seq() - 3}")        # a replay, not a snapshot
    # Changes that carry every kind of secret: a cancel with a reason, calls of
    # tickets with phones, a transfer, a new ticket with a phone, a pause.
    leader, staff = office.clients["leader"], office.clients["staff"]
    g = d.issue("chung_thuc", phone="0912333444")
    office.tickets["h"] = g
    assert leader.post(f"/api/v1/tickets/{office.tickets['d']['id']}/cancel", {"reason": REASON}).status_code == 200
    assert staff.post("/api/v1/counters/1/finish").status_code == 200
    assert staff.post("/api/v1/counters/1/call", {"ticket": office.tickets["g"]["code"]}).status_code == 200
    assert staff.post("/api/v1/counters/1/transfer", {"field": "dat_dai"}).status_code == 200
    s6 = d.login("nv06", 6)
    assert s6.post("/api/v1/counters/6/resume").status_code == 200
    last = d.seq()
    got = {role: [] for role in streams}
    threads = [threading.Thread(target=collect, args=(ws, last, got[role], role == "public"))
               for role, ws in streams.items()]
    replay = []
    threads.append(threading.Thread(target=collect, args=(since, last, replay)))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    got["display"] += replay
    office.own.add("h")  # chung_thuc: counter 1's field
    for role, texts in got.items():
        assert texts, role
        for text in texts:
            bad = leaks(text, office.secrets(role))
            assert not bad, f"{role}'s stream shows {bad}: {text[:400]}"
    # The leader's stream does carry them (the control), and the TV still gets its calls.
    leader_text = "".join(got["leader"])
    assert REASON in leader_text and '"actor":"staff:nv01"' in leader_text
    tv = [json.loads(t) for t in got["display"]]
    assert any(m["type"] == "event" and m["event"]["kind"] == "ticket_called"
               and m["event"]["code"] == office.tickets["g"]["code"] for m in tv)
    for ws in list(streams.values()) + [since]:
        ws.close()
