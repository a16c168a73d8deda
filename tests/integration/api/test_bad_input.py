# Bad input of every class is refused with the README's status and code, and
# nothing is half-applied: /health's seq and the queues are as before. Malformed
# traffic goes over raw sockets; the daemon keeps serving afterwards.
import json
import re
import socket
import time

import pytest
import requests

from conftest import expect_error, parse_response, raw_connect, recv_all

JSON = {"Content-Type": "application/json"}


def snapshot(d):
    """What must not change after a refused request. (The test office assesses
    staffing flags hourly, so no flag_changed event lands meanwhile.) A field's
    wait forecast is left out: it moves with the clock (the arrival rate counts
    the minutes since the day's first ticket), so on a loaded machine it could
    round to another minute between the two snapshots with nothing changed."""
    admin = d.role("admin")
    fields = admin.get("/api/v1/fields").json()
    for f in fields["fields"]:
        f.pop("estimated_wait_minutes", None)
        f.pop("wait", None)
    return d.seq(), admin.get("/api/v1/counters").json(), fields


@pytest.fixture(scope="module")
def office(module_qmsd):
    d = module_qmsd
    staff = d.login("nv01", 1)
    for _ in range(3):
        d.issue("ho_tich")
    return d, staff


@pytest.fixture
def unchanged(office):
    d, _ = office
    before = snapshot(d)
    yield
    assert snapshot(d) == before, "a refused request changed state"


def test_malformed_json(office, unchanged):
    d, staff = office
    kiosk = d.role("kiosk")
    for body in ('{"field": "ho_tich", "request_id": "x"', "{'field': 'ho_tich'}", "nul", "{} {}", "\xff"):
        expect_error(kiosk.call("POST", "/api/v1/tickets", data=body.encode("utf-8", "surrogateescape"),
                                headers=JSON), 400, "invalid_json")
    expect_error(kiosk.call("POST", "/api/v1/tickets", data=b"[1, 2]", headers=JSON), 400, "invalid_json")
    expect_error(kiosk.call("POST", "/api/v1/tickets", data=b'"ho_tich"', headers=JSON), 400, "invalid_json")
    expect_error(staff.call("POST", "/api/v1/counters/1/call-next", data=b"{", headers=JSON), 400, "invalid_json")
    expect_error(d.anon.call("POST", "/api/v1/sessions", data=b'{"staff":', headers=JSON), 400, "invalid_json")


@pytest.mark.parametrize("path,body,member", [
    ("/api/v1/tickets", {"field": 5, "request_id": "t1"}, "field"),
    ("/api/v1/tickets", {"field": "ho_tich", "priority": 3, "request_id": "t2"}, "priority"),
    ("/api/v1/tickets", {"field": "ho_tich", "phone": 901234567, "request_id": "t3"}, "phone"),
    ("/api/v1/tickets", {"field": "ho_tich", "request_id": 42}, "request_id"),
    ("/api/v1/tickets", {"field": ["ho_tich"], "request_id": "t4"}, "field"),
    ("/api/v1/tickets", {"request_id": "t5"}, "field"),
    ("/api/v1/tickets", {"field": None, "request_id": "t6"}, "field"),
    ("/api/v1/sessions", {"staff": "nv02", "pin": 2222, "counter": 2}, "pin"),
    ("/api/v1/sessions", {"staff": "nv02", "pin": "2222", "counter": "2"}, "counter"),
    ("/api/v1/sessions", {"staff": "nv02", "pin": "2222"}, "counter"),
    ("/api/v1/sessions", {"staff": "nv02", "pin": "2222", "counter": 2 ** 32 + 2}, "counter"),  # not counter 2
    ("/api/v1/sessions", {"staff": "nv02", "pin": "2222", "counter": 2.0}, "counter"),
    ("/api/v1/sessions", {"pin": "2222", "counter": 2}, "staff"),
    ("/api/v1/sessions", {"staff": {"id": "nv02"}, "pin": "2222", "counter": 2}, "staff"),
    ("/api/v1/counters/1/transfer", {"field": 1}, "field"),
    ("/api/v1/counters/1/transfer", {}, "field"),
    ("/api/v1/counters/1/pause", {"reason": 7}, "reason"),
    ("/api/v1/counters/1/pause", {}, "reason"),
    ("/api/v1/counters/1/call", {"ticket": ["A001"]}, "ticket"),
    ("/api/v1/counters/1/call", {}, "ticket"),
    ("/api/v1/tickets/A001/cancel", {"reason": 1}, "reason"),
], ids=lambda v: v if isinstance(v, str) else None)
def test_wrong_types_and_missing_members_name_the_member(office, unchanged, path, body, member):
    d, staff = office
    client = {"/api/v1/tickets": d.role("kiosk"), "/api/v1/sessions": d.anon}.get(path, staff)
    expect_error(client.post(path, body), 400, "invalid_argument", f"'{member}'")


