# A main board (role main_board, profile text_lines, unicode = false): line 1
# at register 1000, line 2 at 2000, two ASCII characters a register, high byte
# first, newest call first ("A002 -> Quay 2": the arrow and "Quầy" are
# transliterated for hardware that cannot show Vietnamese).
import time

import pytest

from conftest import text_lines_of, wait_for

BOARD = 5
WIDTH = 16  # characters a line (digits = 16: eight registers)


def board_bench(make_bench, transport, display):
    b = make_bench(transport, [BOARD], [
        dict(dev_id="board", address=BOARD, role="main_board", profile="text_lines", digits=WIDTH, unicode=False),
    ], display=display)
    b.daemon.wait_online(["board"])
    return b


def line(b, n):
    return text_lines_of(b.peer.get(BOARD, 1000 * n, WIDTH // 2))


def lines(b, count=2):
    return [line(b, n) for n in range(1, count + 1)]


def two_calls(d):
    t1 = d.open_counter(1, "nv01")
    t2 = d.open_counter(2, "nv02")
    d.issue("ho_tich")
    d.issue("ho_tich")
    assert d.act(t1, 1, "call-next")["ticket"]["code"] == "A001"
    assert d.act(t2, 2, "call-next")["ticket"]["code"] == "A002"
    return t1, t2


@pytest.mark.parametrize("transport", ["rtu", "tcp"])
def test_board_lists_the_latest_calls_in_ascii(make_bench, transport):
    # A two-line card: two latest calls, no information lines.
    b = board_bench(make_bench, transport, {"messages": [], "latest_calls": 2})
    d = b.daemon
    two_calls(d)
    want = ["A002 -> Quay 2".ljust(WIDTH), "A001 -> Quay 1".ljust(WIDTH)]
    wait_for(lambda: lines(b), lambda ls: ls == want, 3, f"the board to read {want}")
    assert b.peer.get(BOARD, 1000, 1)[0] == (ord("A") << 8) | ord("0"), "high byte first"
    dev = d.device("board")
    assert dev["online"] and dev["bad_frames"] == 0 and dev["role"] == "main_board", dev


def test_board_drops_a_finished_call(make_bench):
    b = board_bench(make_bench, "tcp", {"messages": [], "latest_calls": 2})
    d = b.daemon
    t1, t2 = two_calls(d)
    wait_for(lambda: lines(b)[1], lambda s: s.startswith("A001"), 3, "two calls on the board")
    d.act(t2, 2, "start")
    d.act(t2, 2, "finish")  # A002 is done: the board lists A001 only
    want = ["A001 -> Quay 1".ljust(WIDTH), " " * WIDTH]
    wait_for(lambda: lines(b), lambda ls: ls == want, 2, f"the board to read {want}")


def test_board_with_more_lines_than_the_card_has_stays_online(make_bench):
    # The demo's three information lines plus two calls = five lines; the
    # peer's card has 4000 registers (lines 1-3).
    b = board_bench(make_bench, "tcp", None)
    d = b.daemon
    two_calls(d)
    wait_for(lambda: lines(b, 3), lambda ls: ls[1].startswith("A001"), 3, "two calls on the board")
    # It must stay online through the rest of that write and the ones after.
    deadline = time.monotonic() + 1.5
    while time.monotonic() < deadline:
        dev = d.device("board")
        assert dev["online"] and dev["bad_frames"] == 0, dev
        time.sleep(0.05)
