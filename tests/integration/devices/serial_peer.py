# The serial display families (`01 <addr> … 07` and `FF 68 L L 68 …`) as the
# conformance suite's peer: tools/sim/devsim.py on the far end of a socat pty
# pair, logging every byte it reads from the line. What a display shows is
# decoded here from those bytes, by the frame layouts the driver READMEs
# document (drivers/rs485_0107/README.md, drivers/caller_ff68/README.md), not
# by devsim's own rendering nor the driver's code: a frame that does not fit
# the documented layout is counted as bad, never shown.
#
# These displays never answer, so the daemon cannot tell one deaf unit from a
# working one; what it can notice is the line itself going away (the USB
# adapter unplugged), which `SerialBench.unplug()` does.
import re
import subprocess
from pathlib import Path

from conftest import (PYTHON, SOURCE_DIR, Daemon, PeerError, PtyPair, control, device_toml, stop_all,
                      stop_process, wait_for)

DEVSIM = SOURCE_DIR / "tools" / "sim" / "devsim.py"
FAMILIES = ["rs485_0107", "caller_ff68"]
DIGITS = 4  # counter displays of the 01..07 family in these tests


def frames_0107(raw_path):
    """Every 01 <addr> … 07 frame (whole, as bytes) in devsim's raw log, in
    the order sent: the `rx <hex>` lines joined and cut from each 01 to the
    next 07. No layout check (LineDecoder does that): for the main board's
    lines, whose frames carry whole texts of any width."""
    buf, out = bytearray(), []
    for line in Path(raw_path).read_text().splitlines():
        word, _, rest = line.partition(" ")
        if word != "rx":
            continue
        buf += bytes.fromhex(rest)
        while True:
            start = buf.find(b"\x01")
            end = buf.find(b"\x07", start + 1)
            if start < 0 or end < 0:
                break
            out.append(bytes(buf[start:end + 1]))
            del buf[:end + 1]
    return out


class LineDecoder:
    """Host -> unit frames from devsim's raw log, by the documented layouts."""

    def __init__(self, family):
        self.family = family
        self.buf = bytearray()
        self.muted = set()
        self.state = {}     # unit -> what it shows (per family, see SerialPeer.shown)
        self.frames = {}    # unit -> display frames it took
        self.deaf = {}      # unit -> display frames sent to it while muted
        self.other = []     # well-formed frames that are not display updates (acks, beeps)
        self.bad = []       # byte runs that fit no documented frame

    def line(self, text):
        word, _, rest = text.partition(" ")
        if word == "rx":
            self.buf += bytes.fromhex(rest)
            (self._feed_0107 if self.family == "rs485_0107" else self._feed_ff68)()
        elif word == "mute":
            self.muted.add(int(rest))
        elif word == "unmute":
            self.muted.discard(int(rest))
        elif word == "restart":  # a new devsim on a new line: nothing half-received survives
            self.buf.clear()
            self.muted.clear()

    def _display(self, unit, shows):
        if unit in self.muted:
            self.deaf[unit] = self.deaf.get(unit, 0) + 1
            return
        self.frames[unit] = self.frames.get(unit, 0) + 1
        self.state[unit] = shows

    # 01 addr mode c1..cN 07: mode 0x20 steady, 0x21 blink, 0x22..0x7F blink (mode - 0x21) times.
    def _feed_0107(self):
        while True:
            start = self.buf.find(b"\x01")
            if start < 0:
                if self.buf:
                    self.bad.append(bytes(self.buf))
                self.buf.clear()
                return
            if start > 0:
                self.bad.append(bytes(self.buf[:start]))
                del self.buf[:start]
            end = self.buf.find(b"\x07")
            if end < 0:
                return
            frame = bytes(self.buf[:end + 1])
            del self.buf[:end + 1]
            addr, mode, text = frame[1] if len(frame) > 1 else -1, frame[2] if len(frame) > 2 else -1, frame[3:-1]
            if len(frame) != 4 + DIGITS or not 0x20 <= mode <= 0x7F or any(not 0x20 <= c < 0x7F for c in text):
                self.bad.append(frame)
                continue
            how = "steady" if mode == 0x20 else "blink" if mode == 0x21 else f"blink {mode - 0x21}"
            self._display(addr, (text.decode("ascii"), how))

    # FF 68 L L 68 addr func data... sum 16; L = 2 + len(data); sum = addr + func + data (mod 256).
    def _feed_ff68(self):
        while True:
            start = self.buf.find(b"\xff\x68")
            if start < 0:
                return
            if start > 0:
                self.bad.append(bytes(self.buf[:start]))
                del self.buf[:start]
            if len(self.buf) < 5:
                return
            n = self.buf[2]
            if self.buf[3] != n or self.buf[4] != 0x68 or n < 2:
                self.bad.append(bytes(self.buf[:2]))
                del self.buf[:2]
                continue
            total = 5 + n + 2
            if len(self.buf) < total:
                return
            frame = bytes(self.buf[:total])
            del self.buf[:total]
            addr, func, data = frame[5], frame[6], frame[7:-2]
            if frame[-1] != 0x16 or (addr + func + sum(data)) & 0xFF != frame[-2]:
                self.bad.append(frame)
            elif func == 0x02:
                if len(data) != 6 or any(d > 9 and d != 0x0A for d in data):
                    self.bad.append(frame)
                    continue
                digits = "".join(" " if d == 0x0A else str(d) for d in data)
                self._display(addr, {"waiting": digits[:3], "ticket": digits[3:]})
            else:
                self.other.append(frame)


