# PIN login throttling: after 5 wrong PINs for one staff id, or from one
# address, logins are refused with 429 too_many_attempts and Retry-After,
# even with the right PIN — except at a place the staff member is known to
# use (handlers/sessions.cpp has the rule). Other loopback addresses
# (127.0.0.x) stand in for other counters' machines.
import http.client
import json
import threading
import time

import pytest

from conftest import VI, json_from

LOGIN = "/api/v1/sessions"


def login(d, staff, pin, counter, source):
    return json_from(d.port, "POST", LOGIN, {"staff": staff, "pin": pin, "counter": counter}, source=source)


def assert_throttled(reply):
    status, headers, body = reply
    assert status == 429, (status, body)
    assert body["error"]["code"] == "too_many_attempts"
    assert body["error"]["vi"] == VI["too_many_attempts"]
    retry = int(headers["retry-after"])
    assert body["retry_after_seconds"] == retry
    assert 1 <= retry <= 31, retry  # the first lock-out is 30 s
    return retry


def test_five_wrong_pins_lock_the_staff_id_and_the_address(qmsd):
    for i in range(5):
        status, _, body = login(qmsd, "nv01", "0000", 1, "127.0.0.2")
        assert status == 401 and body["error"]["code"] == "wrong_pin", (i, body)
    # Now even the right PIN is refused, from that address ...
    assert_throttled(login(qmsd, "nv01", "1111", 1, "127.0.0.2"))
    # ... and for that staff id from anywhere else,
    assert_throttled(login(qmsd, "nv01", "1111", 1, "127.0.0.3"))
    # ... and for anyone at that address.
    assert_throttled(login(qmsd, "nv03", "3333", 3, "127.0.0.2"))
    assert qmsd.seq() == 0
    # Someone else, elsewhere, is not affected.
    status, _, body = login(qmsd, "nv02", "2222", 2, "127.0.0.3")
    assert status == 201, body
    # A throttled reply is quick: no PIN is hashed while locked out.
    started = time.monotonic()
    assert login(qmsd, "nv08", "0000", 1, "127.0.0.4")[0] == 401
    hashed = time.monotonic() - started
    started = time.monotonic()
    for _ in range(5):
        assert_throttled(login(qmsd, "nv01", "1111", 1, "127.0.0.2"))
    assert (time.monotonic() - started) / 5 < hashed / 2, ((time.monotonic() - started) / 5, hashed)
    assert qmsd.seq() == 1


def test_wrong_pins_below_the_limit_then_the_right_one(qmsd):
    for _ in range(4):
        assert login(qmsd, "nv04", "9999", 4, "127.0.0.4")[0] == 401
    status, _, body = login(qmsd, "nv04", "4444", 4, "127.0.0.4")
    assert status == 201, body
    # A success clears the count: four more wrong ones are still not a lock-out.
    for _ in range(4):
        assert login(qmsd, "nv04", "9999", 4, "127.0.0.4")[0] == 401
    assert login(qmsd, "nv04", "4444", 4, "127.0.0.4")[0] == 201


@pytest.mark.slow
def test_the_lock_passes(qmsd):
    for _ in range(5):
        assert login(qmsd, "nv05", "0000", 5, "127.0.0.5")[0] == 401
    retry = assert_throttled(login(qmsd, "nv05", "5555", 5, "127.0.0.5"))
    time.sleep(retry + 0.5)
    status, _, body = login(qmsd, "nv05", "5555", 5, "127.0.0.5")
    assert status == 201, body


def open_connections(d, n, source):
    conns = []
    for _ in range(n):
        c = http.client.HTTPConnection("127.0.0.1", d.port, timeout=20, source_address=(source, 0))
        c.connect()
        conns.append(c)
    return conns