def test_bad_path_parameters(office, unchanged):
    d, _ = office
    admin = d.role("admin")
    expect_error(admin.post("/api/v1/counters/abc/call-next"), 400, "invalid_argument", "counter")
    expect_error(admin.post("/api/v1/counters/-1/call-next"), 400, "invalid_argument", "counter")
    expect_error(admin.get("/api/v1/events", params={"limit": "0"}), 400, "invalid_argument", "limit")
    expect_error(admin.get("/api/v1/events", params={"limit": "1001"}), 400, "invalid_argument", "limit")
    expect_error(admin.get("/api/v1/events", params={"after": "x"}), 400, "invalid_argument", "after")
    expect_error(admin.get("/api/v1/events", params={"kind": "ticket_eaten"}), 400, "invalid_argument")
    expect_error(admin.get("/api/v1/events", params={"day": "2026-13-45"}), 400, "invalid_argument", "day")
    expect_error(admin.get("/api/v1/events", params={"counter": "one"}), 400, "invalid_argument", "counter")
    expect_error(admin.get("/api/v1/reports/daily", params={"from": "2026-11-23", "to": "2026-11-01"}),
                 400, "invalid_argument")
    expect_error(admin.get("/api/v1/reports/daily", params={"from": "yesterday"}), 400, "invalid_argument")


def test_unknown_ids(office, unchanged):
    d, staff = office
    admin = d.role("admin")
    expect_error(d.role("kiosk").post("/api/v1/tickets", {"field": "cu_tru", "request_id": "u1"}),
                 404, "unknown_field")
    expect_error(admin.post("/api/v1/counters/99/call-next"), 404, "unknown_counter")
    expect_error(admin.post("/api/v1/counters/99/open", {"staff": "nv01"}), 404, "unknown_counter")
    expect_error(admin.get("/api/v1/counters/99"), 404, "unknown_counter")
    expect_error(admin.post("/api/v1/counters/2/open", {"staff": "nv42"}), 404, "unknown_staff")
    expect_error(staff.post("/api/v1/counters/1/call", {"ticket": "Z999"}), 404, "unknown_ticket")
    expect_error(staff.post("/api/v1/counters/1/call", {"ticket": 987654}), 404, "unknown_ticket")
    expect_error(admin.post("/api/v1/tickets/987654/reinstate"), 404, "unknown_ticket")
    expect_error(admin.post("/api/v1/tickets/B999/cancel"), 404, "unknown_ticket")
    expect_error(d.anon.get("/api/v1/tickets/nope"), 404, "unknown_ticket")
    expect_error(staff.post("/api/v1/counters/1/transfer", {"field": "cu_tru"}), 409, "counter_idle")
    expect_error(d.anon.get("/api/v1/nope"), 404, "not_found")
    expect_error(d.anon.get("/api/v2/health"), 404, "not_found")
    expect_error(d.anon.get("/no-such-page.html"), 404, "not_found")  # "/" is the web pages' index
    expect_error(admin.post("/api/v1/counters/1/dance"), 404, "not_found")
    expect_error(d.anon.delete("/api/v1/health"), 405, "method_not_allowed")
    expect_error(d.anon.call("PUT", "/api/v1/tickets", json_body={}), 405, "method_not_allowed")


def test_illegal_states(office, unchanged):
    d, staff = office
    admin = d.role("admin")
    # Counter 4 is closed; counter 1 is open and idle.
    for action in ("call-next", "recall", "start", "finish", "no-show", "park", "close", "resume"):
        expect_error(admin.post(f"/api/v1/counters/4/{action}"), 409, "counter_closed")
    expect_error(admin.post("/api/v1/counters/4/pause", {"reason": "break"}), 409, "counter_closed")
    expect_error(admin.post("/api/v1/counters/4/transfer", {"field": "ho_tich"}), 409, "counter_closed")
    for action in ("recall", "start", "finish", "no-show", "park"):
        expect_error(staff.post(f"/api/v1/counters/1/{action}"), 409, "counter_idle")
    expect_error(staff.post("/api/v1/counters/1/resume"), 409, "counter_not_paused")
    expect_error(staff.post("/api/v1/counters/1/open"), 409, "counter_open")
    expect_error(admin.post("/api/v1/tickets/A001/reinstate"), 409, "ticket_wrong_state")


