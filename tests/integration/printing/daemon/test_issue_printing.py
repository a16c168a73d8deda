# "No ghost ticket": a kiosk ticket counts as issued only once it came out of
# the printer. What the daemon guarantees:
#  - the printer already faulty when the kiosk asks (status checked first):
#    503 printer_failed, nothing committed, no number used;
#  - the fault shows only after the ticket was sent: 503 printer_failed, the
#    number is cancelled with reason "printer_failed" and never called.
import threading
import time
import uuid

from conftest import expect_error


def events(office, kind):
    r = office.role("leader").get("/api/v1/events", params={"kind": kind, "limit": 1000})
    assert r.status_code == 200, r.text
    return r.json()["events"]


def issue(office, request_id=None, field="ho_tich"):
    return office.role("kiosk").post("/api/v1/tickets", {"field": field, "request_id": request_id or uuid.uuid4().hex})


def qr_payloads(data):
    """The QR contents stored with GS ( k fn 180 in the bytes the printer got."""
    out, i = [], 0
    while True:
        i = data.find(b"\x1d(k", i)
        if i < 0:
            return out
        n = data[i + 3] + 256 * data[i + 4]
        if data[i + 5:i + 8] == b"1P0":
            out.append(data[i + 8:i + 5 + n].decode("utf-8"))
        i += 5 + n


def test_printed_ticket_is_issued_and_carries_its_status_url(office, sim):
    r = issue(office)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["printed"] is True
    assert sim.tickets() == 1
    assert qr_payloads(sim.received()) == [body["ticket"]["status_url"]]
    assert body["ticket"]["status_url"].endswith("/t/" + body["ticket"]["public_id"])


def test_paper_out_before_refuses_without_using_a_number(office, sim):
    first = issue(office).json()["ticket"]
    issued_before = len(events(office, "ticket_issued"))
    sim.cmd("state paper_out")
    r = issue(office)
    body = expect_error(r, 503, "printer_failed")
    assert body["error"]["vi"] == "Máy in gặp sự cố, chưa in được số"
    assert body["printer"]["fault"] == "paper_out" and body["printer"]["partial"] is False
    assert body["printer"]["text_vi"]
    assert body["cancelled"] is None
    assert len(events(office, "ticket_issued")) == issued_before, "nothing committed"
    assert sim.tickets() == 1

    devices = office.role("leader").get("/api/v1/devices").json()
    (p,) = devices["printers"]
    assert (p["id"], p["kiosk"], p["fault"], p["ready"]) == ("p1", "kiosk1", "paper_out", False)
    kiosk_view = office.role("kiosk").get("/api/v1/printer").json()["printer"]
    assert kiosk_view["fault"] == "paper_out" and kiosk_view["fault_text"]

    sim.cmd("state ok")  # staff change the roll: the next ticket prints at once
    r = issue(office)
    assert r.status_code == 201, r.text
    assert r.json()["ticket"]["number"] == first["number"] + 1, "no number was skipped"
    assert sim.tickets() == 2
    assert office.role("leader").get("/api/v1/devices").json()["printers"][0]["ready"] is True


def test_paper_out_after_sending_cancels_the_ticket_and_it_is_never_called(office, sim):
    staff = office.login("nv01", 1)
    sim.cmd("state paper_out_after_data")
    rid = uuid.uuid4().hex
    r = issue(office, rid)
    body = expect_error(r, 503, "printer_failed")
    assert body["printer"]["fault"] == "paper_out" and body["printer"]["partial"] is True
    code = body["cancelled"]
    assert code
    cancels = [e for e in events(office, "ticket_cancelled") if e["code"] == code]
    assert len(cancels) == 1 and cancels[0]["reason"] == "printer_failed"
    assert sim.tickets() == 0

    again = issue(office, rid)  # the kiosk retries the same request
    body2 = expect_error(again, 503, "printer_failed")
    assert body2["cancelled"] == code and body2["printer"]["fault"] == "paper_out"

    sim.cmd("state ok")
    good = issue(office).json()["ticket"]
    r = staff.post("/api/v1/counters/1/call-next")
    assert r.status_code == 200, r.text
    assert r.json()["ticket"]["code"] == good["code"], "the cancelled number is skipped"
    assert code not in [e["code"] for e in events(office, "ticket_called")]


