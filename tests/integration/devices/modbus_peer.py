#!/usr/bin/python3
"""Modbus slaves for qmsd's device tests, served by Debian's pymodbus (nobody
here wrote it): RTU on a pty (from socat) or TCP on 127.0.0.1.

    modbus_peer.py --rtu PTY --units 1,2,3 --control SOCKET
    modbus_peer.py --tcp PORT --units 1,2 --control SOCKET [--mute 2]

Each unit has 4000 holding registers (zero_mode, so register N is address N).
The control socket (a Unix stream socket) takes one command per line and
answers one line:

    get UNIT ADDR COUNT      -> the values, space separated
    set UNIT ADDR V1 V2 ...  -> ok
    press UNIT CODE          -> ok   (keypad profile: reg 0 = code, reg 1 += 1)
    mute UNIT | unmute UNIT  -> ok   (a muted unit stops answering, as if unplugged)
    requests UNIT            -> how many requests the unit has answered
    ignored UNIT             -> how many requests for the unit went unanswered while muted
    writes UNIT              -> how many write requests the unit has taken (FC06/FC16)
    asked UNIT               -> when each request for the unit arrived (answered or not):
                                monotonic_ns values, space separated
    history UNIT             -> one line per write taken: "<monotonic_ns> <address> <values...>",
                                joined by ";" (time.monotonic_ns() is shared by every process)
    refuse UNIT CODE         -> ok   (writes are answered with Modbus exception CODE and not applied:
                                      a unit that is busy, or will not take that register)
    gateway UNIT CODE        -> ok   (every request for the unit is answered with exception CODE, as
                                      an RS-485/TCP gateway answers for a unit it cannot reach:
                                      10 = path unavailable, 11 = target failed to respond)
    accept UNIT              -> ok   (undoes refuse and gateway)
    garble UNIT | ungarble UNIT -> ok (RTU: the unit's replies go out with a wrong CRC and a
                                      few bytes of noise after them: a chattering transceiver)

A muted unit is left out of the slave list pymodbus's framer checks, so its
requests are dropped silently (pymodbus's own "Not a valid unit id"): no
exception reply, exactly like a unit that is not on the bus. Each control
connection gets its own thread, so tests may hold one open while others talk.

Over RTU the framer also ends a frame at a silence (GapRtuFramer), as the RTU
spec and real units do, so line noise cannot wedge it.
"""
import argparse
import logging
import os
import random
import socket
import threading
import time

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.pdu import ExceptionResponse
from pymodbus.transaction import ModbusRtuFramer, ModbusSocketFramer

logging.basicConfig(level=logging.ERROR)

muted = set()
answered = {}
ignored = {}
writes = {}      # unit -> [(monotonic_ns, address, values)]
asked = {}       # unit -> [monotonic_ns of every request for it]
refusing = {}    # unit -> exception code for writes
gatewayed = {}   # unit -> exception code for every request
garbled = set()
WRITE_FUNCTIONS = (6, 16)


class Unit(ModbusSlaveContext):
    """A slave that can be muted and counts what it answers."""

    def __init__(self, unit_id):
        super().__init__(hr=ModbusSequentialDataBlock(0, [0] * 4000), zero_mode=True)
        self.unit_id = unit_id

    def getValues(self, fx, address, count=1):
        answered[self.unit_id] = answered.get(self.unit_id, 0) + 1
        return super().getValues(fx, address, count)

    def setValues(self, fx, address, values):
        if self.unit_id in refusing or self.unit_id in gatewayed:
            return None  # refused: the registers keep what they had
        answered[self.unit_id] = answered.get(self.unit_id, 0) + 1
        writes.setdefault(self.unit_id, []).append((time.monotonic_ns(), address, list(values)))
        return super().setValues(fx, address, values)


def manipulate(response):
    """pymodbus's response hook: a refusing unit's writes, and every request
    for a unit the "gateway" cannot reach, get an exception reply instead."""
    unit, fc = response.unit_id, response.function_code & 0x7F
    code = gatewayed.get(unit)
    if code is None and fc in WRITE_FUNCTIONS:
        code = refusing.get(unit)
    if code is None:
        return response, False
    refused = ExceptionResponse(fc, code)
    refused.unit_id, refused.transaction_id = unit, response.transaction_id
    return refused, False


