# Modbus keypads and rating boxes: a press on the unit (the peer's `press`:
# register 0 = key code, register 1 = press counter + 1) becomes the same
# command the counter page sends; unmapped keys and presses at a closed counter
# change nothing and are logged; the press counter survives restarts so a
# press made while the daemon was down is acted on exactly once.
import sqlite3

import pytest

from conftest import wait_for

KEYS = {"1": "call_next", "2": "recall", "3": "start", "4": "finish", "5": "next"}
DISPLAY, KEYPAD, RATING = 1, 3, 4


def keypad_bench(make_bench, transport="rtu"):
    b = make_bench(transport, [DISPLAY, KEYPAD, RATING], [
        dict(dev_id="disp1", address=DISPLAY, role="counter_display", counter=1, profile="dm_ascii"),
        dict(dev_id="pad1", address=KEYPAD, role="keypad", counter=1, keys=KEYS),
        dict(dev_id="rate1", address=RATING, role="rating", counter=1),
    ])
    b.daemon.wait_online(["disp1", "pad1", "rate1"])
    return b


def ticket_code(d, counter=1):
    t = d.counter(counter)["ticket"]
    return t and (t["code"], t["state"])


def wait_log(d, needle, timeout=3):
    return wait_for(d.log_text, lambda text: needle in text, timeout, f"the log to say {needle!r}")


def test_press_calls_the_next_ticket(make_bench):
    b = keypad_bench(make_bench)
    d = b.daemon
    d.login("nv01", 1)  # the keypad acts for whoever is logged in at its counter
    d.issue("ho_tich")
    d.issue("ho_tich")
    b.peer.press(KEYPAD, 1)  # call_next
    wait_for(lambda: ticket_code(d), lambda t: t == ("A001", "called"), 3, "counter 1 calling A001")
    # What a person sees: the counter's display shows it too.
    wait_for(lambda: "".join(map(chr, b.peer.get(DISPLAY, 0, 4))), lambda s: s == "A001", 2, "A001 on the display")
    called = d.events("ticket_called")
    assert [e["actor"] for e in called] == ["keypad:pad1"], called
    b.peer.press(KEYPAD, 3)  # start
    wait_for(lambda: ticket_code(d), lambda t: t == ("A001", "serving"), 3, "A001 being served")
    b.peer.press(KEYPAD, 5)  # next: finish A001, call A002
    wait_for(lambda: ticket_code(d), lambda t: t == ("A002", "called"), 3, "counter 1 calling A002")
    assert [e["code"] for e in d.events("ticket_finished")] == ["A001"]


def test_unmapped_key_does_nothing(make_bench):
    b = keypad_bench(make_bench)
    d = b.daemon
    d.open_counter(1, "nv01")
    d.issue("ho_tich")
    seq = d.seq()
    b.peer.press(KEYPAD, 9)
    wait_log(d, "device=pad1 key=9 ignored")
    b.peer.press(KEYPAD, 1)  # a mapped key after it still works: the unmapped one was read and dropped
    wait_for(lambda: ticket_code(d), lambda t: t == ("A001", "called"), 3, "counter 1 calling A001")
    assert d.seq() == seq + 1, "only the mapped key's call was committed"


def test_press_at_a_closed_counter_is_refused_and_logged(make_bench):
    b = keypad_bench(make_bench)
    d = b.daemon
    d.issue("ho_tich")
    seq = d.seq()
    b.peer.press(KEYPAD, 1)
    wait_log(d, "device=pad1 key=1 refused: counter_closed")
    assert d.seq() == seq
    assert d.counter(1)["state"] == "closed"
    assert d.ok("GET", "/fields")["fields"][0]["waiting"] == 1
    assert "".join(map(chr, b.peer.get(DISPLAY, 0, 4))) == "    "


def test_press_while_the_daemon_is_down_is_acted_on_once(make_bench):
    b = keypad_bench(make_bench)
    d = b.daemon
    d.open_counter(1, "nv01")
    for _ in range(3):
        d.issue("ho_tich")
    b.peer.press(KEYPAD, 1)
    wait_for(lambda: ticket_code(d), lambda t: t == ("A001", "called"), 3, "counter 1 calling A001")

    d.stop()
    b.peer.press(KEYPAD, 5)  # next: finish A001, call A002 — pressed while nobody listens
    d.start()
    wait_for(lambda: ticket_code(d), lambda t: t == ("A002", "called"), 5, "the press made while down: A002 called")
    d.wait_online(["pad1"])
    seq = d.seq()

    d.stop()
    d.start()
    d.wait_online(["pad1"])
    # Several polls later, nothing was acted on twice.
    polls = b.peer.requests(KEYPAD)
    wait_for(lambda: b.peer.requests(KEYPAD), lambda n: n >= polls + 5, 3, "a few more keypad polls")
    assert ticket_code(d) == ("A002", "called")
    assert d.seq() == seq
    assert [e["code"] for e in d.events("ticket_called")] == ["A001", "A002"]


def test_first_ever_press_while_the_daemon_is_down_is_not_lost(make_bench):
    """The keypad was polled but never pressed before the daemon stopped."""
    b = keypad_bench(make_bench)
    d = b.daemon
    d.open_counter(1, "nv01")
    d.issue("ho_tich")
    polls = b.peer.requests(KEYPAD)
    wait_for(lambda: b.peer.requests(KEYPAD), lambda n: n >= polls + 3, 3, "the keypad polled")
    d.stop()
    b.peer.press(KEYPAD, 1)
    d.start()
    wait_for(lambda: ticket_code(d), lambda t: t == ("A001", "called"), 3, "the press made while down: A001 called")


def test_rating_box_rates_the_ticket_just_finished(make_bench):
    b = keypad_bench(make_bench)
    d = b.daemon
    token = d.open_counter(1, "nv01")
    d.issue("ho_tich")
    d.issue("ho_tich")
    first = d.act(token, 1, "call-next")["ticket"]
    d.act(token, 1, "start")
    d.act(token, 1, "finish")
    d.act(token, 1, "call-next")  # the next citizen is already at the desk
    b.peer.press(RATING, 4)  # a five-key box: key 4 is Hài lòng (level 3 of 4)
    rated = wait_for(lambda: d.events("ticket_rated"), lambda es: len(es) == 1, 3, "a ticket_rated event")
    assert rated[0]["code"] == first["code"] == "A001", rated
    assert rated[0]["counter"] == 1 and rated[0]["actor"] == "keypad:rate1", rated
    # A second press cannot rate the same service twice.
    b.peer.press(RATING, 1)
    wait_log(d, "device=rate1 key=1 refused: already_rated")
    d.stop()
    with sqlite3.connect(f"file:{d.data / 'qmsd.db'}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT code, rating FROM tickets ORDER BY id").fetchall()
    assert rows == [("A001", 3), ("A002", None)], rows
