# The real qmsd and the real qmsctl, for qmsctl's tests.
#
# `daemon` starts qmsd on the demo office (opened all day every day, no
# cut-off, no closed dates, so the tests do not depend on the clock) with
# `--port 0` and reads the port from its log. `ctl` runs the qmsctl binary
# with a clean environment and returns what a user would see: exit code,
# stdout and stderr. `api` is an independent HTTP client (requests) for
# checking the daemon's state behind qmsctl's back.
import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest
import requests

SOURCE_DIR = Path(__file__).resolve().parents[3]
DEMO_CONFIG = SOURCE_DIR / "config" / "demo-office.toml"

ADMIN = "demo-admin-token-0001"
LEADER = "demo-leader-token-0001"
KIOSK = "demo-kiosk-token-0001"
DISPLAY = "demo-display-token-0001"


def pytest_addoption(parser):
    parser.addoption("--qmsd", action="store", default=os.environ.get("QMSD_BINARY"),
                     help="the qmsd binary (or $QMSD_BINARY)")
    parser.addoption("--qmsctl", action="store", default=os.environ.get("QMSCTL_BINARY"),
                     help="the qmsctl binary (or $QMSCTL_BINARY)")


def _binary(request, option):
    path = request.config.getoption(option)
    if not path or not os.access(path, os.X_OK):
        pytest.fail(f"no binary: pass {option}=PATH (got {path!r})")
    return os.path.abspath(path)  # qmsd runs in its temporary directory


@pytest.fixture(scope="session")
def qmsd_binary(request):
    return _binary(request, "--qmsd")


@pytest.fixture(scope="session")
def qmsctl_binary(request):
    return _binary(request, "--qmsctl")


def office_open_all_day():
    """The demo office with the same edits as tests/integration/daemon/daemon_test.cpp."""
    text = DEMO_CONFIG.read_text(encoding="utf-8")
    text = re.sub(r"(\n(mon|tue|wed|thu|fri|sat|sun) *)= [^\n]*", r'\1= ["00:00-24:00"]', text)
    text = re.sub(r"\ncutoff_minutes *= *\d+", "\ncutoff_minutes = 0", text)
    return re.sub(r"\nclosed_dates = \[[^\]]*\]", "", text)


class Daemon:
    def __init__(self, binary, workdir):
        self.dir = Path(workdir)
        self.config = self.dir / "office.toml"
        self.log = self.dir / "qmsd.log"
        self.config.write_text(office_open_all_day(), encoding="utf-8")
        with open(self.log, "wb") as logf:
            self.proc = subprocess.Popen(
                [binary, "--config", str(self.config), "--data-dir", str(self.dir / "data"), "--port", "0"],
                stdout=logf, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=self.dir)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            m = re.search(r"listening address=127\.0\.0\.1 port=(\d+)", self.log_text())
            if m:
                self.port = int(m.group(1))
                self.url = f"http://127.0.0.1:{self.port}"
                return
            if self.proc.poll() is not None:
                raise AssertionError(f"qmsd exited with {self.proc.returncode}:\n{self.log_text()}")
            time.sleep(0.02)
        self.proc.kill()
        raise AssertionError(f"qmsd did not report its port:\n{self.log_text()}")

    def log_text(self):
        return self.log.read_bytes().decode("utf-8", "replace")

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError("qmsd did not stop on SIGTERM")


class Api:
    """requests against the daemon, raising on any non-2xx unless told otherwise."""

    def __init__(self, daemon):
        self.base = daemon.url + "/api/v1"
        self.http = requests.Session()

    def call(self, method, path, token=ADMIN, body=None, ok=True, **kw):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        r = self.http.request(method, self.base + path, json=body, headers=headers, timeout=10, **kw)
        if ok:
            assert 200 <= r.status_code < 300, f"{method} {path}: {r.status_code} {r.text}"
        return r

    def get(self, path, token=ADMIN, **kw):
        return self.call("GET", path, token, **kw).json()

    def post(self, path, body=None, token=ADMIN, **kw):
        return self.call("POST", path, token, body if body is not None else {}, **kw).json()


class Ctl:
    """Runs qmsctl as a user would; the environment holds only what the test gives."""

    def __init__(self, binary, daemon):
        self.binary = binary
        self.daemon = daemon

    def env(self, token=ADMIN, url=None, extra=None):
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}
        env["QMSD_URL"] = url if url is not None else (self.daemon.url if self.daemon else "http://127.0.0.1:1")
        if token is not None:
            env["QMSD_TOKEN"] = token
        env.update(extra or {})
        return env

    def __call__(self, *args, token=ADMIN, url=None, input=None, timeout=30, env_extra=None, binary=False):
        """binary=True: stdout and stderr as bytes, line ends untouched."""
        return subprocess.run([self.binary, *map(str, args)], env=self.env(token, url, env_extra),
                              input=input, capture_output=True, timeout=timeout,
                              encoding=None if binary else "utf-8")

    def popen(self, *args, token=ADMIN):
        return subprocess.Popen([self.binary, *map(str, args)], env=self.env(token),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)


@pytest.fixture
def daemon(qmsd_binary, tmp_path):
    d = Daemon(qmsd_binary, tmp_path)
    yield d
    d.stop()


@pytest.fixture
def api(daemon):
    a = Api(daemon)
    yield a
    a.http.close()


@pytest.fixture
def ctl(qmsctl_binary, daemon):
    return Ctl(qmsctl_binary, daemon)


@pytest.fixture
def bare_ctl(qmsctl_binary):
    """qmsctl with no daemon behind it: usage errors, unreachable servers, fakes."""
    return Ctl(qmsctl_binary, None)