class GapRtuFramer(ModbusRtuFramer):
    """pymodbus's RTU framer plus the rule it leaves out: a silence longer than
    3.5 characters ends a frame (its resetFrame() says Python cannot time it).
    Without that, a burst of line noise whose "length" byte promises a long
    frame makes the framer swallow the valid requests after it until that many
    bytes have arrived, which a real unit, resyncing on the gap, never does.
    (10 ms at least: a pty does not keep byte timing more finely than that.)"""

    gap = 0.010

    def __init__(self, decoder, client=None):
        super().__init__(decoder, client)
        self._last_data = 0.0

    def processIncomingPacket(self, data, callback, unit, **kwargs):  # pylint: disable=arguments-differ
        now = time.monotonic()
        if self._buffer and now - self._last_data > self.gap:
            self.resetFrame()  # the line went quiet: what is buffered was not a whole frame
        self._last_data = now
        super().processIncomingPacket(data, callback, unit, **kwargs)

    def buildPacket(self, message):
        packet = super().buildPacket(message)
        if message.unit_id in garbled:
            # A wrong CRC, then noise that runs on past the reply's end.
            noise = bytes(random.randrange(256) for _ in range(random.randrange(3, 12)))
            packet = packet[:-2] + bytes([packet[-2] ^ 0xA5, packet[-1] ^ 0x3C]) + noise
        return packet


class UnitList(list):
    """The unit ids the framer accepts: muted ones are absent (and counted)."""

    def __contains__(self, unit_id):
        if unit_id in muted or super().__contains__(unit_id):
            asked.setdefault(unit_id, []).append(time.monotonic_ns())
        if unit_id in muted:
            ignored[unit_id] = ignored.get(unit_id, 0) + 1
            return False
        return super().__contains__(unit_id)


class MutableServerContext(ModbusServerContext):
    """Muted units are absent: pymodbus's framer drops their frames, no reply at all.

    (Raising from __getitem__ is not enough: pymodbus then answers with a
    SlaveFailure exception, which a real unplugged unit never sends.)"""

    def slaves(self):
        return UnitList(super().slaves())


def serve_control(conn, units):
    with conn, conn.makefile("rw") as f:
        for line in f:
            words = line.split()
            try:
                reply = handle(words, units)
            except Exception as exc:  # report, keep serving
                reply = "error " + str(exc)
            f.write(reply + "\n")
            f.flush()


def control(path, units):
    if os.path.exists(path):
        os.unlink(path)
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(path)
    srv.listen(8)
    while True:
        conn, _ = srv.accept()
        threading.Thread(target=serve_control, args=(conn, units), daemon=True).start()


def handle(words, units):
    cmd, unit = words[0], int(words[1]) if len(words) > 1 else 0
    store = units.get(unit)
    if cmd == "get":
        return " ".join(str(v) for v in store.store["h"].getValues(int(words[2]), int(words[3])))
    if cmd == "set":
        store.store["h"].setValues(int(words[2]), [int(v) for v in words[3:]])
        return "ok"
    if cmd == "press":
        count = store.store["h"].getValues(1, 1)[0]
        store.store["h"].setValues(0, [int(words[2]), (count + 1) & 0xFFFF])
        return "ok"
    if cmd == "mute":
        muted.add(unit)
        return "ok"
    if cmd == "unmute":
        muted.discard(unit)
        return "ok"
    if cmd == "requests":
        return str(answered.get(unit, 0))
    if cmd == "ignored":
        return str(ignored.get(unit, 0))
    if cmd == "writes":
        return str(len(writes.get(unit, [])))
    if cmd == "asked":
        return " ".join(map(str, asked.get(unit, [])))
    if cmd == "history":
        return ";".join(f"{t} {a} " + " ".join(map(str, v)) for t, a, v in writes.get(unit, []))
    if cmd == "refuse":
        refusing[unit] = int(words[2])
        return "ok"
    if cmd == "gateway":
        gatewayed[unit] = int(words[2])
        return "ok"
    if cmd == "accept":
        refusing.pop(unit, None)
        gatewayed.pop(unit, None)
        return "ok"
    if cmd == "garble":
        garbled.add(unit)
        return "ok"
    if cmd == "ungarble":
        garbled.discard(unit)
        return "ok"
    return "error unknown command"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rtu")
    ap.add_argument("--tcp", type=int)
    ap.add_argument("--baud", type=int, default=9600)
    ap.add_argument("--units", required=True)
    ap.add_argument("--control", required=True)
    ap.add_argument("--mute", default="", help="units muted from the start (absent from the bus)")
    args = ap.parse_args()
    muted.update(int(u) for u in args.mute.split(",") if u)
    units = {int(u): Unit(int(u)) for u in args.units.split(",")}
    context = MutableServerContext(slaves=units, single=False)
    threading.Thread(target=control, args=(args.control, units), daemon=True).start()
    if args.rtu:
        from pymodbus.server import StartSerialServer
        GapRtuFramer.gap = max(GapRtuFramer.gap, 35.0 / args.baud)
        StartSerialServer(context=context, framer=GapRtuFramer, port=args.rtu, baudrate=args.baud,
                          response_manipulator=manipulate)
    else:
        from pymodbus.server import StartTcpServer
        StartTcpServer(context=context, framer=ModbusSocketFramer, address=("127.0.0.1", args.tcp),
                       response_manipulator=manipulate)


if __name__ == "__main__":
    main()
