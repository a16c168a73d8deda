#!/usr/bin/python3
"""Modbus slaves for qmsd's device tests, served by Debian's pymodbus (nobody
here wrote it): RTU on a pty (from socat) or TCP on 127.0.0.1.

    modbus_peer.py --rtu PTY --units 1,2,3 --control SOCKET
    modbus_peer.py --tcp PORT --units 1,2 --control SOCKET

Each unit has 4000 holding registers (zero_mode, so register N is address N).
The control socket (a Unix stream socket) takes one command per line and
answers one line:

    get UNIT ADDR COUNT      -> the values, space separated
    set UNIT ADDR V1 V2 ...  -> ok
    press UNIT CODE          -> ok   (keypad profile: reg 0 = code, reg 1 += 1)
    mute UNIT | unmute UNIT  -> ok   (a muted unit stops answering, as if unplugged)
    requests UNIT            -> how many requests the unit has answered
"""
import argparse
import logging
import os
import socket
import threading

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.transaction import ModbusRtuFramer, ModbusSocketFramer

logging.basicConfig(level=logging.ERROR)

muted = set()
answered = {}


class Unit(ModbusSlaveContext):
    """A slave that can be muted and counts what it answers."""

    def __init__(self, unit_id):
        super().__init__(hr=ModbusSequentialDataBlock(0, [0] * 4000), zero_mode=True)
        self.unit_id = unit_id

    def validate(self, fx, address, count=1):
        if self.unit_id in muted:
            return False
        return super().validate(fx, address, count)

    def getValues(self, fx, address, count=1):
        answered[self.unit_id] = answered.get(self.unit_id, 0) + 1
        return super().getValues(fx, address, count)

    def setValues(self, fx, address, values):
        answered[self.unit_id] = answered.get(self.unit_id, 0) + 1
        return super().setValues(fx, address, values)


class MutableServerContext(ModbusServerContext):
    """Muted units are absent: pymodbus then sends no reply at all."""

    def __contains__(self, slave):
        if slave in muted:
            return False
        return super().__contains__(slave)

    def __getitem__(self, slave):
        if slave in muted:
            raise KeyError(slave)
        return super().__getitem__(slave)


def control(path, units):
    if os.path.exists(path):
        os.unlink(path)
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(path)
    srv.listen(4)
    while True:
        conn, _ = srv.accept()
        with conn, conn.makefile("rw") as f:
            for line in f:
                words = line.split()
                try:
                    reply = handle(words, units)
                except Exception as exc:  # report, keep serving
                    reply = "error " + str(exc)
                f.write(reply + "\n")
                f.flush()


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
    return "error unknown command"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rtu")
    ap.add_argument("--tcp", type=int)
    ap.add_argument("--baud", type=int, default=9600)
    ap.add_argument("--units", required=True)
    ap.add_argument("--control", required=True)
    args = ap.parse_args()
    units = {int(u): Unit(int(u)) for u in args.units.split(",")}
    context = MutableServerContext(slaves=units, single=False)
    threading.Thread(target=control, args=(args.control, units), daemon=True).start()
    if args.rtu:
        from pymodbus.server import StartSerialServer
        StartSerialServer(context=context, framer=ModbusRtuFramer, port=args.rtu, baudrate=args.baud)
    else:
        from pymodbus.server import StartTcpServer
        StartTcpServer(context=context, framer=ModbusSocketFramer, address=("127.0.0.1", args.tcp))


if __name__ == "__main__":
    main()
