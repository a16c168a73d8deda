# The main board's information lines (issue 13) on real lines: the editors'
# notices and paused counters paged across the board's information lines,
# transliterated, wrapped without cutting a word, exactly the pages the
# editor's preview shows — on the simulated RS-485 board (tools/sim/devsim.py,
# decoded here from the bytes on the line) and on a Modbus text card served by
# Debian's pymodbus. A paging board resends only its information lines; a
# paused counter's own display says why and until when.
import re
import time
import unicodedata
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from conftest import Daemon, PtyPair, device_toml, text_lines_of, wait_for
from serial_peer import SerialPeer, frames_0107, serial_bus_toml

EDITOR = "demo-editor-token-0001"
ADMIN = "demo-admin-token-0001"
BOARD = 20    # devsim: the board's first line; line i at BOARD + i
COUNTER_DISPLAY = 1
NOTICE = ("Từ ngày 01/9 đến hết ngày 03/9 bộ phận một cửa nghỉ lễ Quốc khánh, "
          "công dân vui lòng quay lại vào ngày 04/9")


def ascii_words(text):
    """The words a transliterating board must show whole."""
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if unicodedata.category(c) != "Mn")
    return plain.split()


class BoardLine:
    """Host -> unit frames of the 01..07 family from devsim's raw log (drivers/rs485_0107/README.md):
    01 addr <text> 07 for a board line, 01 addr mode <text> 07 for a counter display."""

    def __init__(self, raw_path, displays):
        self.raw = raw_path
        self.displays = set(displays)

    def frames(self):
        out = []
        for frame in frames_0107(self.raw):
            addr = frame[1]
            body = frame[3:-1] if addr in self.displays else frame[2:-1]
            out.append((addr, body.decode("ascii")))
        return out

    def state(self):
        shown = {}
        for addr, text in self.frames():
            shown[addr] = text
        return shown

    def count(self, addr):
        return sum(1 for a, _ in self.frames() if a == addr)


@pytest.fixture
def rs485_board(qmsd_binary, tmp_path, sockdir):
    made = {}

    def make(display):
        pty = made["pty"] = PtyPair(sockdir).start()
        peer = made["peer"] = SerialPeer(sockdir, "rs485_0107",
                                         {COUNTER_DISPLAY: "display", BOARD: "board"}, pty.peer_end).start()
        extra = serial_bus_toml("line", "rs485_0107", pty.daemon_end)
        extra += device_toml("quay1", "line", COUNTER_DISPLAY, "counter_display", counter=1, digits=16)
        extra += device_toml("bang", "line", BOARD, "main_board", digits=20, board_lines=4)
        made["daemon"] = Daemon(qmsd_binary, tmp_path / "qmsd", extra, display).start()
        return made["daemon"], BoardLine(peer.raw, {COUNTER_DISPLAY})

    yield make
    if "daemon" in made:
        made["daemon"].stop()
    if "peer" in made:
        made["peer"].stop()
    if "pty" in made:
        made["pty"].stop()


def info_pages(d):
    [board] = d.ok("GET", "/board-preview", EDITOR)["boards"]
    return [tuple(p) for p in board["pages"]]


def only_preview_lines(seen, pages, extra=()):
    """Every line the board showed is the same line of some previewed page (a
    reading taken between the two line writes of a page turn mixes two pages,
    so lines are compared one by one)."""
    allowed = set(pages) | set(extra)
    for i in range(len(pages[0])):
        shown = {s[i] for s in seen}
        assert shown <= {p[i] for p in allowed}, f"line {i + 1} showed {shown - {p[i] for p in allowed}}: {pages}"


def pages_seen(read, want, timeout, what):
    """Reads the board's information lines until every page in `want` has been on it; returns all seen."""
    seen = set()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        seen.add(read())
        if set(want) <= seen:
            return seen
        time.sleep(0.05)
    raise AssertionError(f"in {timeout} s the board showed {sorted(seen)}, not every one of {want}")