def test_reprint_by_staff_is_printed_and_logged(office, sim):
    t = issue(office).json()["ticket"]
    assert sim.tickets() == 1
    staff = office.login("nv01", 1)  # counter 1 serves ho_tich
    r = staff.post("/api/v1/tickets/%s/reprint" % t["code"])
    assert r.status_code == 200, r.text
    assert r.json()["printed"] is True
    assert sim.tickets() == 2
    logged = [e for e in events(office, "ticket_reprinted") if e["code"] == t["code"]]
    assert len(logged) == 1
    assert logged[0]["actor"] == "staff:nv01" and logged[0]["reason"] == "p1"


def test_reprint_refused_for_other_fields_and_finished_tickets(office, sim):
    t = issue(office).json()["ticket"]
    other = office.login("nv03", 3)  # counter 3: dat_dai, xay_dung
    expect_error(other.post("/api/v1/tickets/%s/reprint" % t["code"]), 403, "forbidden")
    staff = office.login("nv01", 1)
    assert staff.post("/api/v1/counters/1/call-next").status_code == 200
    assert staff.post("/api/v1/counters/1/finish").status_code == 200
    expect_error(staff.post("/api/v1/tickets/%s/reprint" % t["code"]), 409, "ticket_wrong_state")
    assert sim.tickets() == 1
    assert not events(office, "ticket_reprinted")


def test_failed_reprint_does_not_cancel(office, sim):
    t = issue(office).json()["ticket"]
    sim.cmd("state cover_open")
    r = office.role("leader").post("/api/v1/tickets/%s/reprint" % t["code"])
    body = expect_error(r, 503, "printer_failed")
    assert body["printer"]["fault"] == "cover_open"
    status = office.role("leader").get("/api/v1/tickets/" + t["public_id"]).json()["ticket"]
    assert status["state"] == "waiting"
    assert not events(office, "ticket_reprinted")


def wait_for_event(office, kind, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = events(office, kind)
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"no {kind} event within {timeout} s")


def test_a_ticket_still_printing_cannot_be_called(office, sim):
    """Between the commit and the end of its print the ticket is held: a
    counter that calls then gets nobody, so a print that fails can always
    cancel the number."""
    staff = office.login("nv01", 1)  # counter 1, idle, serves ho_tich
    assert sim.cmd("slow 1000") == "ok"  # the printer answers its status 1 s after the cut (timeout 1.5 s)
    result = {}
    kiosk = threading.Thread(target=lambda: result.update(r=issue(office)))
    kiosk.start()
    held = wait_for_event(office, "ticket_issued")[0]
    assert held["reason"] == "held_for_print", held
    r = staff.post("/api/v1/counters/1/call-next")
    assert r.status_code == 409 and r.json()["error"]["code"] == "queue_empty", r.text
    r = staff.post("/api/v1/counters/1/call", {"ticket": held["code"]})
    assert r.status_code == 409 and r.json()["error"]["code"] == "ticket_wrong_state", r.text
    assert "printed" in r.json()["error"]["message"], r.text
    kiosk.join(15)
    assert result["r"].status_code == 201, result["r"].text
    released = events(office, "ticket_released")
    assert [(e["code"], e["reason"]) for e in released] == [(held["code"], "p1")]
    r = staff.post("/api/v1/counters/1/call-next")
    assert r.status_code == 200 and r.json()["ticket"]["code"] == held["code"], r.text


def test_a_ticket_held_when_the_daemon_died_joins_its_queue_after_the_restart(office, sim):
    assert sim.cmd("slow 5000") == "ok"

    def tap():
        try:
            issue(office)
        except Exception:  # its reply is lost with the daemon
            pass

    kiosk = threading.Thread(target=tap, daemon=True)
    kiosk.start()
    held = wait_for_event(office, "ticket_issued")[0]
    office.kill()
    sim.cmd("slow 0")
    office.start()
    released = wait_for_event(office, "ticket_released")
    assert [(e["code"], e["reason"]) for e in released] == [(held["code"], "restart")]
    staff = office.login("nv01", 1)
    r = staff.post("/api/v1/counters/1/call-next")
    assert r.status_code == 200 and r.json()["ticket"]["code"] == held["code"], r.text