def test_a_body_that_is_not_json_is_415(office, unchanged):
    d, staff = office
    kiosk = d.role("kiosk")
    for ctype in ("text/plain", "application/x-www-form-urlencoded", None):
        headers = {"Content-Type": ctype} if ctype else {}
        r = kiosk.call("POST", "/api/v1/tickets", data=b'{"field":"ho_tich","request_id":"m1"}', headers=headers)
        expect_error(r, 415, "unsupported_media_type")
    expect_error(staff.call("POST", "/api/v1/counters/1/pause", data=b"reason=break",
                            headers={"Content-Type": "application/x-www-form-urlencoded"}),
                 415, "unsupported_media_type")
    # A charset parameter is fine.
    r = kiosk.call("POST", "/api/v1/tickets", data=b'{"field":"khong_co","request_id":"m2"}',
                   headers={"Content-Type": "application/json; charset=utf-8"})
    expect_error(r, 404, "unknown_field")


# ---- transport limits, each with its own small-limit daemon ---------------------------------

def still_serving(d):
    assert d.health()["status"] == "ok"
    assert d.running()


def test_oversized_body_is_413(daemon_factory):
    d = daemon_factory(api={"max_body_bytes": 2048})
    kiosk = d.role("kiosk")
    big = {"field": "ho_tich", "request_id": "big1", "phone": "0", "pad": "x" * 4000}
    expect_error(kiosk.post("/api/v1/tickets", big), 413, "body_too_large")
    # Just under the limit is fine.
    r = kiosk.post("/api/v1/tickets", {"field": "ho_tich", "request_id": "big2", "pad": "x" * 1900})
    assert r.status_code == 201, r.text
    # Over a raw socket, with the body still coming: refused as soon as the length is known.
    s = raw_connect(d.port)
    s.sendall(b"POST /api/v1/tickets HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
              b"Authorization: Bearer demo-kiosk-token-0001\r\nContent-Length: 1000000\r\n\r\n{\"field\":")
    status, headers, body = parse_response(recv_all(s))
    s.close()
    assert status == 413 and b"body_too_large" in body
    still_serving(d)
    assert d.seq() == 1


def test_slow_request_gets_408(daemon_factory):
    d = daemon_factory(api={"request_timeout_seconds": 1})
    s = raw_connect(d.port)
    s.sendall(b"POST /api/v1/tickets HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n")
    started = time.monotonic()
    raw = recv_all(s, timeout=6)
    elapsed = time.monotonic() - started
    s.close()
    assert raw, f"the connection was closed without a 408 reply after {elapsed:.1f} s"
    status, _, body = parse_response(raw)
    assert status == 408 and b"request_timeout" in body, raw
    assert 0.8 <= elapsed <= 4, elapsed
    # A body that stalls half way is the same.
    s = raw_connect(d.port)
    s.sendall(b"POST /api/v1/tickets HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
              b"Authorization: Bearer demo-kiosk-token-0001\r\nContent-Length: 60\r\n\r\n{\"field\":\"ho_tich\",")
    raw = recv_all(s, timeout=6)
    s.close()
    assert raw and parse_response(raw)[0] == 408, raw
    still_serving(d)
    assert d.seq() == 0


def test_idle_keep_alive_connection_is_closed(daemon_factory):
    d = daemon_factory(api={"idle_timeout_seconds": 1, "request_timeout_seconds": 5})
    s = raw_connect(d.port)
    s.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    s.settimeout(5)
    first = s.recv(65536)
    assert first.startswith(b"HTTP/1.1 200")
    started = time.monotonic()
    rest = recv_all(s, timeout=5)  # nothing more; the server closes
    elapsed = time.monotonic() - started
    assert rest == b"" and 0.7 <= elapsed <= 3.5, (rest, elapsed)
    s.close()
    # A connection that never sends anything is closed too.
    s = raw_connect(d.port)
    started = time.monotonic()
    assert recv_all(s, timeout=5) == b""
    assert time.monotonic() - started <= 3.5
    s.close()
    # A connection that keeps talking stays open.
    s = raw_connect(d.port)
    s.settimeout(5)
    for _ in range(4):
        s.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert s.recv(65536).startswith(b"HTTP/1.1 200")
        time.sleep(0.5)
    s.close()
    still_serving(d)


