# Starting the real binaries, one way for every integration suite (api,
# devices, printing, qmsctl, city, backup, journal, metrics): the demo office
# opened all day, a server started with `--port 0` whose port is read from its
# own log, stopped with SIGTERM and required to exit 0, and the command-line
# options that name the binaries. Each suite's conftest builds its own Daemon
# on `Qmsd` (its clients, its config edits); nothing here is a test.
import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest

SOURCE_DIR = Path(__file__).resolve().parents[2]
DEMO_CONFIG = SOURCE_DIR / "config" / "demo-office.toml"
ALL_DAY = '["00:00-24:00"]'


def open_all_day(text, hours=None):
    """An office config opened `hours` (all day) every day, with no cut-off and
    no closed dates, so that no test depends on the clock."""
    day_hours = ALL_DAY if hours is None else hours
    text = re.sub(r"(\n(mon|tue|wed|thu|fri|sat|sun) *)= [^\n]*", lambda m: m.group(1) + "= " + day_hours, text)
    text = re.sub(r"\ncutoff_minutes *= *\d+", "\ncutoff_minutes = 0", text)
    return re.sub(r"\nclosed_dates = \[[^\]]*\]", "", text)


def demo_office(hours=None):
    """The demo office (config/demo-office.toml), open all day."""
    return open_all_day(DEMO_CONFIG.read_text(encoding="utf-8"), hours)


def wait_until(what, fn, timeout=60, interval=0.1):
    """Polls fn until it returns something true, and returns that; fails
    naming `what` and the last value seen."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = fn()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}; last: {last!r}")


# ---- the binaries, named on the command line --------------------------------

def clear_of_office_midnight(seconds, zone="Asia/Ho_Chi_Minh"):
    """Waits past the office's midnight if it is less than `seconds` away.

    At midnight the daemon ends the day: open counters close and waiting
    tickets expire. A test of something else that straddles it fails for
    that reason alone (a device suite did, run at 23:59:50 office time), so
    such a test starts after midnight instead; any other time this returns
    at once."""
    from datetime import datetime
    from zoneinfo import ZoneInfo
    now = datetime.now(ZoneInfo(zone))
    left = 86400 - (now.hour * 3600 + now.minute * 60 + now.second + now.microsecond / 1e6)
    if left < seconds:
        time.sleep(left + 1)


def add_binary_option(parser, option, env, help_text):
    parser.addoption(option, action="store", default=os.environ.get(env), help=f"{help_text} (or ${env})")


def binary_path(request, option):
    """The binary an option names, made absolute (a daemon runs in its own
    directory); fails the test run, naming the option, when it is not there."""
    path = request.config.getoption(option)
    if not path or not os.access(path, os.X_OK):
        pytest.fail(f"no binary: pass {option}=PATH (got {path!r})")
    return os.path.abspath(path)


def pytest_addoption(parser):
    """--qmsd, for a conftest that needs nothing else (import it from there)."""
    add_binary_option(parser, "--qmsd", "QMSD_BINARY", "the qmsd binary to test")


@pytest.fixture(scope="session")
def qmsd_binary(request):
    return binary_path(request, "--qmsd")


# ---- a server process -------------------------------------------------------

class ServerProcess:
    """A server started with `--port 0` that logs `listening address=127.0.0.1
    port=N`; restartable, appending to one log."""

    what = "qmsd"

    def __init__(self, directory, log_name):
        self.dir = Path(directory)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.log = self.dir / log_name
        self.proc = None
        self.port = None
        self.base = None

    def command(self):
        raise NotImplementedError

    def start(self, timeout=15):
        """Starts it and waits until its log names the port it listens on; a
        process that exits or stays silent fails with the end of its log."""
        offset = self.log.stat().st_size if self.log.exists() else 0
        with open(self.log, "ab") as logf:
            self.proc = subprocess.Popen(self.command(), stdout=logf, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, cwd=self.dir)
        deadline = time.monotonic() + timeout
        while True:
            text = self.log.read_bytes()[offset:].decode("utf-8", "replace")
            m = re.search(r"listening address=127\.0\.0\.1 port=(\d+)", text)
            if m:
                self.port = int(m.group(1))
                self.base = f"http://127.0.0.1:{self.port}"
                return self
            if self.proc.poll() is not None:
                rc, self.proc = self.proc.returncode, None
                raise AssertionError(f"{self.what} exited with {rc} at start-up:\n{self.log_tail()}")
            if time.monotonic() > deadline:
                self.proc.kill()
                self.proc.wait()
                self.proc = None
                raise AssertionError(f"{self.what} did not report its port in {timeout} s:\n{self.log_tail()}")
            time.sleep(0.02)

    def stop(self, timeout=10):
        """SIGTERM; it must exit 0 within `timeout`."""
        if self.proc is None:
            return
        proc, self.proc = self.proc, None
        proc.send_signal(signal.SIGTERM)
        try:
            rc = proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            raise AssertionError(f"{self.what} did not stop within {timeout} s of SIGTERM:\n{self.log_tail()}")
        if rc != 0:
            raise AssertionError(f"{self.what} exited with {rc} after SIGTERM ({self.log}):\n{self.log_tail()}")

    def kill(self):
        """SIGKILL: no chance to flush anything."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)
        self.proc = None

    def restart(self):
        self.stop()
        return self.start()

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def log_text(self):
        return self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""

    def log_tail(self, lines=40):
        """The end of the log (failure messages), without the per-event lines' bulk."""
        return "\n".join(self.log_text().splitlines()[-lines:])


class Qmsd(ServerProcess):
    """qmsd on `config_text`, its data directory beside the config."""

    def __init__(self, binary, directory, config_text, args=()):
        super().__init__(directory, "qmsd.log")
        self.binary = binary
        self.args = list(args)  # more command-line options (e.g. --simulate, --sim-speed)
        self.config = self.dir / "office.toml"
        self.data = self.dir / "data"
        self.config_text = config_text
        self.config.write_text(config_text, encoding="utf-8")

    def command(self):
        return [self.binary, "--config", str(self.config), "--data-dir", str(self.data), "--port", "0", *self.args]
