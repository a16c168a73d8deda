# PIN login throttling: after 5 wrong PINs for one staff id, or from one
# address, logins are refused with 429 too_many_attempts and Retry-After,
# even with the right PIN. Other loopback addresses (127.0.0.x) stand in for
# other counters' machines.
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
