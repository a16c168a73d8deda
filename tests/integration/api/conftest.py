# The real qmsd over loopback, for the API tests.
#
# A `Daemon` writes the demo office config into a temporary directory (open all
# day every day, no cut-off, no closed dates, plus per-test [api] overrides),
# starts `qmsd --port 0`, reads the bound port from its log, and on teardown
# stops it with SIGTERM and checks it exited 0 (tests/integration/qmsd_daemon.py,
# shared by every suite). Clients are independent HTTP clients (requests,
# http.client, raw sockets, websocket-client), never code from the daemon.
import hashlib
import http.client
import json
import re
import socket
import subprocess
import sys
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import requests
from PIL import Image, ImageDraw

sys.dont_write_bytecode = True  # nothing into the source tree (ctest also sets PYTHONDONTWRITEBYTECODE)
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qmsd_daemon import SOURCE_DIR, Qmsd, add_binary_option, demo_office, qmsd_binary  # noqa: E402,F401  (SOURCE_DIR: for the suites using api_suite)

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
    add_binary_option(parser, "--qmsd", "QMSD_BINARY", "the qmsd binary to test")
    parser.addoption("--slow", action="store_true", default=False,
                     help="also run the tests that wait out real lock-outs (~30 s)")


def token_hash(token):
    """What `qmsd hash-token` prints: unkeyed BLAKE2b-256, hex."""
    return "blake2b:" + hashlib.blake2b(token.encode(), digest_size=32).hexdigest()


def with_section_keys(text, section, settings):
    """The config text with keys of its [section] set (replaced, or added at
    the section's top)."""
    head, sep, rest = text.partition(f"\n[{section}]\n")
    assert sep, f"the demo config has no [{section}] section"
    body, nxt, tail = rest.partition("\n[")
    for key, value in settings.items():
        line = f"{key} = {json.dumps(value)}"
        body, n = re.subn(rf"(?m)^{key} *=[^\n]*$", line, body)
        if n == 0:
            body = line + "\n" + body
    return head + sep + body + nxt + tail


def decode_qr(svg_bytes, png_path):
    """What zbarimg reads from one of the daemon's QR SVGs, rasterised from its
    row runs ("M x y h n v1 h-n z") at eight pixels a module."""
    root = ET.fromstring(svg_bytes)
    side = int(root.get("viewBox").split()[2])
    path = root.find("{http://www.w3.org/2000/svg}path").get("d")
    img = Image.new("1", (side * 8, side * 8), 1)
    draw = ImageDraw.Draw(img)
    for x, y, n in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", path):
        x, y, n = int(x), int(y), int(n)
        draw.rectangle([x * 8, y * 8, (x + n) * 8 - 1, y * 8 + 7], fill=0)
    img.save(png_path)
    return subprocess.run(["zbarimg", "-q", "--raw", str(png_path)], capture_output=True, text=True).stdout.strip()


def office_config(api=None, hours=None, extra="", flag_check_seconds=3600):
    """The demo office open all day, with [api] keys set from `api`. The
    analytics' staffing flags are assessed hourly, so no flag_changed event
    lands in the middle of a test that counts events (a test of the flags
    sets flag_check_seconds)."""
    text = demo_office(hours)
    settings = {"kiosk_rate_per_minute": 100000}  # most tests issue fast; one test sets it low
    settings.update(api or {})
    text = with_section_keys(text, "api", settings)
    extra_client = (f'\n[[client]]\nid = "kiosk2"\nrole = "kiosk"\n'
                    f'token_hash = "{token_hash(KIOSK2_TOKEN)}"\n')
    analytics = f"\n[analytics]\nflag_check_seconds = {flag_check_seconds}\n"
    return text + extra_client + analytics + extra


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


class Daemon(Qmsd):
    """One qmsd process on a data directory; can be restarted on the same data."""

    def __init__(self, binary, workdir, api=None, hours=None, extra="", flag_check_seconds=3600, args=()):
        # args: more command-line options (e.g. --simulate)
        super().__init__(binary, workdir, office_config(api, hours, extra, flag_check_seconds), args)
        self.clients = []
        self._role_clients = {}

    def stop(self, timeout=10):
        """SIGTERM; the daemon must exit 0."""
        for c in self.clients:
            c.close()
        super().stop(timeout)

    def kill(self):
        super().kill()
        for c in self.clients:
            c.close()

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


def play_small_day(d):
    """A small day on `d`, the one the leader's reads and the reports count: 6 tickets
    (4 ho_tich, then dat_dai, chung_thuc); counter 1 (nv01) serves 2, marks one no-show and
    transfers one to xay_dung; counter 3 (nv03) serves 1; the leader cancels B001. Every step
    must succeed. Returns `d`."""
    s1 = d.login("nv01", 1)
    s3 = d.login("nv03", 3)
    for _ in range(4):
        d.issue("ho_tich")
    d.issue("dat_dai")
    d.issue("chung_thuc")
    for step in (("call-next",), ("start",), ("finish",), ("call-next",), ("no-show",), ("call-next",),
                 ("transfer", {"field": "xay_dung"}), ("call-next",), ("finish",)):
        r = s1.post(f"/api/v1/counters/1/{step[0]}", step[1] if len(step) > 1 else None)
        assert r.status_code == 200, (step, r.text)
    for step in ("call-next", "start", "finish"):
        assert s3.post(f"/api/v1/counters/3/{step}").status_code == 200
    r = d.role("leader").post("/api/v1/tickets/B001/cancel", {"reason": "left"})
    assert r.status_code == 200, r.text
    return d


@pytest.fixture
def daemon_factory(qmsd_binary, tmp_path, request):
    """Makes daemons for one test (each in its own directory); stops them all after."""
    made = []

    def make(api=None, hours=None, extra="", start=True, name=None, flag_check_seconds=3600):
        d = Daemon(qmsd_binary, tmp_path / (name or f"qmsd{len(made)}"), api, hours, extra, flag_check_seconds)
        made.append(d)
        return d.start() if start else d

    yield make
    stop_all(made)


def stop_all(daemons):
    """Stops every daemon, then fails naming each that did not exit cleanly."""
    failures = []
    for d in daemons:
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