def test_rs485_board_pages_a_long_notice_exactly_as_previewed(rs485_board):
    d, line = rs485_board({"messages": ["Duong day nong 1022"], "latest_calls": 2, "board_page_seconds": 2})
    info = lambda: (line.state().get(BOARD + 2, ""), line.state().get(BOARD + 3, ""))
    wait_for(info, lambda s: s == ("Duong day nong 1022", ""), 10, "the standing message on the board")

    d.ok("POST", "/notices", EDITOR, {"text": NOTICE, "screens": ["board"]}, status=201)
    pages = info_pages(d)
    assert len(pages) >= 3, pages  # the notice's five lines take three pages, the message a fourth
    for page in pages:
        for text in page:
            assert len(text) <= 20 and text.isascii(), page
    words = [w for page in pages for text in page for w in text.split()]
    for w in ascii_words(NOTICE):
        assert w in words, f"the word {w!r} was cut: {pages}"

    calls_before = (line.count(BOARD), line.count(BOARD + 1))
    seen = pages_seen(info, pages, 30, "every page of the notice")
    # Each page the board showed is one the preview gave, and the call lines
    # (no call changed meanwhile) were not sent again as the pages turned.
    only_preview_lines(seen, pages, [("Duong day nong 1022", "")])
    assert (line.count(BOARD), line.count(BOARD + 1)) == calls_before


def test_a_paused_counter_is_explained_on_the_board_and_its_own_display(rs485_board):
    d, line = rs485_board({"messages": [], "latest_calls": 2, "board_page_seconds": 2,
                           "apology": "Thanh that xin loi cong dan."})
    d.ok("POST", "/counters/1/open", ADMIN, {"staff": "nv01"})
    now = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh"))
    # A return time can only be promised for today (the office closes at midnight).
    promise = (now + timedelta(minutes=30)).date() == now.date()
    c = d.ok("POST", "/counters/1/pause", ADMIN,
             {"reason": "meeting", "return_in_minutes": 30} if promise else {"reason": "meeting"})["counter"]
    back = re.search(r"T(\d\d:\d\d)", c["expected_back"]).group(1) if promise else "Thanh that xin"
    pages = info_pages(d)
    assert pages[0] == (("Quay 1 tam dung:", "Hop. Du kien lam") if promise else ("Quay 1 tam dung:", "Hop.")), pages
    assert ("Thanh that xin loi", "cong dan.") in pages, pages
    info = lambda: (line.state().get(BOARD + 2, ""), line.state().get(BOARD + 3, ""))
    pages_seen(info, pages, 30, "the paused counter's pages")
    # Its own display (16 characters) cycles through the reason, the time and the apology.
    shown = set()
    wait_for(lambda: shown.add(line.state().get(COUNTER_DISPLAY, "").strip()) or shown,
             lambda s: {"Tam dung: Hop", back} <= s, 30, f"counter 1's display to say why and {back}")
    d.ok("POST", "/counters/1/resume", ADMIN)
    wait_for(lambda: line.state().get(COUNTER_DISPLAY, "").strip(), lambda s: s == "", 10, "the display blank again")
    wait_for(info, lambda s: s == ("", ""), 10, "the board's information lines blank again")


def test_modbus_text_card_pages_the_notice(make_bench):
    width = 16
    # Three lines on the card (registers 1000, 2000, 3000): one call line, two for information.
    b = make_bench("tcp", [5], [dict(dev_id="card", address=5, role="main_board", profile="text_lines",
                                     digits=width, unicode=False, board_lines=3)],
                   display={"messages": [], "latest_calls": 1, "board_page_seconds": 2})
    d = b.daemon
    d.wait_online(["card"])
    d.ok("POST", "/notices", EDITOR, {"title": "Thông báo", "text": NOTICE, "screens": ["board"]}, status=201)
    [board] = d.ok("GET", "/board-preview", EDITOR)["boards"]
    assert (board["width"], board["call_lines"], board["info_lines"]) == (width, 1, 2)
    pages = [tuple(p) for p in board["pages"]]
    assert len(pages) >= 4
    read = lambda: tuple(text_lines_of(b.peer.get(5, 1000 * n, width // 2)).rstrip() for n in (2, 3))
    seen = pages_seen(read, pages, 40, "every page on the Modbus card")
    only_preview_lines(seen, pages, [("", "")])
    assert d.device("card")["online"] and d.device("card")["bad_frames"] == 0
