# Ticket printing without the daemon: escpos_print (this directory, built on
# qmsd_escpos) lays tickets out or prints them through the real Printer class
# to tools/sim/printer_sim.py. Every wait has a deadline and says what it saw.
import json
import os
import select
import subprocess
import sys
from pathlib import Path

import pytest

SOURCE_DIR = Path(__file__).resolve().parents[3]
SIM = SOURCE_DIR / "tools" / "sim" / "printer_sim.py"
NODE_MODULES = SOURCE_DIR / "tests" / "js" / "node_modules"
PYTHON = "/usr/bin/python3"
DEADLINE = 30  # seconds; only so that a hang fails instead of blocking ctest

# daemon/: the daemon with a printer, run on its own (printing_daemon_tests, --qmsd).
collect_ignore = ["daemon"]

sys.path.insert(0, str(SIM.parent))

TICKET = {
    "office": "UBND Phường Bến Nghé",
    "field": "Đất đai",
    "code": "A012",
    "priority": "Người cao tuổi",
    "issuedAt": "08:15 23/11/2026",
    "peopleAhead": 3,
    "waitText": "khoảng 10–15 phút",
    "statusUrl": "https://qms.example.vn/t/2026-11-23/A012?k=7f3a",
    "note": "Đường dây nóng: 1022",
}


def pytest_addoption(parser):
    parser.addoption("--escpos-print", default=os.environ.get("ESCPOS_PRINT"), help="the escpos_print tool")
    parser.addoption("--artifacts", default=None, help="where rendered tickets (PNG) are kept")


@pytest.fixture(scope="session")
def tool(request):
    path = request.config.getoption("--escpos-print")
    if not path or not os.access(path, os.X_OK):
        pytest.fail("--escpos-print=PATH to the escpos_print tool is needed")
    return path


@pytest.fixture(scope="session")
def artifacts(request, tmp_path_factory):
    path = request.config.getoption("--artifacts")
    path = Path(path) if path else tmp_path_factory.mktemp("artifacts")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def ticket_file(tmp_path):
    def write(**changes):
        data = dict(TICKET, **changes)
        path = tmp_path / ("ticket-%d.json" % len(list(tmp_path.glob("ticket-*.json"))))
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return path
    return write


def read_line(proc, what):
    ready, _, _ = select.select([proc.stdout], [], [], DEADLINE)
    if not ready:
        raise AssertionError("%s said nothing within %d s" % (what, DEADLINE))
    line = proc.stdout.readline()
    if not line:
        raise AssertionError("%s exited (code %s)" % (what, proc.poll()))
    return line.decode().strip()


class LineChild:
    """A child process driven a line at a time: one line to its stdin, one
    line back from its stdout (read_line's deadline); closing its stdin asks
    it to exit."""

    def __init__(self, args, what):
        self.what = what
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def exchange(self, line):
        self.proc.stdin.write((line + "\n").encode())
        self.proc.stdin.flush()
        return read_line(self.proc, self.what)

    def close(self):
        """Closes its stdin and waits up to DEADLINE; kills it after that.
        False when it had to be killed."""
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(DEADLINE)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                return False
        return True


class Sim(LineChild):
    """printer_sim.py on 127.0.0.1 or a pty, driven through its stdin."""

    def __init__(self, tmp_path, pty=None):
        self.record = tmp_path / "received.bin"
        self.png_dir = tmp_path / "paper"
        self.png_dir.mkdir()
        args = [PYTHON, str(SIM), "--record", str(self.record), "--png-dir", str(self.png_dir)]
        args += ["--pty", str(pty)] if pty else ["--port", "0"]
        super().__init__(args, "printer_sim")
        first = read_line(self.proc, self.what).split()
        self.port = int(first[1]) if first[0] == "listening" else None

    def cmd(self, line):
        return self.exchange(line)

    def tickets(self):
        return int(self.cmd("tickets"))

    def received(self):
        return self.record.read_bytes() if self.record.exists() else b""


class Kiosk(LineChild):
    """escpos_print serve: one Printer, as the daemon would hold it."""

    def __init__(self, tool, link_args, text="raster", qr="native"):
        super().__init__([tool, "serve", "--timeout-ms", "1500", "--text", text, "--qr", qr] + link_args,
                         "escpos_print")

    def ask(self, line):
        return json.loads(self.exchange(line))

    def print(self, ticket_path):
        return self.ask("print %s" % ticket_path)

    def status(self):
        return self.ask("status")

    def close(self):
        if not super().close():
            raise AssertionError("escpos_print did not stop")


@pytest.fixture
def sim(tmp_path):
    s = Sim(tmp_path)
    yield s
    s.close()


@pytest.fixture
def kiosk_for(tool):
    made = []

    def make(sim, **kw):
        k = Kiosk(tool, ["--host", "127.0.0.1", "--port", str(sim.port)], **kw)
        made.append(k)
        return k
    yield make
    for k in made:
        k.close()
