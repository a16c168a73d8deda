#!/usr/bin/python3
"""Simulated RS-485 devices for qmsd, on a pty: what a person in the office
would see and press.

    devsim.py --protocol rs485_0107 --port /tmp/devs/sim --units display:1,display:2,board:20x3,keypad:5
    devsim.py --protocol caller_ff68 --port /tmp/devs/sim --units keypad:7

qmsd's bus opens the other end of a socat pty pair
(socat pty,raw,echo=0,link=/tmp/devs/qmsd pty,raw,echo=0,link=/tmp/devs/sim).
The simulator prints each unit's display whenever it changes:

    [display 1]  A012  (blinking 5x)
    [board 20]   A012 -> Quay 3 | B004 -> Quay 1 | Hotline 1022

and reads commands on standard input (or --control SOCKET, one per line):

    press UNIT KEY     a keypad press, KEY as 0x31 / 12 (FF 68: 0x0C call, 0x0F06 give up)
    garbage N          N random bytes on the line (noise, collisions)
    show               print every unit's current display
    get UNIT           what display UNIT shows (one line)
    mute UNIT          the unit is deaf (unplugged on its own): frames for it change nothing
    unmute UNIT        it listens again (and shows what it is sent from then on)

With --raw-log FILE every chunk read from the line is appended as `rx <hex>`,
and mute/unmute as `mute UNIT` / `unmute UNIT` lines in the order they
happened, so a test can decode the bytes itself.
"""
import argparse
import os
import random
import select
import socket
import sys
import termios
import tty


def ff68_frame(addr, func, data):
    total = (addr + func + sum(data)) & 0xFF
    n = len(data) + 2
    return bytes([0xFF, 0x68, n, n, 0x68, addr, func, *data, total, 0x16])


class Sim:
    def __init__(self, protocol, units, fd, out):
        self.protocol, self.fd, self.out = protocol, fd, out
        self.displays = {}   # address -> text shown
        self.boards = {}     # base address -> [lines]
        self.units = units
        self.buf = bytearray()
        self.frames = 0
        self.bad = 0
        self.muted = set()
        self.raw = None  # the --raw-log file

    def record(self, line):
        if self.raw:
            self.raw.write(line + "\n")
            self.raw.flush()

    def log(self, text):
        self.out.write(text + "\n")
        self.out.flush()

    # --- host -> devices ---------------------------------------------------
    def feed(self, data):
        self.record("rx " + data.hex())
        self.buf += data
        if self.protocol == "rs485_0107":
            self.feed_0107()
        else:
            self.feed_ff68()

    def feed_0107(self):
        while True:
            start = self.buf.find(b"\x01")
            if start < 0:
                self.buf.clear()
                return
            end = self.buf.find(b"\x07", start + 1)
            if end < 0:
                del self.buf[:start]
                return
            frame = bytes(self.buf[start:end + 1])
            del self.buf[:end + 1]
            self.frames += 1
            addr, body = frame[1], frame[2:-1]
            kind = self.units.get(addr)
            if kind == "display":
                mode, text = body[0], body[1:].decode("ascii", "replace")
                how = "" if mode == 0x20 else "  (blinking)" if mode == 0x21 else f"  (blinking {mode - 0x21}x)"
                self.show_display(addr, f"{text}{how}")
            else:
                base = max((a for a, k in self.units.items() if k.startswith("board") and a <= addr), default=None)
                if base is None:
                    self.log(f"[?] frame for unknown unit {addr}: {frame.hex(' ')}")
                    continue
                lines = self.boards.setdefault(base, [])
                i = addr - base
                while len(lines) <= i:
                    lines.append("")
                lines[i] = body.decode("utf-8", "replace")
                self.log(f"[board {base}]   " + " | ".join(lines))

    def feed_ff68(self):
        while len(self.buf) >= 5:
            if self.buf[0] != 0xFF:
                del self.buf[0]
                self.bad += 1
                continue
            n = self.buf[2]
            total = 5 + n + 2
            if len(self.buf) < total:
                return
            frame = bytes(self.buf[:total])
            del self.buf[:total]
            self.frames += 1
            addr, func, data = frame[5], frame[6], frame[7:-2]
            if func == 0x02 and len(data) == 6:
                digits = "".join(" " if d == 0x0A else str(d) for d in data)
                self.show_display(addr, f"waiting {digits[:3]}  ticket {digits[3:]}")
            elif func == 0x03:
                self.log(f"[keypad {addr}]  beep")
            else:
                self.log(f"[keypad {addr}]  ack {frame.hex(' ')}")

    def show_display(self, addr, text):
        if addr in self.muted:
            return
        if self.displays.get(addr) != text:
            self.displays[addr] = text
            self.log(f"[display {addr}]  {text}")

    # --- devices -> host ---------------------------------------------------
    def press(self, unit, key):
        if self.protocol == "rs485_0107":
            frame = bytes([0x01, unit, key & 0xFF, 0x07])
        elif key > 0xFF:
            frame = ff68_frame(unit, 0x01, [key & 0xFF, 0x0F])
        else:
            frame = ff68_frame(unit, 0x01, [key])
        os.write(self.fd, frame)
        self.log(f"[keypad {unit}]  pressed {key:#04x}")

    def command(self, line):
        words = line.split()
        if not words:
            return "ok"
        if words[0] == "press" and len(words) == 3:
            self.press(int(words[1], 0), int(words[2], 0))
            return "ok"
        if words[0] == "garbage":
            os.write(self.fd, bytes(random.randrange(256) for _ in range(int(words[1]))))
            return "ok"
        if words[0] == "show":
            for a, t in sorted(self.displays.items()):
                self.log(f"[display {a}]  {t}")
            for a, lines in sorted(self.boards.items()):
                self.log(f"[board {a}]   " + " | ".join(lines))
            return f"ok frames={self.frames} bad={self.bad}"
        if words[0] in ("mute", "unmute") and len(words) == 2:
            unit = int(words[1], 0)
            (self.muted.add if words[0] == "mute" else self.muted.discard)(unit)
            self.record(f"{words[0]} {unit}")
            return "ok"
        if words[0] == "get" and len(words) == 2:
            return self.displays.get(int(words[1]), "")
        return "error unknown command"


