# Messages to citizens' phones, end to end: the real daemon queues them with
# the call that causes them, and hands them to real peers nobody here wrote:
# gammu-smsd (Debian's SMS daemon) with its dummy phone and files backend,
# and an HTTP gateway played by Python's http.server. Restarts and a SIGKILL
# must lose none and send none twice.
import json
import shutil
import signal
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import expect_error
from qmsd_daemon import wait_until

NUMBER = "0901234567"


def ok(r, status=200):
    assert r.status_code == status, f"{r.status_code} {r.text}"
    return r.json()


def messages(d, day=None):
    return ok(d.role("leader").get("/api/v1/messages" + (f"?day={day}" if day else "")))


def wait_state(d, state, count=1, timeout=60):
    def reached():
        got = [m for m in messages(d)["messages"] if m["state"] == state]
        return got if len(got) >= count else None
    return wait_until(f"{count} message(s) {state}", reached, timeout=timeout)


class Gammu:
    """gammu-smsd with the dummy phone (a modem emulated in a directory) and
    the files backend: what a ward office runs with a USB GSM modem."""

    def __init__(self, root):
        self.root = root
        for sub in ("inbox", "outbox", "sent", "error", *(f"dummy/sms/{i}" for i in range(1, 6))):
            (root / sub).mkdir(parents=True, exist_ok=True)
        self.rc = root / "smsdrc"
        self.rc.write_text(
            f"[gammu]\ndevice = {root}/dummy\nmodel = dummy\nconnection = none\n"
            f"[smsd]\nservice = files\ninboxpath = {root}/inbox/\noutboxpath = {root}/outbox/\n"
            f"sentsmspath = {root}/sent/\nerrorsmspath = {root}/error/\nlogfile = {root}/smsd.log\n"
            "commtimeout = 1\nloopsleep = 1\n"
            # Without this gammu-smsd sends every text in the 7-bit alphabet, accents mangled.
            "transmitformat = auto\n")
        self.proc = None

    def start(self):
        binary = shutil.which("gammu-smsd")
        assert binary, "gammu-smsd is not installed (tools/setup.sh installs it)"
        self.proc = subprocess.Popen([binary, "-c", str(self.rc), "-p", str(self.root / "pid")],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        wait_until("gammu-smsd writing its log", lambda: (self.root / "smsd.log").exists(), timeout=15)

    def stop(self):
        if self.proc is not None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(15)
            self.proc = None

    def config(self):
        return (f'[messages]\nenabled = true\nsender = "gammu"\nnear_ahead = 1\n'
                f'gammu_outbox = "{self.root}/outbox/"\ngammu_sent = "{self.root}/sent/"\n'
                f'gammu_error = "{self.root}/error/"\n')

    def sent_files(self):
        return sorted(p.name for p in (self.root / "sent").iterdir())

    def log(self):
        return (self.root / "smsd.log").read_text(errors="replace")


@pytest.fixture
def gammu(tmp_path):
    g = Gammu(tmp_path / "gammu")
    g.start()
    yield g
    g.stop()


def text_of(path):
    data = path.read_bytes()
    return data[2:].decode("utf-16-le") if data[:2] == b"\xff\xfe" else data.decode("ascii")


def test_a_call_and_a_near_turn_reach_the_modem_once_in_vietnamese(daemon_factory, gammu):
    d = daemon_factory(extra=gammu.config())
    first = d.issue("ho_tich")
    d.issue("ho_tich")
    mine = d.issue("ho_tich", phone="+84 90 123 4567")  # stored as 0901234567
    staff = d.login("nv01", 1)
    ok(staff.post("/api/v1/counters/1/call-next"))  # A001 leaves: A003 has 1 ahead
    sent = wait_state(d, "sent")
    m = sent[0]
    assert m["kind"] == "turn_near" and m["code"] == mine["code"] and m["to"] == "090****567"
    assert m["text"].startswith(f"Sắp đến lượt số {mine['code']}") and "còn 1 người" in m["text"], m
    assert m["attempts"] == 1 and first["code"] != mine["code"]
    # gammu-smsd sent it through the (dummy) modem to the number, in Unicode.
    assert f"Transmitted" in gammu.log() and NUMBER in gammu.log(), gammu.log()[-2000:]
    files = gammu.sent_files()
    assert len(files) == 1 and f"_qmsd{m['id']}." in files[0], files
    assert text_of(gammu.root / "sent" / files[0]) == m["text"]
    # The same citizen's call: a second message, "Mời số … đến Quầy 1".
    ok(staff.post("/api/v1/counters/1/finish"))
    ok(staff.post("/api/v1/counters/1/call-next"))
    ok(staff.post("/api/v1/counters/1/finish"))
    ok(staff.post("/api/v1/counters/1/call-next"))
    called = wait_until("the call's message sent",
                        lambda: [x for x in messages(d)["messages"] if x["kind"] == "called" and x["state"] == "sent"])
    assert called[0]["text"].startswith(f"Mời số {mine['code']} đến Quầy 1"), called
    assert len(gammu.sent_files()) == 2
    health = d.health()["messages"]
    assert health["sender"] == "gammu" and health["waiting"] == 0 and health["failed_today"] == 0
    # The leader alone reads the list; nobody sees the whole number.
    expect_error(d.role("kiosk").get("/api/v1/messages"), 403, "forbidden")
    assert NUMBER not in json.dumps(messages(d)) and NUMBER not in d.log_text()


def test_messages_wait_out_a_dead_modem_and_a_sigkill_and_go_exactly_once(daemon_factory, gammu):
    gammu.stop()  # the modem's daemon is down: messages stay in its outbox
    d = daemon_factory(extra=gammu.config())
    d.issue("ho_tich", phone="0912345678")
    staff = d.login("nv01", 1)
    ok(staff.post("/api/v1/counters/1/call-next"))  # "Mời số A001 đến Quầy 1"
    wait_state(d, "handed")
    assert len(list((gammu.root / "outbox").iterdir())) == 1
    d.kill()  # SIGKILL: no goodbye
    d.start()
    gammu.start()
    sent = wait_state(d, "sent")
    assert len(sent) == 1 and gammu.sent_files() == [f for f in gammu.sent_files() if f"_qmsd{sent[0]['id']}." in f]
    assert len(gammu.sent_files()) == 1
    assert list((gammu.root / "outbox").iterdir()) == []
    # And nothing more is sent after another restart.
    d.restart()
    time.sleep(2)
    assert len(gammu.sent_files()) == 1 and messages(d)["counts"]["sent"] == 1


class Gateway:
    """An SMS brand-name gateway: answers each POST with the next status of `plan`."""

    def __init__(self, plan, hang=False):
        self.plan = list(plan)
        self.hang = hang
        self.requests = []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                gateway.requests.append({"headers": dict(self.headers), "body": json.loads(body)})
                if gateway.hang:
                    time.sleep(3)
                    return
                status = gateway.plan.pop(0) if gateway.plan else 200
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def config(self, tmp_path):
        token = tmp_path / "gateway.token"
        token.write_text("s3cret-token\n")
        return (f'[messages]\nenabled = true\nsender = "webhook"\nnear_ahead = 1\nwebhook_timeout_ms = 500\n'
                f'webhook_url = "http://127.0.0.1:{self.port}/sms/send"\nwebhook_token_file = "{token}"\n')

    def close(self):
        self.server.shutdown()


def test_a_gateway_refusing_once_is_tried_again_with_the_same_key(daemon_factory, tmp_path):
    gw = Gateway([503, 200])
    try:
        d = daemon_factory(extra=gw.config(tmp_path))
        d.issue("ho_tich", phone="0987 654 321")
        staff = d.login("nv01", 1)
        ok(staff.post("/api/v1/counters/1/call-next"))
        sent = wait_state(d, "sent", timeout=40)  # the retry comes after 10 s
        assert sent[0]["attempts"] == 2
        assert len(gw.requests) == 2
        keys = {r["headers"]["Idempotency-Key"] for r in gw.requests}
        assert len(keys) == 1
        body = gw.requests[1]["body"]
        assert body["to"] == "0987654321" and body["kind"] == "called"
        assert body["text"].startswith("Mời số A001 đến Quầy 1")
        assert gw.requests[0]["headers"]["Authorization"] == "Bearer s3cret-token"
        assert "s3cret-token" not in d.log_text()
    finally:
        gw.close()


def test_a_gateway_that_never_answers_is_not_sent_twice(daemon_factory, tmp_path):
    gw = Gateway([], hang=True)
    try:
        d = daemon_factory(extra=gw.config(tmp_path))
        d.issue("ho_tich", phone="0987654321")
        staff = d.login("nv01", 1)
        ok(staff.post("/api/v1/counters/1/call-next"))
        failed = wait_state(d, "failed", timeout=30)
        assert "never sent twice" in failed[0]["why"], failed
        time.sleep(12)  # longer than the first retry's back-off
        assert len(gw.requests) == 1
    finally:
        gw.close()


def test_a_phone_number_is_checked_at_the_kiosk(daemon_factory, tmp_path):
    d = daemon_factory()
    kiosk = d.role("kiosk")
    for bad in ("12345", "0123456789", "09012345678", "phone"):
        expect_error(kiosk.post("/api/v1/tickets", {"field": "ho_tich", "request_id": f"p{bad}", "phone": bad}),
                     400, "invalid_argument", "phone")
    t = d.issue("ho_tich", phone="090.123.4567")
    assert t["code"] == "A001"
    assert d.health()["messages"] is None  # off unless configured


def test_a_sigkill_during_a_hand_over_to_the_gateway_never_sends_it_twice(daemon_factory, tmp_path):
    gw = Gateway([], hang=True)
    try:
        d = daemon_factory(extra=gw.config(tmp_path).replace("webhook_timeout_ms = 500", "webhook_timeout_ms = 20000"))
        d.issue("ho_tich", phone="0987654321")
        staff = d.login("nv01", 1)
        ok(staff.post("/api/v1/counters/1/call-next"))
        wait_until("the gateway holding the request", lambda: gw.requests, timeout=30)
        d.kill()  # mid-hand-over: the store says `sending`, nobody knows if the SMS left
        gw.hang = False
        d.start()
        failed = wait_state(d, "failed", timeout=30)
        assert "stopped while handing it over" in failed[0]["why"], failed
        time.sleep(3)
        assert len(gw.requests) == 1
    finally:
        gw.close()


def test_quiet_hours_hold_a_message_and_a_late_one_is_skipped_not_sent(daemon_factory, tmp_path):
    from datetime import datetime, timedelta, timezone
    local = datetime.now(timezone(timedelta(hours=7)))  # Asia/Ho_Chi_Minh, the office's zone
    quiet = f"{(local - timedelta(hours=1)):%H:%M}-{(local + timedelta(hours=1)):%H:%M}"
    gw = Gateway([])
    try:
        d = daemon_factory(extra=gw.config(tmp_path) + f'quiet_hours = "{quiet}"\n')
        d.issue("ho_tich", phone="0987654321")
        staff = d.login("nv01", 1)
        ok(staff.post("/api/v1/counters/1/call-next"))
        wait_state(d, "queued")
        time.sleep(3)
        assert gw.requests == [] and [m["state"] for m in messages(d)["messages"]] == ["queued"]
        assert d.health()["messages"]["waiting"] == 1
        # Served before the quiet hours end: "mời đến quầy" is of no use any more.
        ok(staff.post("/api/v1/counters/1/start"))
        ok(staff.post("/api/v1/counters/1/finish"))
        d.restart()  # the sender looks again at start-up
        skipped = wait_state(d, "skipped", timeout=30)
        assert "no longer useful" in skipped[0]["why"] and "finished" in skipped[0]["why"], skipped
        assert gw.requests == []
    finally:
        gw.close()
