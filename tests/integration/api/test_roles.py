# Every role boundary of the README's table: each forbidden action is refused
# (401 without or with an unknown token, 403 with the wrong role or another
# counter's staff token) and changes nothing; each allowed one works.
import pytest

from conftest import expect_error

ACTIONS = ["open", "close", "call-next", "call", "recall", "start", "finish", "no-show", "park",
           "transfer", "pause", "resume"]
BODIES = {"open": {"staff": "nv02"}, "call": {"ticket": "A001"}, "transfer": {"field": "dat_dai"},
          "pause": {"reason": "break"}}
PUBLIC = "public"

# name → (method, path, body, roles allowed besides admin). "staff" means staff of counter 1.
ENDPOINTS = {
    "health": ("GET", "/api/v1/health", None, {PUBLIC}),
    "fields": ("GET", "/api/v1/fields", None, {PUBLIC}),
    "priorities": ("GET", "/api/v1/priorities", None, {PUBLIC}),
    "display": ("GET", "/api/v1/display", None, {PUBLIC}),
    "issue": ("POST", "/api/v1/tickets", {"field": "ho_tich", "request_id": "roles-1"}, {"kiosk"}),
    "reinstate": ("POST", "/api/v1/tickets/A001/reinstate", {}, {"staff", "leader"}),
    "cancel": ("POST", "/api/v1/tickets/A001/cancel", {}, {"staff", "leader"}),
    "logout": ("DELETE", "/api/v1/sessions/current", None, {"staff"}),
    "counters": ("GET", "/api/v1/counters", None, {"staff", "display", "leader"}),
    "counter": ("GET", "/api/v1/counters/1", None, {"staff", "leader"}),
    "stats": ("GET", "/api/v1/stats/fields", None, {"leader"}),
    "events": ("GET", "/api/v1/events", None, {"leader"}),
    "reports": ("GET", "/api/v1/reports/daily", None, {"leader"}),
    "devices": ("GET", "/api/v1/devices", None, {"leader"}),
    "reload": ("POST", "/api/v1/admin/reload", {}, set()),
    "backup": ("POST", "/api/v1/admin/backup", {}, set()),
}
for a in ACTIONS:
    ENDPOINTS["counter-" + a] = ("POST", "/api/v1/counters/1/" + a, BODIES.get(a, {}), {"staff"})


def refusals():
    out = []
    for role in ("anonymous", "bad-token", "kiosk", "display", "leader", "staff"):
        for name, (method, path, body, allowed) in ENDPOINTS.items():
            if PUBLIC in allowed or role in allowed:
                continue
            if role == "anonymous" or role == "bad-token":
                want = (401, "unauthenticated")
            else:
                want = (403, "forbidden")
            out.append(pytest.param(role, name, want, id=f"{role}-{name}"))
    # A staff token used for another counter (6): every counter endpoint.
    for a in ACTIONS:
        out.append(pytest.param("staff", "other-counter-" + a, (403, "forbidden"), id="staff-counter6-" + a))
    out.append(pytest.param("staff", "other-counter", (403, "forbidden"), id="staff-get-counter6"))
    # Staff reinstate/cancel only tickets of their counter's fields (1001 is dat_dai).
    out.append(pytest.param("staff", "cancel-other-field", (403, "forbidden"), id="staff-cancel-other-field"))
    out.append(pytest.param("staff", "reinstate-other-field", (403, "forbidden"), id="staff-reinstate-other-field"))
    return out


EXTRA = {"other-counter": ("GET", "/api/v1/counters/6", None),
         "cancel-other-field": ("POST", "/api/v1/tickets/1001/cancel", {}),
         "reinstate-other-field": ("POST", "/api/v1/tickets/1001/reinstate", {})}
for a in ACTIONS:
    EXTRA["other-counter-" + a] = ("POST", "/api/v1/counters/6/" + a, BODIES.get(a, {}))


@pytest.fixture(scope="module")
def office(module_qmsd):
    """Tickets A001 (ho_tich) and 1001 (dat_dai); nv01 at counter 1, nv06 at counter 6."""
    d = module_qmsd
    d.issue("ho_tich")
    d.issue("dat_dai")
    clients = {
        "anonymous": d.client(),
        "bad-token": d.client(token="not-a-real-token"),
        "kiosk": d.client("kiosk"),
        "display": d.client("display"),
        "leader": d.client("leader"),
        "admin": d.client("admin"),
        "staff": d.login("nv01", 1),
        "staff6": d.login("nv06", 6),
    }
    return d, clients