class SerialPeer:
    """devsim serving some units of one family on a pty link."""

    def __init__(self, directory, family, units, port, name="devsim"):
        self.dir = Path(directory)
        self.family = family
        self.units = dict(units)  # address -> "display" | "keypad"
        self.port = port
        self.control = self.dir / f"{name}.sock"
        self.raw = self.dir / f"{name}.raw"
        self.log = self.dir / f"{name}.log"
        self.proc = None
        self.settled = {}  # unit -> frame count when its blinking was over

    def start(self, muted=()):
        if self.control.exists():
            self.control.unlink()
        with open(self.raw, "a") as f:
            f.write("restart\n")
        spec = ",".join(f"{kind}:{addr}" for addr, kind in sorted(self.units.items()))
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [PYTHON, str(DEVSIM), "--protocol", self.family, "--port", str(self.port), "--units", spec,
                 "--control", str(self.control), "--raw-log", str(self.raw)],
                stdout=log, stderr=log, stdin=subprocess.DEVNULL)
        wait_for(lambda: self.cmd("show"), lambda r: r.startswith("ok"), 10, "devsim's control socket")
        for u in muted:
            self.mute(u)
        return self

    def stop(self):
        stop_process(self.proc)
        self.proc = None

    def cmd(self, *words):
        if self.proc is not None and self.proc.poll() is not None:
            tail = self.log.read_text(errors="replace")[-2000:]
            raise PeerError(f"devsim exited with {self.proc.returncode}: {tail}")
        return control(self.control, words, "devsim")

    def mute(self, unit):
        self.cmd("mute", unit)

    def unmute(self, unit):
        self.cmd("unmute", unit)

    def decoded(self):
        dec = LineDecoder(self.family)
        if self.raw.exists():
            for line in self.raw.read_text().splitlines():
                dec.line(line)
        return dec

    def frames(self, unit):
        return self.decoded().frames.get(unit, 0)

    def settle(self, unit):
        """The unit has blinked its times and now shows its number steadily (as the hardware would)."""
        self.settled[unit] = self.frames(unit)

    def shown(self, unit):
        """01..07: (text, "steady" | "blink" | "blink N"); FF 68: the ticket's three digits."""
        dec = self.decoded()
        if self.family == "rs485_0107":
            text, how = dec.state.get(unit, (" " * DIGITS, "steady"))
            if self.settled.get(unit) == dec.frames.get(unit, 0):
                how = "steady"
            return (text, how)
        return dec.state.get(unit, {"ticket": "   "})["ticket"]

    def waiting_shown(self, unit):
        return self.decoded().state.get(unit, {}).get("waiting")


def expected(family, code, how="steady"):
    """What a display of `family` shows for ticket `code` ("" = blank); a call blinks 5 times where it can."""
    if family == "rs485_0107":
        return (code.rjust(DIGITS)[-DIGITS:], "blink 5" if how == "called" else "steady")
    digits = re.sub(r"\D", "", code)[-3:]
    return digits.rjust(3)


def serial_bus_toml(bus_id, family, port):
    return "\n".join(["[[bus]]", f'id = "{bus_id}"', f'type = "{family}"', f'port = "{port}"', "baud = 9600",
                      "retry_backoff_ms = 200"]) + "\n\n"


class SerialBench:
    """A serial line (socat pty pair) with devsim on the far end and a daemon
    whose bus drives `devices` on it. The same shape as conftest's Bench."""

    transport = "serial"

    def __init__(self, binary, workdir, sockdir, family, devices, muted=(), display=None):
        self.binary, self.dir, self.sockdir = binary, Path(workdir), Path(sockdir)
        self.family = self.profile = family
        # Serial displays have no register profile; the 01..07 ones are DIGITS wide.
        self.devices = [{k: v for k, v in d.items() if k != "profile"} for d in devices]
        for d in self.devices:
            if d["role"] == "counter_display":
                d["digits"] = DIGITS
        self.muted, self.display = muted, display
        self.pty = self.peer = self.daemon = None

    def start(self):
        self.pty = PtyPair(self.sockdir).start()
        units = {d["address"]: "keypad" if d["role"] == "keypad" else "display" for d in self.devices}
        self.peer = SerialPeer(self.sockdir, self.family, units, self.pty.peer_end).start(self.muted)
        extra = serial_bus_toml("bus1", self.family, self.pty.daemon_end)
        extra += "".join(device_toml(bus="bus1", **d) for d in self.devices)
        self.daemon = Daemon(self.binary, self.dir, extra, self.display).start()
        return self

    def unplug(self):
        """The USB adapter is pulled: the line and everything on it are gone."""
        self.peer.stop()
        self.pty.stop()

    def replug(self):
        for link in (self.pty.daemon_end, self.pty.peer_end):
            if link.is_symlink() or link.exists():
                link.unlink()
        self.pty.start()
        self.peer.start()

    def teardown(self):
        errors = stop_all(self.daemon, self.peer, self.pty)
        dec = self.peer.decoded() if self.peer else None
        if dec and dec.bad:
            errors.append(f"{self.family}: frames that fit no documented layout: "
                          f"{[b.hex(' ') for b in dec.bad[:5]]}")
        return errors
