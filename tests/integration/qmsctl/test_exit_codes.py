# The exit codes scripts rely on: 0 done, 1 refused, 2 usage, 3 unreachable,
# 4 authentication or permission. Each with what the user reads on stderr.
import http.server
import json
import socket
import threading
import time

import pytest

from conftest import ADMIN, DISPLAY, LEADER


def test_0_done(ctl):
    r = ctl("fields")
    assert (r.returncode, r.stderr) == (0, "")


def test_1_refused_shows_code_vietnamese_and_english(ctl, api):
    assert ctl("open", 5, "--staff", "nv05").returncode == 0
    r = ctl("call-next", 5)
    assert r.returncode == 1
    assert r.stdout == ""
    server = api.call("POST", "/counters/5/call-next", ok=False).json()["error"]
    assert server["code"] == "queue_empty"
    lines = r.stderr.splitlines()
    assert lines[0] == "qmsctl: queue_empty (HTTP 409)"
    assert "  Không còn người chờ" in lines and f"  {server['en']}" in lines and f"  {server['message']}" in lines
    # Other refusals: not found, bad input the server caught, wrong state.
    assert ctl("counter", 99).returncode == 1
    assert ctl("issue", "khong_co").returncode == 1
    assert ctl("pause", 5, "an_trua").returncode == 1
    assert ctl("finish", 5).returncode == 1
    assert ctl("open", 5, "--staff", "nv07").returncode == 1  # already open


@pytest.mark.parametrize("args", [
    [],
    ["frobnicate"],
    ["call-next"],
    ["call-next", "abc"],
    ["call-next", "0"],
    ["call-next", "1", "2"],
    ["call", "1"],
    ["open", "1"],
    ["issue", "ho_tich", "--colour", "red"],
    ["issue", "ho_tich", "--priority"],
    ["fields", "--json=yes"],
    ["fields", "--timeout", "soon"],
    ["events", "--day", "23/11/2026"],
    ["events", "--limit", "0"],
    ["events", "--since", "5"],
    ["events", "--follow", "--all"],
    ["report", "weekly"],
    ["report", "daily", "--from", "2026-11-30", "--to", "2026-11-01"],
    ["report", "daily", "--csv", "--json"],
    ["fields", "--url", "https://example.org"],
    ["fields", "--url", "127.0.0.1:8080"],
])
def test_2_usage_errors_come_before_any_request(bare_ctl, args):
    # Port 1 has nobody: a request would give 3, so 2 proves none was made.
    r = bare_ctl(*args, url="http://127.0.0.1:1")
    assert r.returncode == 2, (args, r.stdout, r.stderr)
    assert r.stdout == ""
    assert r.stderr.startswith("qmsctl: ") and "--help" in r.stderr


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_3_nobody_listening(bare_ctl):
    url = f"http://127.0.0.1:{closed_port()}"
    r = bare_ctl("status", url=url)
    assert r.returncode == 3
    assert r.stderr.startswith(f"qmsctl: cannot reach qmsd at {url}: ")
    assert bare_ctl("events", "--follow", url=url).returncode == 3


def test_3_timeout_when_the_server_does_not_answer(bare_ctl):
    with socket.socket() as s:  # accepts connections (backlog) but never answers
        s.bind(("127.0.0.1", 0))
        s.listen(8)
        url = f"http://127.0.0.1:{s.getsockname()[1]}"
        started = time.monotonic()
        r = bare_ctl("fields", "--timeout", "0.5", url=url)
        assert r.returncode == 3
        assert "timeout" in r.stderr
        assert time.monotonic() - started < 5


class FailingHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"error": {"code": "storage_failed", "message": "disk I/O error",
                                     "vi": "Lỗi lưu trữ", "en": "Storage failed"}}).encode()
        self.send_response(503)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_3_server_error(bare_ctl):
    server = http.server.HTTPServer(("127.0.0.1", 0), FailingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        r = bare_ctl("fields", url=f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        server.server_close()
    assert r.returncode == 3
    assert r.stderr.splitlines()[:3] == ["qmsctl: storage_failed (HTTP 503)", "  Lỗi lưu trữ", "  Storage failed"]


def test_4_bad_token_or_wrong_role(ctl):
    r = ctl("counters", token="not-a-token")
    assert r.returncode == 4
    assert r.stderr.startswith("qmsctl: unauthenticated (HTTP 401)")
    assert "Chưa đăng nhập hoặc phiên đã hết hạn" in r.stderr
    r = ctl("reload", token=LEADER)
    assert r.returncode == 4
    assert r.stderr.startswith("qmsctl: forbidden (HTTP 403)")
    assert ctl("stats", token=DISPLAY).returncode == 4
    assert ctl("events", "--follow", token="not-a-token").returncode == 4
    assert ctl("fields", token=ADMIN).returncode == 0
