# The real qmsd over loopback, for the API tests.
#
# A `Daemon` writes the demo office config into a temporary directory (open all
# day every day, no cut-off, no closed dates, plus per-test [api] overrides),
# starts `qmsd --port 0`, reads the bound port from its log, and on teardown
# stops it with SIGTERM and checks it exited 0. Clients are independent HTTP
# clients (requests, http.client, raw sockets, websocket-client), never code
# from the daemon.
import hashlib
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests

sys.dont_write_bytecode = True  # nothing into the source tree (ctest also sets PYTHONDONTWRITEBYTECODE)

SOURCE_DIR = Path(__file__).resolve().parents[3]
DEMO_CONFIG = SOURCE_DIR / "config" / "demo-office.toml"

TOKENS = {
    "kiosk": "demo-kiosk-token-0001",
    "display": "demo-display-token-0001",
    "leader": "demo-leader-token-0001",
    "admin": "demo-admin-token-0001",
}
# A second kiosk, added by the fixture (idempotency is per kiosk).
KIOSK2_TOKEN = "test-kiosk-token-0002"
PINS = {f"nv0{i}": str(i) * 4 for i in range(1, 9)}

# daemon/core/error_code.cpp: the Vietnamese text a person sees for each code.
VI = {
    "invalid_argument": "Dữ liệu không hợp lệ",
    "unknown_field": "Không có lĩnh vực này",
    "unknown_counter": "Không có quầy này",
    "unknown_staff": "Không có cán bộ này",
    "unknown_ticket": "Không có số thứ tự này",
    "unknown_priority": "Không có đối tượng ưu tiên này",
    "unknown_pause_reason": "Lý do tạm dừng không hợp lệ",
    "office_closed": "Ngoài giờ làm việc",
    "quota_reached": "Đã hết số thứ tự trong ngày",
    "numbering_exhausted": "Đã hết dải số thứ tự trong ngày",
    "queue_empty": "Không còn người chờ",
    "counter_closed": "Quầy đang đóng",
    "counter_open": "Quầy đang mở",
    "counter_busy": "Quầy đang phục vụ một số khác",
    "counter_idle": "Quầy chưa gọi số nào",
    "counter_paused": "Quầy đang tạm dừng",
    "counter_not_paused": "Quầy không tạm dừng",
    "staff_busy": "Cán bộ đang đăng nhập ở quầy khác",
    "staff_not_allowed": "Cán bộ không phụ trách lĩnh vực này",
    "ticket_wrong_state": "Thao tác không hợp lệ với trạng thái của số này",
    "recall_limit": "Đã gọi lại quá số lần cho phép",
    "same_field": "Số đã thuộc lĩnh vực này",
    "config_invalid": "Cấu hình không hợp lệ",
    "not_found": "Không tìm thấy",
    "method_not_allowed": "Phương thức không được hỗ trợ",
    "invalid_json": "Dữ liệu gửi lên không phải JSON hợp lệ",
    "unsupported_media_type": "Dữ liệu gửi lên phải là JSON",
    "body_too_large": "Dữ liệu gửi lên quá lớn",
    "request_timeout": "Yêu cầu gửi quá chậm",
    "unauthenticated": "Chưa đăng nhập hoặc phiên đã hết hạn",
    "wrong_pin": "Sai mã PIN",
    "forbidden": "Không có quyền thực hiện thao tác này",
    "rate_limited": "Thao tác quá nhanh, xin thử lại sau",
    "too_many_attempts": "Nhập sai quá nhiều lần, xin thử lại sau",
    "too_many_connections": "Hệ thống đang quá tải",
}


def pytest_addoption(parser):
    parser.addoption("--qmsd", action="store", default=os.environ.get("QMSD_BINARY"),
                     help="the qmsd binary to test (or $QMSD_BINARY)")
    parser.addoption("--slow", action="store_true", default=False,
                     help="also run the tests that wait out real lock-outs (~30 s)")


@pytest.fixture(scope="session")
def qmsd_binary(request):
    path = request.config.getoption("--qmsd")
    if not path or not os.access(path, os.X_OK):
        pytest.fail(f"no qmsd binary: pass --qmsd=PATH (got {path!r})")
    return path


def token_hash(token):
    """What `qmsd hash-token` prints: unkeyed BLAKE2b-256, hex."""
    return "blake2b:" + hashlib.blake2b(token.encode(), digest_size=32).hexdigest()