def burst(conns, bodies):
    """Sends one login per connection at the same moment; returns [(status, headers, body)]."""
    barrier = threading.Barrier(len(conns))
    out = [None] * len(conns)

    def one(i):
        barrier.wait()
        conns[i].request("POST", LOGIN, body=json.dumps(bodies[i]), headers={"Content-Type": "application/json"})
        r = conns[i].getresponse()
        out[i] = (r.status, {k.lower(): v for k, v in r.getheaders()}, json.loads(r.read()))
        conns[i].close()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(conns))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def test_forty_parallel_guesses_get_five_checks(qmsd):
    """Each attempt is reserved before its PIN is hashed: a burst cannot outrun the count.
    (From two machines: one address may hold only 32 connections without a token.)"""
    conns = open_connections(qmsd, 20, "127.0.0.6") + open_connections(qmsd, 20, "127.0.0.16")
    bodies = [{"staff": "nv01", "pin": f"{i:04d}", "counter": 1} for i in range(40)]
    bodies[-1]["pin"] = "1111"  # the right one, somewhere in the burst
    replies = burst(conns, bodies)
    statuses = [s for s, _, _ in replies]
    checked = statuses.count(401) + statuses.count(201)
    print(f"40 parallel guesses: {statuses.count(401)} wrong, {statuses.count(201)} right, "
          f"{statuses.count(429)} refused unchecked")
    assert checked <= 5 and statuses.count(429) == 40 - checked, statuses
    for status, headers, body in replies:
        if status == 429:
            assert body["error"]["code"] == "too_many_attempts" and int(headers["retry-after"]) >= 1
    if 201 not in statuses:  # the right PIN was among the unchecked: it is locked out now
        assert_throttled(login(qmsd, "nv01", "1111", 1, "127.0.0.6"))


def test_a_colleague_cannot_lock_a_staff_member_out_of_their_own_counter(qmsd):
    # nv02 works at counter 2 from 127.0.0.7.
    status, _, body = login(qmsd, "nv02", "2222", 2, "127.0.0.7")
    assert status == 201, body
    assert qmsd.client(token=body["token"]).delete("/api/v1/sessions/current").status_code == 204
    # Someone at 127.0.0.8 types wrong PINs for nv02 until the id is locked.
    for _ in range(5):
        assert login(qmsd, "nv02", "0000", 2, "127.0.0.8")[0] == 401
    assert_throttled(login(qmsd, "nv02", "2222", 2, "127.0.0.8"))
    assert_throttled(login(qmsd, "nv02", "2222", 2, "127.0.0.9"))  # any machine nv02 never used
    # From nv02's own machine the right PIN still works.
    status, _, body = login(qmsd, "nv02", "2222", 2, "127.0.0.7")
    assert status == 201, body


def test_made_up_ids_do_not_lock_out_the_staff_who_work_at_that_machine(qmsd):
    status, _, body = login(qmsd, "nv03", "3333", 3, "127.0.0.10")
    assert status == 201, body
    assert qmsd.client(token=body["token"]).delete("/api/v1/sessions/current").status_code == 204
    for i in range(5):
        assert login(qmsd, f"ghost{i}", "0000", 3, "127.0.0.10")[0] == 401
    assert_throttled(login(qmsd, "ghost9", "0000", 3, "127.0.0.10"))
    assert_throttled(login(qmsd, "nv04", "4444", 4, "127.0.0.10"))  # a stranger to this machine waits
    status, _, body = login(qmsd, "nv03", "3333", 3, "127.0.0.10")   # the one who works here does not
    assert status == 201, body
    # Made-up ids never locked a real staff id: nv04 gets in elsewhere.
    assert login(qmsd, "nv04", "4444", 4, "127.0.0.11")[0] == 201


def test_the_browser_holding_the_counters_session_gets_in(qmsd):
    status, _, body = login(qmsd, "nv05", "5555", 5, "127.0.0.12")
    assert status == 201, body
    token = body["token"]
    for _ in range(5):
        assert login(qmsd, "nv05", "0000", 5, "127.0.0.13")[0] == 401
    assert_throttled(login(qmsd, "nv05", "5555", 5, "127.0.0.14"))
    # The same new machine, showing the counter's live session: that is counter 5's own browser.
    status, _, body = json_from(qmsd.port, "POST", LOGIN, {"staff": "nv05", "pin": "5555", "counter": 5},
                                token=token, source="127.0.0.14")
    assert status == 201, body