def test_too_many_connections_gets_503_and_the_others_keep_working(daemon_factory):
    d = daemon_factory(api={"max_connections": 3})
    held = [raw_connect(d.port) for _ in range(3)]
    time.sleep(0.2)  # let the daemon accept them
    extra = raw_connect(d.port)
    status, headers, body = parse_response(recv_all(extra, timeout=5))
    extra.close()
    assert status == 503, body
    assert headers["content-type"].startswith("application/json")
    import json
    err = json.loads(body)["error"]
    assert err["code"] == "too_many_connections" and err["vi"] == "Hệ thống đang quá tải"
    for s in held:
        s.settimeout(5)
        s.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert s.recv(65536).startswith(b"HTTP/1.1 200")
    # One leaves: a newcomer is served (once the daemon has seen it leave).
    held.pop().close()
    deadline = time.monotonic() + 5
    while True:
        s = raw_connect(d.port)
        s.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        reply = recv_all(s)
        s.close()
        if reply.startswith(b"HTTP/1.1 200") or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert reply.startswith(b"HTTP/1.1 200"), reply
    for s in held:
        s.close()
    time.sleep(0.2)
    still_serving(d)


@pytest.mark.parametrize("garbage", [
    b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(range(40)) + b"\r\n\r\n",  # a TLS hello
    b"HELLO\r\n\r\n",
    b"GET /api/v1/health HTTP/9.9\r\n\r\n",
    b"GET /api/v1/health HTTP/1.1\r\nContent-Length: -5\r\n\r\n",
    b"GET /api/v1/health HTTP/1.1\r\nBad Header Name: x\r\n\r\n",
    b"POST /api/v1/tickets HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n",
], ids=["tls", "hello", "version", "negative-length", "header-name", "bad-chunk"])
def test_garbage_bytes_get_400_and_the_daemon_still_serves(office, unchanged, garbage):
    d, _ = office
    s = raw_connect(d.port)
    s.sendall(garbage)
    raw = recv_all(s, timeout=5)
    s.close()
    assert raw, "closed without a reply"
    status, _, body = parse_response(raw)
    assert status == 400, raw
    still_serving(d)


@pytest.mark.parametrize("target", [b"?api/v1/fields", b"api/v1/health", b"*", b"%2Fapi/v1/health"])
def test_a_target_that_is_not_a_path_is_400_not_a_page(office, unchanged, target):
    # Found by the fuzzer: "?api/v1/fields" was taken for "/" and got the index page.
    d, _ = office
    s = raw_connect(d.port)
    s.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    raw = recv_all(s, timeout=5)
    s.close()
    status, headers, body = parse_response(raw)
    assert status == 400 and headers["content-type"].startswith("application/json"), raw
    assert b"invalid_argument" in body, raw
    still_serving(d)