def office_config(api=None, hours=None, extra="", flag_check_seconds=3600):
    """The demo office open all day, with [api] keys set from `api`. The
    analytics' staffing flags are assessed hourly, so no flag_changed event
    lands in the middle of a test that counts events (a test of the flags
    sets flag_check_seconds)."""
    text = DEMO_CONFIG.read_text(encoding="utf-8")
    day_hours = '["00:00-24:00"]' if hours is None else hours
    text = re.sub(r"(\n(mon|tue|wed|thu|fri|sat|sun) *)= [^\n]*", lambda m: m.group(1) + "= " + day_hours, text)
    text = re.sub(r"\ncutoff_minutes *= *\d+", "\ncutoff_minutes = 0", text)
    text = re.sub(r"\nclosed_dates = \[[^\]]*\]", "", text)
    settings = {"kiosk_rate_per_minute": 100000}  # most tests issue fast; one test sets it low
    settings.update(api or {})
    head, sep, rest = text.partition("\n[api]\n")
    assert sep, "the demo config has no [api] section"
    section, nxt, tail = rest.partition("\n[")
    for key, value in settings.items():
        line = f"{key} = {json.dumps(value)}"
        section, n = re.subn(rf"(?m)^{key} *=[^\n]*$", line, section)
        if n == 0:
            section = line + "\n" + section
    extra_client = (f'\n[[client]]\nid = "kiosk2"\nrole = "kiosk"\n'
                    f'token_hash = "{token_hash(KIOSK2_TOKEN)}"\n')
    analytics = f"\n[analytics]\nflag_check_seconds = {flag_check_seconds}\n"
    return head + sep + section + nxt + tail + extra_client + analytics + extra


class ApiError(AssertionError):
    pass


