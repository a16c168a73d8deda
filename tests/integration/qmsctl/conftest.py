# The real qmsd and the real qmsctl, for qmsctl's tests.
#
# `daemon` starts qmsd on the demo office (opened all day every day, no
# cut-off, no closed dates, so the tests do not depend on the clock) with
# `--port 0` and reads the port from its log (tests/integration/qmsd_daemon.py,
# shared by every suite). `ctl` runs the qmsctl binary with a clean
# environment and returns what a user would see: exit code, stdout and
# stderr. `api` is an independent HTTP client (requests) for checking the
# daemon's state behind qmsctl's back.
import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from qmsd_daemon import Qmsd, add_binary_option, binary_path, demo_office  # noqa: E402

ADMIN = "demo-admin-token-0001"
LEADER = "demo-leader-token-0001"
KIOSK = "demo-kiosk-token-0001"
DISPLAY = "demo-display-token-0001"


def pytest_addoption(parser):
    add_binary_option(parser, "--qmsd", "QMSD_BINARY", "the qmsd binary")
    add_binary_option(parser, "--qmsctl", "QMSCTL_BINARY", "the qmsctl binary")


@pytest.fixture(scope="session")
def qmsd_binary(request):
    return binary_path(request, "--qmsd")


@pytest.fixture(scope="session")
def qmsctl_binary(request):
    return binary_path(request, "--qmsctl")


class Daemon(Qmsd):
    """qmsd on the demo office, open all day (the edits of
    tests/integration/daemon/daemon_test.cpp), started at once."""

    def __init__(self, binary, workdir):
        super().__init__(binary, workdir, demo_office())
        self.start()

    @property
    def url(self):
        return self.base


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


def serve_some(api):
    """The reports' day: ldtbxh issues 2 and serves 1 (counter 6, nv06), ho_tich issues 1.
    Returns the day's date."""
    api.post("/counters/6/open", {"staff": "nv06"})  # counter 6 takes ldtbxh first
    api.post("/tickets", {"field": "ldtbxh"})
    api.post("/counters/6/call-next")
    api.post("/counters/6/start")
    api.post("/counters/6/finish")
    api.post("/tickets", {"field": "ldtbxh"})
    api.post("/tickets", {"field": "ho_tich"})
    return api.get("/health")["day"]


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
