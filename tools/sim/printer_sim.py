#!/usr/bin/python3
"""A simulated ESC/POS ticket printer for qmsd, on TCP 127.0.0.1 (like a
network printer's port 9100) or on a pty: what a person at the kiosk would
get out of the printer.

    printer_sim.py --port 9100 --record /tmp/printer.bin --png-dir /tmp/tickets
    printer_sim.py --pty /tmp/printer-tty          # a serial printer (qmsd opens the link)

It answers DLE EOT 1..4 as a real printer would in the state you set, prints
each ticket (from ESC @ to the cut) as a PNG when --png-dir is given (GS v 0
raster as is; a native GS ( k QR as a framed box with its text; printer-font
text as plain lines), and reads commands on standard input, one per line,
answering each with one line:

    state ok|paper_out|cover_open|offline|error|near_end   what DLE EOT reports
    state silent        takes data, never answers DLE EOT (a hung printer)
    state drop          closes the connection when data arrives
    state paper_out_after_data   runs out of paper once ticket data arrives
    slow MS             the status asked after each ticket's cut is answered MS
                        later (a printer still printing a long raster ticket)
    tickets             how many tickets came out whole (cut while printing was possible)
    render FILE.png     the last ticket received, as an image
    quit

On start it prints "listening PORT" (or "pty PATH") on standard output.
"""
import argparse
import os
import pty
import select
import socket
import sys
import tty
import time

ESC, GS, DLE = 0x1B, 0x1D, 0x10

# DLE EOT 1, 2, 3, 4 replies per state (Epson ESC/POS reference, DLE EOT):
# fixed bits 0xx1xx10; n=1 bit 3 offline; n=2 bit 2 cover open, bit 5 stopped
# by paper end, bit 6 error; n=3 bit 3 autocutter error; n=4 bits 2-3 near
# end, bits 5-6 paper end.
STATUS = {
    "ok": (0x12, 0x12, 0x12, 0x12),
    "near_end": (0x12, 0x12, 0x12, 0x1E),
    "paper_out": (0x1A, 0x32, 0x12, 0x7E),
    "cover_open": (0x1A, 0x16, 0x12, 0x12),
    "offline": (0x1A, 0x12, 0x12, 0x12),
    "error": (0x1A, 0x52, 0x1A, 0x12),
}
PRINTING = ("ok", "near_end")


class Ticket:
    """One ticket as the paper would show it: a list of (kind, payload)."""

    def __init__(self):
        self.parts = []  # ("raster", width, height, bytes) | ("text", str, scale) | ("qr", str)
        self.qr = {}


class Printer:
    def __init__(self, record, png_dir, log):
        self.state = "ok"
        self.buf = bytearray()
        self.record = open(record, "ab") if record else None
        self.png_dir = png_dir
        self.log = log
        self.ticket = Ticket()
        self.last = None
        self.whole = 0
        self.scale = 1
        self.codepage = None
        self.to_render = []
        self.slow_ms = 0
        self.cut_pending = False

    def feed(self, data):
        """Returns the bytes to answer."""
        if self.record:
            self.record.write(data)
            self.record.flush()
        self.buf += data
        out = bytearray()
        while self.buf:
            n = self.command_length(self.buf)
            if n is None:
                break  # wait for more
            cmd = bytes(self.buf[:n])
            del self.buf[:n]
            out += self.execute(cmd)
        return bytes(out)

    @staticmethod
    def command_length(b):
        c = b[0]
        if c == DLE:
            return 3 if len(b) >= 3 else None
        if c == ESC:
            if len(b) < 2:
                return None
            return 2 if b[1] == ord("@") else (3 if len(b) >= 3 else None)
        if c == GS:
            if len(b) < 2:
                return None
            if b[1] == ord("(") and len(b) >= 5:
                n = 5 + b[3] + 256 * b[4]
                return n if len(b) >= n else None
            if b[1] == ord("v") and len(b) >= 8:
                n = 8 + (b[4] + 256 * b[5]) * (b[6] + 256 * b[7])
                return n if len(b) >= n else None
            if b[1] in (ord("!"), ord("V")):
                return 3 if len(b) >= 3 else None
            return 2  # a command qmsd does not send: skip its first two bytes
        # printable text, up to and including LF, or up to the next command
        i = 0
        while i < len(b) and b[i] not in (ESC, GS, DLE):
            if b[i] == 0x0A:
                return i + 1
            i += 1
        if i == len(b) and len(b) < 4096:
            return None
        return i

    def execute(self, cmd):
        if cmd[0] == DLE and cmd[1] == 0x04:
            if self.cut_pending and self.slow_ms:
                time.sleep(self.slow_ms / 1000)  # still printing; everything else waits too
            self.cut_pending = False
            answer = STATUS.get("ok" if self.state == "paper_out_after_data" else self.state)
            if answer and 1 <= cmd[2] <= 4:
                return bytes([answer[cmd[2] - 1]])
            return b""
        if self.state == "paper_out_after_data":
            self.state = "paper_out"
            self.log("paper ran out")
        if cmd[:2] == b"\x1b@":
            self.ticket = Ticket()
            self.scale = 1
        elif cmd[:2] == b"\x1bt":
            self.codepage = cmd[2]
        elif cmd[:2] == b"\x1d!":
            self.scale = (cmd[2] & 0x0F) + 1
        elif cmd[:2] == b"\x1dv":
            w, h = (cmd[4] + 256 * cmd[5]) * 8, cmd[6] + 256 * cmd[7]
            self.ticket.parts.append(("raster", w, h, cmd[8:]))
        elif cmd[:3] == b"\x1d(k" and cmd[5:8] == b"\x31\x50\x30":
            self.ticket.qr["data"] = cmd[8:].decode("latin-1")
        elif cmd[:3] == b"\x1d(k" and cmd[5:7] == b"\x31\x51":
            self.ticket.parts.append(("qr", self.ticket.qr.get("data", "")))
        elif cmd[:2] == b"\x1dV":
            self.cut_pending = True
            self.last = self.ticket
            if self.state in PRINTING:
                self.whole += 1
                self.log("ticket %d cut" % self.whole)
                if self.png_dir:  # drawn when the line is quiet: DLE EOT is answered first
                    self.to_render.append((self.last, os.path.join(self.png_dir, "ticket-%03d.png" % self.whole)))
            self.ticket = Ticket()
        elif cmd[0] not in (ESC, GS, DLE):
            enc = "cp1258" if self.codepage is not None else "ascii"
            self.ticket.parts.append(("text", cmd.rstrip(b"\n").decode(enc, "replace"), self.scale))
        return b""