@pytest.mark.parametrize("role,endpoint,want", refusals())
def test_refused(office, role, endpoint, want):
    d, clients = office
    before = d.seq()
    state = clients["admin"].get("/api/v1/counters").json()
    method, path, body = EXTRA[endpoint] if endpoint in EXTRA else ENDPOINTS[endpoint][:3]
    c = clients[role]
    r = c.call(method, path, json_body=body)
    body = expect_error(r, *want)
    if want[1] == "forbidden" and endpoint.startswith("other-counter"):
        assert "counter 1" in body["error"]["message"] and "6" in body["error"]["message"]
    # Nothing was applied.
    assert d.seq() == before
    assert clients["admin"].get("/api/v1/counters").json() == state


def test_public_endpoints_need_no_token(office):
    d, clients = office
    anon = clients["anonymous"]
    for name, (method, path, body, allowed) in ENDPOINTS.items():
        if PUBLIC in allowed:
            assert anon.call(method, path).status_code == 200, name
    pid = d.role("admin").get("/api/v1/counters/1").json()["queues"][0]["tickets"][0]["public_id"]
    assert anon.get("/api/v1/tickets/" + pid).status_code == 200
    # A login is public too (and nothing else is: see test_refused).
    r = anon.post("/api/v1/sessions", {"staff": "nv03", "pin": "3333", "counter": 3})
    assert r.status_code == 201, r.text
    assert d.client(token=r.json()["token"]).delete("/api/v1/sessions/current").status_code == 204


def test_an_unknown_token_is_refused_even_where_none_is_needed(office):
    _, clients = office
    expect_error(clients["bad-token"].get("/api/v1/health"), 401, "unauthenticated")
    expect_error(clients["bad-token"].get("/api/v1/fields"), 401, "unauthenticated")
    expect_error(clients["anonymous"].get("/api/v1/counters", headers={"Authorization": "Bearer "}),
                 401, "unauthenticated")


def test_display_reads_counters(office):
    _, clients = office
    r = clients["display"].get("/api/v1/counters")
    assert r.status_code == 200 and len(r.json()["counters"]) == 6


def test_leader_reads_everything_and_cancels(module_qmsd, office):
    d, clients = office
    leader = clients["leader"]
    for path in ("/api/v1/counters", "/api/v1/counters/1", "/api/v1/counters/6", "/api/v1/stats/fields",
                 "/api/v1/events", "/api/v1/reports/daily", "/api/v1/devices"):
        assert leader.get(path).status_code == 200, path
    t = d.issue("xay_dung")
    r = leader.post(f"/api/v1/tickets/{t['id']}/cancel", {"reason": "duplicate"})
    assert r.status_code == 200 and r.json()["ticket"]["state"] == "cancelled", r.text
    ev = leader.get("/api/v1/events", params={"kind": "ticket_cancelled"}).json()["events"]
    assert ev[-1]["actor"] == "leader:leader" and ev[-1]["reason"] == "duplicate"


def test_staff_cancels_and_reinstates_tickets_of_own_fields(office):
    d, clients = office
    staff = clients["staff"]
    t = d.issue("chung_thuc")  # counter 1 serves chung_thuc too
    r = staff.post(f"/api/v1/tickets/{t['code']}/cancel")
    assert r.status_code == 200 and r.json()["ticket"]["state"] == "cancelled"
    assert staff.get("/api/v1/counters").status_code == 200


def test_admin_acts_at_a_counter_a_staff_member_is_logged_in_at(office):
    d, clients = office
    admin, staff6 = clients["admin"], clients["staff6"]
    t = d.issue("ldtbxh")
    r = admin.post("/api/v1/counters/6/call-next")
    assert r.status_code == 200 and r.json()["ticket"]["code"] == t["code"], r.text
    r = staff6.post("/api/v1/counters/6/no-show")
    assert r.status_code == 200
    # Admin issues without being a kiosk, and reinstates.
    assert admin.post("/api/v1/tickets", {"field": "ldtbxh"}).status_code == 201
    r = admin.post(f"/api/v1/tickets/{t['id']}/reinstate")
    assert r.status_code == 200 and r.json()["ticket"]["state"] == "waiting"
    staff6_events = admin.get("/api/v1/events", params={"counter": 6, "kind": "ticket_called"}).json()["events"]
    assert staff6_events[-1]["actor"] == "admin:admin" and staff6_events[-1]["staff"] == "nv06"