class Client:
    """An HTTP client holding one token (or none)."""

    def __init__(self, daemon, token=None, name="public"):
        self.daemon = daemon  # the base URL follows the daemon across restarts
        self.token = token
        self.name = name
        self.http = requests.Session()

    def headers(self, extra=None):
        h = {}
        if self.token is not None:
            h["Authorization"] = f"Bearer {self.token}"
        h.update(extra or {})
        return h

    def call(self, method, path, json_body=None, headers=None, data=None, params=None, timeout=10):
        url = self.daemon.base + path
        return self.http.request(method, url, json=json_body, data=data, params=params,
                                 headers=self.headers(headers), timeout=timeout)

    def get(self, path, **kw):
        return self.call("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.call("POST", path, json_body={} if body is None else body, **kw)

    def delete(self, path, **kw):
        return self.call("DELETE", path, **kw)

    def close(self):
        self.http.close()


class Daemon:
    """One qmsd process on a data directory; can be restarted on the same data."""

    def __init__(self, binary, workdir, api=None, hours=None, extra="", flag_check_seconds=3600, args=()):
        self.binary = binary
        self.args = list(args)  # more command-line options (e.g. --simulate)
        self.dir = Path(workdir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.config = self.dir / "office.toml"
        self.data = self.dir / "data"
        self.log = self.dir / "qmsd.log"
        self.config_text = office_config(api, hours, extra, flag_check_seconds)
        self.config.write_text(self.config_text, encoding="utf-8")
        self.proc = None
        self.port = None
        self.clients = []
        self._role_clients = {}

    # ---- process ---------------------------------------------------------
    def start(self, timeout=15):
        offset = self.log.stat().st_size if self.log.exists() else 0
        with open(self.log, "ab") as logf:
            self.proc = subprocess.Popen(
                [self.binary, "--config", str(self.config), "--data-dir", str(self.data), "--port", "0", *self.args],
                stdout=logf, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=self.dir)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.log.read_bytes()[offset:].decode("utf-8", "replace")
            m = re.search(r"listening address=127\.0\.0\.1 port=(\d+)", text)
            if m:
                self.port = int(m.group(1))
                self.base = f"http://127.0.0.1:{self.port}"
                return self
            if self.proc.poll() is not None:
                raise AssertionError(f"qmsd exited with {self.proc.returncode} at start-up:\n{self.log_tail()}")
            time.sleep(0.02)
        raise AssertionError(f"qmsd did not report its port in {timeout} s:\n{self.log_tail()}")

    def stop(self, timeout=10):
        """SIGTERM; the daemon must exit 0."""
        if self.proc is None:
            return
        for c in self.clients:
            c.close()
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError(f"qmsd did not stop within {timeout} s of SIGTERM:\n{self.log_tail()}")
        finally:
            self.proc = None
        if rc != 0:
            raise AssertionError(f"qmsd exited with {rc} after SIGTERM ({self.log}):\n{self.log_tail()}")

    def kill(self):
        """SIGKILL: no chance to flush anything."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)
        self.proc = None
        for c in self.clients:
            c.close()

    def restart(self):
        self.stop()
        return self.start()

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def log_tail(self, lines=40):
        """The end of the log (failure messages), without the per-event lines' bulk."""
        text = self.log_text().splitlines()
        return "\n".join(text[-lines:])

    def log_text(self):
        return self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""

    # ---- clients ---------------------------------------------------------
    def client(self, role=None, token=None):
        """A client for a configured role ("kiosk", "display", "leader", "admin"), a token, or public."""
        if role is not None:
            token = KIOSK2_TOKEN if role == "kiosk2" else TOKENS[role]
        c = Client(self, token, role or ("token" if token else "public"))
        self.clients.append(c)
        return c

    def role(self, role):
        """A cached client per configured role (one keep-alive connection each)."""
        if role not in self._role_clients:
            self._role_clients[role] = self.client(role)
        return self._role_clients[role]

    @property
    def anon(self):
        """One public client (one keep-alive connection): a fresh one per call
        would hold a connection without a token each until the daemon's idle
        timeout, and a module's worth of them meets the per-address cap."""
        if "anon" not in self._role_clients:
            self._role_clients["anon"] = self.client()
        return self._role_clients["anon"]

    def login(self, staff, counter, pin=None):
        """POST /sessions; returns a client holding the staff token."""
        r = self.anon.post("/api/v1/sessions",
                               {"staff": staff, "pin": pin or PINS[staff], "counter": counter})
        assert r.status_code == 201, f"login {staff}@{counter}: {r.status_code} {r.text}"
        c = self.client(token=r.json()["token"])
        c.name = f"staff:{staff}"
        c.login_reply = r.json()
        return c

    def health(self):
        r = requests.get(self.base + "/api/v1/health", timeout=10)
        assert r.status_code == 200, r.text
        return r.json()

    def seq(self):
        return self.health()["seq"]

    def issue(self, field, priority=None, kiosk="kiosk", request_id=None, phone=None, expect=201):
        """A ticket from a kiosk (or "admin"); returns the ticket object."""
        body = {"field": field, "request_id": request_id or uuid.uuid4().hex}
        if priority:
            body["priority"] = priority
        if phone:
            body["phone"] = phone
        r = self.role(kiosk).post("/api/v1/tickets", body)
        assert r.status_code == expect, f"issue {field}: {r.status_code} {r.text}"
        return r.json()["ticket"]


def expect_error(r, status, code, names=None):
    """An error reply as the README says: status, stable code, messages in both languages."""
    assert r.status_code == status, f"want {status} {code}, got {r.status_code} {r.text}"
    assert r.headers.get("Content-Type", "").startswith("application/json"), r.headers
    body = r.json()
    err = body["error"]
    assert err["code"] == code, body
    assert isinstance(err["message"], str) and err["message"], body
    assert err["en"], body
    if code in VI:
        assert err["vi"] == VI[code], body
    else:
        assert err["vi"], body
    if names is not None:
        assert names in err["message"], f"the message should name {names!r}: {err['message']!r}"
    return body


@pytest.fixture
def daemon_factory(qmsd_binary, tmp_path, request):
    """Makes daemons for one test (each in its own directory); stops them all after."""
    made = []

    def make(api=None, hours=None, extra="", start=True, name=None, flag_check_seconds=3600):
        d = Daemon(qmsd_binary, tmp_path / (name or f"qmsd{len(made)}"), api, hours, extra, flag_check_seconds)
        made.append(d)
        return d.start() if start else d

    yield make
    failures = []
    for d in made:
        try:
            d.stop()
        except AssertionError as e:
            failures.append(str(e))
    if failures:
        pytest.fail("\n\n".join(failures))


@pytest.fixture
def qmsd(daemon_factory):
    """A fresh daemon with the default test office."""
    return daemon_factory()


def raw_connect(port, source="127.0.0.1", timeout=5):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout, source_address=(source, 0))
    return s


def recv_all(sock, timeout=5):
    """Reads until the peer closes (or the timeout); returns the bytes."""
    sock.settimeout(timeout)
    chunks = []
    try:
        while True:
            b = sock.recv(65536)
            if not b:
                break
            chunks.append(b)
    except socket.timeout:
        pass
    except ConnectionResetError:
        pass
    return b"".join(chunks)


def parse_response(raw):
    """(status, headers dict lower-cased, body bytes) of one raw HTTP/1.1 response."""
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    if "content-length" in headers:
        body = body[: int(headers["content-length"])]
    return status, headers, body


def json_from(port, method, path, body=None, token=None, source="127.0.0.1", timeout=10):
    """One request over http.client, optionally from another loopback address."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=(source, 0))
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    conn.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
    r = conn.getresponse()
    data = r.read()
    out = (r.status, dict((k.lower(), v) for k, v in r.getheaders()), json.loads(data) if data else None)
    conn.close()
    return out


@pytest.fixture(scope="module")
def module_qmsd(qmsd_binary, tmp_path_factory):
    """One daemon shared by a module whose tests do not disturb each other."""
    d = Daemon(qmsd_binary, tmp_path_factory.mktemp("qmsd")).start()
    yield d
    d.stop()


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: waits out real time limits (run with --slow)")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
