#!/usr/bin/python3
"""A null-modem pty pair that paces bytes like a real serial line: each byte
is released 10/baud seconds after the previous one in the same direction
(8N1 = 10 bits a character), so timings measured through it mean something.
A plain socat pty pair delivers bytes instantly.

    paced_relay.py --baud 9600 --a /tmp/line/qmsd --b /tmp/line/devices [--log FILE]

Creates the two links, prints "ready", and relays until killed.

A byte reaches the far end when its last bit has crossed the wire: one
character time after it started, and it cannot start before the previous byte
in that direction has finished. With --log, every frame on the wire (bytes in
one direction with no idle gap between them) is written as one line once its
last byte is delivered:

    a>b <written_ns> <wire_start_ns> <delivered_ns> <hex bytes>

time.monotonic_ns() values (the clock every process on the machine shares):
when the writer handed the first byte to the relay, when that byte started on
the wire, and when the last byte reached the other end. "a>b" is from --a's
side to --b's side.
"""
import argparse
import os
import select
import time
import tty


def make_pty(link):
    master, slave = os.openpty()
    tty.setraw(master)
    tty.setraw(slave)
    if os.path.lexists(link):
        os.unlink(link)
    os.symlink(os.ttyname(slave), link)
    return master, slave


class Direction:
    """Bytes from one master waiting for the wire, and the frame being sent."""

    def __init__(self, src, dst, name, char_ns, log):
        self.src, self.dst, self.name, self.char_ns, self.log = src, dst, name, char_ns, log
        self.queue = bytearray()
        self.done_ns = 0  # when the byte now on the wire (or the last one) is delivered
        self.frame = bytearray()
        self.frame_in = self.frame_start = self.delivered = 0

    def accept(self, data, now):
        if not self.queue and self.done_ns <= now:
            # The line is idle: the first byte starts now.
            self.flush_frame()
            self.frame_in = self.frame_start = now
            self.done_ns = now + self.char_ns
        self.queue += data

    def release(self, now):
        """Delivers every byte whose time on the wire has passed."""
        n = 0
        while n < len(self.queue) and self.done_ns <= now:
            n += 1
            if n < len(self.queue):
                self.done_ns += self.char_ns
        if n:
            chunk = bytes(self.queue[:n])
            del self.queue[:n]
            try:
                os.write(self.dst, chunk)
            except OSError:
                pass  # nobody on the other side yet: the bytes are lost, as on a wire
            self.frame += chunk
            self.delivered = now
            if not self.queue:
                self.done_ns = now  # the line is idle from here
                self.flush_frame()

    def flush_frame(self):
        if self.frame and self.log:
            self.log.write(f"{self.name} {self.frame_in} {self.frame_start} {self.delivered} {self.frame.hex()}\n")
            self.log.flush()
        self.frame = bytearray()

    def wait_ns(self, now):
        return max(0, self.done_ns - now) if self.queue else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--baud", type=int, default=9600)
    ap.add_argument("--a", required=True)
    ap.add_argument("--b", required=True)
    ap.add_argument("--log", help="write one line per frame on the wire (see above)")
    args = ap.parse_args()
    char_ns = round(10e9 / args.baud)
    log = open(args.log, "w", buffering=1) if args.log else None
    ma, _sa = make_pty(args.a)
    mb, _sb = make_pty(args.b)
    dirs = {ma: Direction(ma, mb, "a>b", char_ns, log), mb: Direction(mb, ma, "b>a", char_ns, log)}
    print("ready", flush=True)
    while True:
        now = time.monotonic_ns()
        waits = [w for w in (d.wait_ns(now) for d in dirs.values()) if w is not None]
        timeout = min(waits) / 1e9 if waits else None
        ready, _, _ = select.select([ma, mb], [], [], timeout)
        now = time.monotonic_ns()
        for src in ready:
            try:
                data = os.read(src, 4096)
            except OSError:
                continue  # the other side is not open yet
            if data:
                dirs[src].accept(data, now)
        now = time.monotonic_ns()
        for d in dirs.values():
            d.release(now)


if __name__ == "__main__":
    main()