def parse_units(text):
    units = {}
    for item in text.split(","):
        kind, _, rest = item.partition(":")
        addr = int(rest.split("x")[0])
        units[addr] = "board" if kind == "board" else kind
    return units


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--protocol", choices=["rs485_0107", "caller_ff68"], required=True)
    ap.add_argument("--port", required=True)
    ap.add_argument("--units", required=True)
    ap.add_argument("--control", help="a Unix socket taking the same commands as stdin")
    ap.add_argument("--raw-log", help="append every chunk read from the line, as hex, to this file")
    args = ap.parse_args()
    fd = os.open(args.port, os.O_RDWR | os.O_NOCTTY)
    # TCSANOW, not setraw's default TCSAFLUSH: bytes the host sent before we
    # opened the line are the units' state and must not be thrown away.
    tty.setraw(fd, termios.TCSANOW)
    sim = Sim(args.protocol, parse_units(args.units), fd, sys.stdout)
    if args.raw_log:
        sim.raw = open(args.raw_log, "a")
    ctl = None
    if args.control:
        if os.path.exists(args.control):
            os.unlink(args.control)
        ctl = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        ctl.bind(args.control)
        ctl.listen(4)
    clients = []
    sources = [fd] + ([ctl] if ctl else []) + ([sys.stdin] if sys.stdin.isatty() or not ctl else [])
    while True:
        ready, _, _ = select.select(sources + clients, [], [])
        for r in ready:
            if r == fd:
                try:
                    data = os.read(fd, 4096)
                except OSError:
                    data = b""
                if not data:
                    sim.log("[line] the other end is gone")
                    return
                sim.feed(data)
            elif r is ctl:
                conn, _ = ctl.accept()
                clients.append(conn)
            elif r is sys.stdin:
                line = sys.stdin.readline()
                if not line:
                    sources.remove(sys.stdin)
                else:
                    sim.log(sim.command(line))
            else:
                data = r.recv(4096)
                if not data:
                    clients.remove(r)
                    r.close()
                    continue
                for line in data.decode().splitlines():
                    r.sendall((sim.command(line) + "\n").encode())


if __name__ == "__main__":
    main()
