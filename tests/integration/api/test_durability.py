# Durable before acknowledged: after a 2xx, SIGKILL (no chance to flush
# anything) and a restart, every acknowledged change is there.
from conftest import expect_error


def test_every_acknowledged_change_survives_sigkill(qmsd):
    kiosk, admin, leader = qmsd.role("kiosk"), qmsd.role("admin"), qmsd.role("leader")
    first = kiosk.post("/api/v1/tickets", {"field": "ho_tich", "request_id": "durable-1"})
    assert first.status_code == 201
    qmsd.issue("ho_tich")
    qmsd.issue("chung_thuc")
    staff = qmsd.login("nv01", 1)
    called = staff.post("/api/v1/counters/1/call-next")
    assert called.status_code == 200
    assert admin.post("/api/v1/counters/2/open", {"staff": "nv02"}).status_code == 200
    assert admin.post("/api/v1/counters/2/pause", {"reason": "meeting"}).status_code == 200
    cancelled = leader.post("/api/v1/tickets/B001/cancel", {"reason": "left"})
    assert cancelled.status_code == 200
    qmsd.kill()  # straight after the last 2xx, no read in between

    qmsd.start()
    assert qmsd.seq() == 8
    c1 = admin.get("/api/v1/counters/1").json()["counter"]
    assert c1["state"] == "calling" and c1["staff"] == "nv01" and c1["ticket"]["code"] == "A001"
    c2 = admin.get("/api/v1/counters/2").json()["counter"]
    assert c2["state"] == "paused" and c2["pause_reason"] == "meeting"
    assert qmsd.anon.get("/api/v1/tickets/" + cancelled.json()["ticket"]["public_id"]).json()["ticket"]["state"] \
        == "cancelled"
    # The request id still finds its ticket; the staff session is still good.
    again = kiosk.post("/api/v1/tickets", {"field": "ho_tich", "request_id": "durable-1"})
    assert again.status_code == 200 and again.json()["ticket"]["id"] == first.json()["ticket"]["id"]
    assert staff.post("/api/v1/counters/1/finish").status_code == 200
    assert qmsd.issue("ho_tich")["code"] == "A003"
    # And the logout (also a 2xx) survives a SIGKILL too.
    assert staff.delete("/api/v1/sessions/current").status_code == 204
    qmsd.kill()
    qmsd.start()
    expect_error(staff.get("/api/v1/counters/1"), 401, "unauthenticated")
    assert admin.get("/api/v1/counters/1").json()["counter"]["state"] == "closed"