def test_absolute_form_target_is_served_like_its_path(office):
    d, _ = office
    s = raw_connect(d.port)
    s.sendall(b"GET http://127.0.0.1/api/v1/fields HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    status, _, body = parse_response(recv_all(s, timeout=5))
    s.close()
    assert status == 200, body
    ids = [f["id"] for f in json.loads(body)["fields"]]
    assert ids and ids == [f["id"] for f in d.anon.get("/api/v1/fields").json()["fields"]]


def test_huge_headers_are_refused(office, unchanged):
    d, _ = office
    s = raw_connect(d.port)
    s.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: " + b"a" * 20000 + b"\r\n\r\n")
    raw = recv_all(s, timeout=5)
    s.close()
    status, _, body = parse_response(raw)
    assert status == 431 and b"headers_too_large" in body, raw
    still_serving(d)


def test_a_client_that_vanishes_mid_request_costs_nothing(office, unchanged):
    d, _ = office
    for _ in range(20):
        s = raw_connect(d.port)
        s.sendall(b"POST /api/v1/tickets HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{")
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")  # RST
        s.close()
    still_serving(d)


def raw_exchange(d, request, timeout=5):
    s = raw_connect(d.port)
    s.sendall(request)
    raw = recv_all(s, timeout=timeout)
    s.close()
    assert raw, "closed without a reply"
    return parse_response(raw)


@pytest.mark.parametrize("framing", [
    b"Transfer-Encoding: gzip\r\n",
    b"Transfer-Encoding: gzip, chunked\r\n",
    b"Transfer-Encoding: chunked, gzip\r\n",
    b"Transfer-Encoding: chunked\r\nContent-Length: 5\r\n",
    b"Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
], ids=["gzip", "gzip-chunked", "chunked-not-last", "with-content-length", "twice"])
def test_an_unsupported_transfer_encoding_is_400_and_runs_nothing(office, unchanged, framing):
    """RFC 9112 section 6.3: a body whose length or coding is unknown is refused, never run as empty."""
    d, staff = office
    for method, path in (("GET", b"/api/v1/health"), ("POST", b"/api/v1/counters/1/call-next")):
        status, headers, body = raw_exchange(
            d, method.encode() + b" " + path + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
            staff.token.encode() + b"\r\nContent-Type: application/json\r\n" + framing + b"\r\n0\r\n\r\n")
        assert status == 400, (method, status, body)
        err = json.loads(body)["error"]
        # (Beast's parser itself refuses a Content-Length beside chunked.)
        assert err["code"] == "invalid_argument" and re.search("Transfer-Encoding|Content-Length", err["message"])
        assert headers["connection"] == "close"
    still_serving(d)


def test_transfer_encoding_in_http_1_0_is_400_and_chunked_alone_works(office):
    d, _ = office
    status, _, body = raw_exchange(d, b"GET /api/v1/health HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
    assert status == 400 and b"Transfer-Encoding" in body, body
    chunk = b'{"field":"ho_tich","request_id":"te-ok"}'
    status, _, body = raw_exchange(
        d, b"POST /api/v1/tickets HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer demo-kiosk-token-0001\r\n"
           b"Content-Type: application/json\r\nTransfer-Encoding: Chunked\r\nConnection: close\r\n\r\n" +
           f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n0\r\n\r\n")
    assert status == 201, body


@pytest.mark.parametrize("host,ok", [
    (b"127.0.0.1", True), (b"127.0.0.1:8080", True), (b"192.168.1.20:8080", True), (b"[::1]:8080", True),
    (b"localhost:8080", True), (b"LocalHost", True),
    (b"evil.example", False), (b"127.0.0.1.nip.io:8080", False), (b"localhost.evil.example", False),
    (b"", False), (b"a b", False),
])
def test_a_host_that_is_not_this_server_is_refused(office, host, ok):
    """DNS rebinding: a page on another name must not reach the API through a victim's browser."""
    d, _ = office
    for path in (b"/api/v1/health", b"/", b"/api/v1/fields"):
        status, _, body = raw_exchange(d, b"GET " + path + b" HTTP/1.1\r\nHost: " + host +
                                       b"\r\nConnection: close\r\n\r\n")
        if ok:
            assert status == 200, (host, path, body)
        else:
            assert status == 400 and b"invalid_argument" in body, (host, path, status, body)
    if not ok and host:
        assert b"allowed_hosts" in body or b"host[:port]" in body, body


def test_hosts_come_from_public_url_and_allowed_hosts(daemon_factory):
    d = daemon_factory(api={"public_url": "https://xa-ben-nghe.example.vn", "allowed_hosts": ["qms.ubnd.local"]})
    for host, want in ((b"xa-ben-nghe.example.vn", 200), (b"QMS.ubnd.local.:8080", 200), (b"127.0.0.1", 200),
                       (b"example.vn", 400), (b"other.ubnd.local", 400)):
        status, _, body = raw_exchange(d, b"GET /api/v1/health HTTP/1.1\r\nHost: " + host +
                                       b"\r\nConnection: close\r\n\r\n")
        assert status == want, (host, status, body)
    # No Host in HTTP/1.1 is a bad request (RFC 9112 section 3.2); HTTP/1.0 may leave it out.
    assert raw_exchange(d, b"GET /api/v1/health HTTP/1.1\r\nConnection: close\r\n\r\n")[0] == 400
    assert raw_exchange(d, b"GET /api/v1/health HTTP/1.0\r\n\r\n")[0] == 200
    # The live stream too.
    status, _, body = raw_exchange(
        d, b"GET /api/v1/stream?token=demo-display-token-0001 HTTP/1.1\r\nHost: evil.example\r\n"
           b"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
           b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
    assert status == 400 and b"allowed_hosts" in body, body


def test_every_reply_says_nosniff(office):
    d, staff = office
    replies = [d.anon.get("/api/v1/health"), d.anon.get("/api/v1/nope"), d.anon.get("/"),
               d.anon.get("/js/api.js"), staff.get("/api/v1/counters/1"), d.anon.get("/api/v1/counters"),
               d.role("leader").get("/api/v1/reports/summary", params={"format": "csv"})]
    for r in replies:
        assert r.headers.get("X-Content-Type-Options") == "nosniff", (r.url, r.status_code, r.headers)
    status, headers, _ = raw_exchange(d, b"GARBAGE\r\n\r\n")
    assert status == 400 and headers["x-content-type-options"] == "nosniff"
    status, headers, _ = raw_exchange(
        d, b"GET /api/v1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           b"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
    assert status == 401 and headers["x-content-type-options"] == "nosniff"