def render(ticket, path, width=None):
    from PIL import Image, ImageDraw, ImageFont
    width = width or max([p[1] for p in ticket.parts if p[0] == "raster"] + [576])
    blocks = []
    for part in ticket.parts:
        if part[0] == "raster":
            _, w, h, data = part
            img = Image.frombytes("1", (w, h), bytes(255 - v for v in data))  # PIL: 1 = white
            blocks.append(img)
        elif part[0] == "text":
            size = 20 * part[2]
            try:
                font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", size)
            except OSError:
                font = ImageFont.load_default()
            img = Image.new("1", (width, size + 8), 1)
            ImageDraw.Draw(img).text((width // 2, 4), part[1], font=font, fill=0, anchor="mt")
            blocks.append(img)
        else:  # a native QR: the printer draws it; show where and what it says
            img = Image.new("1", (width, 140), 1)
            d = ImageDraw.Draw(img)
            d.rectangle((width // 2 - 60, 5, width // 2 + 60, 125), outline=0, width=3)
            d.text((width // 2, 60), "QR: " + part[1][:40], fill=0, anchor="mm")
            blocks.append(img)
    height = sum(b.height for b in blocks) + 40
    page = Image.new("1", (width, height), 1)
    y = 20
    for b in blocks:
        page.paste(b, ((width - b.width) // 2, y))
        y += b.height
    page.convert("L").save(path)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--port", type=int, default=None, help="TCP port on 127.0.0.1 (0 = any free)")
    ap.add_argument("--pty", help="make a pty and link its name here, instead of TCP")
    ap.add_argument("--record", help="append every byte received to this file")
    ap.add_argument("--png-dir", help="write each whole ticket as ticket-NNN.png here")
    args = ap.parse_args()

    def log(text):
        sys.stderr.write("[printer] %s\n" % text)
        sys.stderr.flush()

    printer = Printer(args.record, args.png_dir, log)
    listener, clients, master = None, [], None
    if args.pty:
        master, slave = pty.openpty()
        tty.setraw(slave)
        if os.path.lexists(args.pty):
            os.unlink(args.pty)
        os.symlink(os.ttyname(slave), args.pty)
        print("pty %s" % args.pty, flush=True)
    else:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", args.port or 0))
        listener.listen(4)
        print("listening %d" % listener.getsockname()[1], flush=True)

    stdin = sys.stdin.buffer
    while True:
        watch = [stdin] + clients + ([listener] if listener else []) + ([master] if master is not None else [])
        ready, _, _ = select.select(watch, [], [], 0.05 if printer.to_render else None)
        if not ready and printer.to_render:
            render(*printer.to_render.pop(0))
        for r in ready:
            if r is stdin:
                raw = stdin.readline()
                if not raw:
                    return  # the test that started us has gone
                line = raw.decode().split() or ["?"]
                if line[0] == "quit":
                    return
                if line[0] == "state" and len(line) == 2:
                    printer.state = line[1]
                    log("state " + line[1])
                    print("ok", flush=True)
                elif line[0] == "slow" and len(line) == 2 and line[1].isdigit():
                    printer.slow_ms = int(line[1])
                    print("ok", flush=True)
                elif line[0] == "tickets":
                    while printer.to_render:
                        render(*printer.to_render.pop(0))
                    print(printer.whole, flush=True)
                elif line[0] == "render" and len(line) == 2:
                    if printer.last:
                        render(printer.last, line[1])
                    print("ok" if printer.last else "none", flush=True)
                else:
                    print("?", flush=True)
            elif r is listener:
                conn, _ = listener.accept()
                clients.append(conn)
            elif r is master:
                data = os.read(master, 4096)
                if printer.state not in ("silent", "drop"):
                    reply = printer.feed(data)
                    if reply:
                        os.write(master, reply)
                elif printer.record:
                    printer.record.write(data)
            else:
                data = r.recv(65536)
                if not data or printer.state == "drop":
                    if data:
                        log("dropping the connection")
                    clients.remove(r)
                    r.close()
                    continue
                if printer.state == "silent":
                    if printer.record:
                        printer.record.write(data)
                        printer.record.flush()
                    continue
                reply = printer.feed(data)
                if reply:
                    r.sendall(reply)


if __name__ == "__main__":
    main()
