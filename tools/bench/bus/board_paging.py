#!/usr/bin/python3
"""What a paging LED board costs its RS-485 line (issue 13). Prints figures;
asserts nothing; not part of ctest.

    tools/bench/bus/board_paging.py [--qmsd build/daemon/qmsd] [--turns 12]

The demo's board: rs485_0107, 32 characters, 9 lines (6 call lines, 3
information lines), every call line showing a call, and a notice long enough
to take several pages; pages turn every 2 s here (6 s in an office). The
daemon drives tools/sim/devsim.py through a socat pty pair; devsim logs every
byte it reads, so each figure is read off the line: frames and bytes per page
turn, and their wire time at 9600 baud 8N1 (10 bits a character, plus the
3.5-character silence after each frame), as a share of a 6-second page. The
baseline is the same turns if every line of the board were sent again each
time (what the serial bus did before it kept each line's last frame): the
frames of the board's nine lines as they are, summed.
"""
import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

SOURCE_DIR = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(SOURCE_DIR / "tests" / "integration" / "devices"))
from conftest import ADMIN, Daemon, PtyPair, device_toml  # noqa: E402
from serial_peer import SerialPeer, frames_0107, serial_bus_toml  # noqa: E402

EDITOR = "demo-editor-token-0001"
BOARD = 20
LINES, CALLS, WIDTH = 9, 6, 32
BAUD = 9600
NOTICE = ("Từ ngày 01/9 đến hết ngày 03/9 bộ phận một cửa nghỉ lễ Quốc khánh 2/9. Công dân có hồ sơ hẹn trả "
          "trong những ngày này vui lòng đến nhận từ ngày 04/9. Xin cảm ơn công dân đã thông cảm.")


def wire_ms(frames):
    char_ms = 10 * 1000 / BAUD
    return sum(len(f) * char_ms + 3.5 * char_ms for f in frames)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--qmsd", default=str(SOURCE_DIR / "build" / "daemon" / "qmsd"))
    ap.add_argument("--turns", type=int, default=12)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="qmsd-paging-") as tmp:
        tmp = Path(tmp)
        pty = PtyPair(tmp).start()
        peer = SerialPeer(tmp, "rs485_0107", {BOARD: "board"}, pty.peer_end).start()
        extra = serial_bus_toml("line", "rs485_0107", pty.daemon_end) + \
            device_toml("bang", "line", BOARD, "main_board", digits=WIDTH, board_lines=LINES)
        d = Daemon(str(Path(args.qmsd).resolve()), tmp / "qmsd", extra,
                   {"latest_calls": CALLS, "board_page_seconds": 2,
                    "messages": ["Đường dây nóng: 1022", "Giờ làm việc: 7:30–11:30, 13:30–17:00"]}).start()
        try:
            # Each demo counter n opened by staff nv0n, each calling one of its first field's tickets.
            for n, field in enumerate(["ho_tich", "chung_thuc", "dat_dai", "xay_dung", "kinh_doanh", "ldtbxh"], 1):
                d.issue(field)
                d.ok("POST", f"/counters/{n}/open", ADMIN, {"staff": f"nv0{n}"})
                d.ok("POST", f"/counters/{n}/call-next", ADMIN)
            d.ok("POST", "/notices", EDITOR, {"text": NOTICE, "screens": ["board"]}, status=201)
            pages = len(d.ok("GET", "/board-preview", EDITOR)["boards"][0]["pages"])
            time.sleep(3)  # the calls and the notice are on the board
            before = len(frames_0107(peer.raw))
            start = time.monotonic()
            time.sleep(args.turns * 2 + 1)
            turns = round((time.monotonic() - start - 1) / 2)
            sent = frames_0107(peer.raw)[before:]
            current = {}
            for f in frames_0107(peer.raw):
                current[f[1]] = f
            per_turn = sent
            full = [current[a] for a in sorted(current) if BOARD <= a < BOARD + LINES]
        finally:
            d.stop()
            peer.stop()
            pty.stop()
    call_frames = [f for f in per_turn if f[1] < BOARD + CALLS]
    print(f"board: {WIDTH} characters x {LINES} lines ({CALLS} call lines), {pages} information pages, "
          f"{turns} page turns observed")
    print(f"sent during the turns: {len(per_turn)} frames, {sum(map(len, per_turn))} bytes; "
          f"call-line frames among them: {len(call_frames)}")
    fr, by = len(per_turn) / turns, sum(map(len, per_turn)) / turns
    ms = wire_ms(per_turn) / turns
    base_ms = wire_ms(full)
    print(f"per turn:         {fr:5.2f} frames {by:6.1f} bytes {ms:6.1f} ms at {BAUD} baud = "
          f"{ms / 60:.2f}% of a 6 s page")
    print(f"resending all:    {len(full):5d} frames {sum(map(len, full)):6d} bytes {base_ms:6.1f} ms at {BAUD} baud = "
          f"{base_ms / 60:.2f}% of a 6 s page")
    print(f"ratio:            {ms / base_ms:.2f} of the full resend's line time")
    sizes = [len(f) for f in per_turn]
    if sizes:
        print(f"frame sizes:      median {statistics.median(sizes)} bytes, max {max(sizes)}")


if __name__ == "__main__":
    main()
