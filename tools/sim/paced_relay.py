#!/usr/bin/python3
"""A null-modem pty pair that paces bytes like a real serial line: each byte
is released 10/baud seconds after the previous one in the same direction
(8N1 = 10 bits a character), so timings measured through it mean something.
A plain socat pty pair delivers bytes instantly.

    paced_relay.py --baud 9600 --a /tmp/line/qmsd --b /tmp/line/devices

Creates the two links, prints "ready", and relays until killed.
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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--baud", type=int, default=9600)
    ap.add_argument("--a", required=True)
    ap.add_argument("--b", required=True)
    args = ap.parse_args()
    char_time = 10.0 / args.baud
    ma, _sa = make_pty(args.a)
    mb, _sb = make_pty(args.b)
    # Per direction: bytes waiting, and when the wire is free again.
    queues = {ma: bytearray(), mb: bytearray()}
    free_at = {ma: 0.0, mb: 0.0}
    peer = {ma: mb, mb: ma}
    print("ready", flush=True)
    while True:
        now = time.monotonic()
        timeout = None
        for src, q in queues.items():
            if q:
                wait = max(0.0, free_at[src] - now)
                timeout = wait if timeout is None else min(timeout, wait)
        ready, _, _ = select.select([ma, mb], [], [], timeout)
        for src in ready:
            try:
                queues[src] += os.read(src, 4096)
            except OSError:
                pass  # the other side is not open yet
        now = time.monotonic()
        for src, q in queues.items():
            # Release every byte whose time on the wire has passed.
            while q and free_at[src] <= now:
                start = max(free_at[src], now - char_time)
                os.write(peer[src], bytes(q[:1]))
                del q[:1]
                free_at[src] = start + char_time


if __name__ == "__main__":
    main()
