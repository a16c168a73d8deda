# One host on the office LAN must not take the API down for everyone else:
# hundreds of idle or trickling sockets, many ticket streams, a burst of
# made-up logins. Other loopback addresses (127.0.0.x) stand in for the
# attacker's machine; the kiosk, the counter and the leader keep being served
# in normal time. Figures are printed (pytest -s); the bounds are generous
# (the machine is shared), far below what the attacks cost before.
import json
import re
import socket
import statistics
import threading
import time
import uuid

import requests
import websocket

from conftest import PINS, TOKENS, json_from, parse_response, raw_connect, recv_all

KIOSK = TOKENS["kiosk"]


def issue_timed(d, n, source="127.0.0.1", spacing=0.0):
    """n tickets from the kiosk, each on a new connection; returns (statuses, seconds each)."""
    statuses, took = [], []
    for _ in range(n):
        started = time.monotonic()
        status, _, body = json_from(d.port, "POST", "/api/v1/tickets",
                                    {"field": "ho_tich", "request_id": uuid.uuid4().hex}, token=KIOSK, source=source)
        took.append(time.monotonic() - started)
        statuses.append(status)
        time.sleep(spacing)
    return statuses, took


def figures(took):
    return f"median {statistics.median(took) * 1000:.0f} ms, max {max(took) * 1000:.0f} ms"


def answered(socks):
    """The sockets the server has already answered (a 503) or closed, without waiting on the others."""
    out = 0
    for s in socks:
        try:
            data = s.recv(4096, socket.MSG_DONTWAIT)
            out += 1 if data.startswith(b"HTTP/1.1 503") or data == b"" else 0
        except BlockingIOError:
            pass
        except ConnectionResetError:
            out += 1
    return out


def ws_status(d, query, source="127.0.0.1"):
    """The handshake's status for /api/v1/stream?query, and the open socket when it is 101."""
    sock = raw_connect(d.port, source)  # websocket-client cannot choose the source address itself
    try:
        ws = websocket.create_connection(f"ws://127.0.0.1:{d.port}/api/v1/stream?{query}", timeout=5,
                                         socket=sock, skip_utf8_validation=True)
    except websocket.WebSocketBadStatusException as e:
        sock.close()
        return e.status_code, None
    except (ConnectionError, websocket.WebSocketConnectionClosedException):
        sock.close()
        return 0, None  # refused before the handshake was read
    return 101, ws


class Attacker(threading.Thread):
    """127.0.0.2 keeps `sockets` connections open — idle, or trickling a request a
    byte at a time — and re-opens every one the server closes, and keeps trying
    to follow one paper ticket on as many streams as it can."""

    def __init__(self, d, sockets, ticket):
        super().__init__()
        self.d, self.want, self.ticket = d, sockets, ticket
        self.stop = threading.Event()
        self.connects = self.refused = self.cut = 0
        self.most_streams = 0

    def run(self):
        held, streams = [], []
        while not self.stop.is_set():
            while len(held) < self.want:
                s = raw_connect(self.d.port, "127.0.0.2")
                self.connects += 1
                if len(held) % 10 == 0:
                    s.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never finished
                held.append(s)
            if len(streams) < 50:
                status, ws = ws_status(self.d, "ticket=" + self.ticket, "127.0.0.2")
                if ws:
                    streams.append(ws)
                self.most_streams = max(self.most_streams, len(streams))
            time.sleep(0.05)
            keep = []
            for s in held:
                try:
                    data = s.recv(4096, socket.MSG_DONTWAIT)
                except BlockingIOError:
                    if held.index(s) % 10 == 0:
                        s.send(b"a")  # the trickle
                    keep.append(s)
                    continue
                except OSError:
                    data = b""
                self.refused += data.startswith(b"HTTP/1.1 503")
                self.cut += not data.startswith(b"HTTP/1.1 503")
                s.close()
            held = keep
        for s in held:
            s.close()
        for ws in streams:
            ws.close()


def test_one_host_holding_hundreds_of_sockets_leaves_the_kiosk_served(daemon_factory):
    d = daemon_factory(api={"max_connections": 200})  # the old default, to show the per-address cap at work
    ticket = d.issue("ho_tich")
    log_before = d.log_text().count("refused")
    attacker = Attacker(d, 300, ticket["public_id"])
    attacker.start()
    try:
        time.sleep(1.0)  # the attack is in full swing
        # Meanwhile the kiosk on 127.0.0.1, as the issue measured it: 13 tickets, over the
        # 5 s in which the server cuts the attacker's silent sockets and it opens new ones.
        statuses, took = issue_timed(d, 13, spacing=0.4)
    finally:
        attacker.stop.set()
        attacker.join()
    print(f"\nkiosk during the flood: {statuses.count(201)}/13 served, {figures(took)}; 127.0.0.2 opened "
          f"{attacker.connects} sockets: {attacker.refused} refused at once, {attacker.cut} cut at the header "
          f"deadline; it held at most {attacker.most_streams} streams on one ticket")
    assert statuses == [201] * 13, statuses
    assert max(took) < 2.0, took
    assert attacker.refused >= 250 and attacker.cut >= 1 and attacker.most_streams <= 4
    # Refusals are summed up, not logged one by one.
    lines = d.log_text().count("refused") - log_before
    print(f"log lines about refusals: {lines}")
    assert lines <= 4, d.log_tail(10)
    assert d.health()["status"] == "ok"


def test_slow_headers_are_cut_off_at_the_header_deadline(daemon_factory):
    d = daemon_factory(api={"request_timeout_seconds": 30})  # only the header deadline (5 s) applies
    s = raw_connect(d.port, "127.0.0.3")
    request = b"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 200
    started = time.monotonic()
    stop = threading.Event()

    def drip():
        for byte in request:  # one byte every 0.3 s: slowloris
            if stop.is_set():
                return
            try:
                s.send(bytes([byte]))
            except OSError:
                return
            time.sleep(0.3)

    t = threading.Thread(target=drip)
    t.start()
    raw = recv_all(s, timeout=12)
    elapsed = time.monotonic() - started
    stop.set()
    t.join()
    s.close()
    print(f"\na trickling request got its reply after {elapsed:.1f} s")
    assert raw, f"no reply in {elapsed:.1f} s"
    status, _, body = parse_response(raw)
    assert status == 408 and b"headers" in body, raw
    assert elapsed < 8, elapsed


def test_streams_count_as_connections_and_one_ticket_opens_few(daemon_factory):
    d = daemon_factory(api={"max_connections": 100})
    tickets = [d.issue("ho_tich") for _ in range(6)]
    held = []
    # One paper ticket: 4 streams (a phone and a couple of reloads), not 10.
    got = [ws_status(d, "ticket=" + tickets[0]["public_id"], "127.0.0.4") for _ in range(10)]
    assert [s for s, _ in got].count(101) == 4, [s for s, _ in got]
    assert all(s == 503 for s, _ in got if s != 101)
    held += [ws for _, ws in got if ws]
    # Another phone for the same ticket is refused too: the cap is the ticket's.
    assert ws_status(d, "ticket=" + tickets[0]["public_id"], "127.0.0.5")[0] == 503
    # One address follows at most 16 tickets' streams.
    got = [ws_status(d, "ticket=" + t["public_id"], "127.0.0.5") for t in tickets[1:] for _ in range(4)]
    assert [s for s, _ in got].count(101) == 16, [s for s, _ in got]
    held += [ws for _, ws in got if ws]
    # The streams hold their connections: TV streams fill what is left (100 - 20), then 503.
    tv = []
    for _ in range(90):
        status, ws = ws_status(d, "token=" + TOKENS["display"])
        if ws is None:
            assert status == 503
            break
        tv.append(ws)
    print(f"\n{len(held)} ticket streams held, then {len(tv)} TV streams opened before a 503")
    assert len(held) + len(tv) <= 100 and len(tv) < 90
    # One closes: a place is free again.
    tv.pop().close()
    deadline = time.monotonic() + 5
    while (status := ws_status(d, "token=" + TOKENS["display"])[0]) != 101 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert status == 101
    for ws in held + tv:
        ws.close()


def test_clients_with_a_token_get_in_when_anonymous_ones_fill_the_server(daemon_factory):
    d = daemon_factory(api={"max_connections": 40, "reserved_connections": 10, "max_connections_per_address": 8,
                            "header_timeout_seconds": 30, "idle_timeout_seconds": 60})
    idle = [raw_connect(d.port, f"127.0.0.{21 + i // 8}") for i in range(30)]  # the anonymous share: 40 - 10
    time.sleep(0.3)
    # An address over its share is refused at once ...
    extra = raw_connect(d.port, "127.0.0.21")
    status, headers, body = parse_response(recv_all(extra, timeout=5))
    extra.close()
    assert status == 503 and b"too_many_connections" in body and headers["retry-after"], body
    # ... a newcomer without a token gets in only to be told the rest is kept for clients with one ...
    status, headers, body = json_from(d.port, "GET", "/api/v1/health", source="127.0.0.30")
    assert status == 503 and body["error"]["code"] == "too_many_connections", body
    # ... and the kiosk, the TV and a counter are served.
    statuses, took = issue_timed(d, 3, source="127.0.0.31")
    assert statuses == [201] * 3, statuses
    status, ws = ws_status(d, "token=" + TOKENS["display"], "127.0.0.32")
    assert status == 101
    ws.close()
    for s in idle:
        s.close()


def test_made_up_logins_starve_neither_a_real_login_nor_a_report(daemon_factory):
    d = daemon_factory()
    # nv01 works at counter 1 from 127.0.0.30.
    status, _, body = json_from(d.port, "POST", "/api/v1/sessions",
                                {"staff": "nv01", "pin": PINS["nv01"], "counter": 1}, source="127.0.0.30")
    assert status == 201, body
    assert d.client(token=body["token"]).delete("/api/v1/sessions/current").status_code == 204
    # A timed wrong login: what one PIN check costs on this machine now.
    started = time.monotonic()
    assert json_from(d.port, "POST", "/api/v1/sessions", {"staff": "nv02", "pin": "0", "counter": 2},
                     source="127.0.0.31")[0] == 401
    one_check = time.monotonic() - started
    # 120 made-up logins at once from 40 machines (3 each: under every per-address limit).
    conns = []
    for i in range(120):
        c = socket.create_connection(("127.0.0.1", d.port), source_address=(f"127.0.0.{40 + i % 40}", 0))
        conns.append(c)
    barrier = threading.Barrier(len(conns) + 1)
    replies = [None] * len(conns)

    def guess(i):
        body = json.dumps({"staff": f"ghost{i}", "pin": "0000", "counter": 1}).encode()
        barrier.wait()
        conns[i].sendall(b"POST /api/v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                         b"Content-Type: application/json\r\nContent-Length: " + str(len(body)).encode() +
                         b"\r\n\r\n" + body)
        replies[i] = parse_response(recv_all(conns[i], timeout=60))
        conns[i].close()

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(len(conns))]
    for t in threads:
        t.start()
    barrier.wait()
    time.sleep(0.2)  # the burst is in
    started = time.monotonic()
    status, _, body = json_from(d.port, "POST", "/api/v1/sessions",
                                {"staff": "nv01", "pin": PINS["nv01"], "counter": 1}, source="127.0.0.30")
    real_login = time.monotonic() - started
    assert status == 201, body
    started = time.monotonic()
    r = requests.get(d.base + "/api/v1/reports/summary", headers={"Authorization": f"Bearer {TOKENS['leader']}"},
                     timeout=60)
    report = time.monotonic() - started
    assert r.status_code == 200, r.text
    for t in threads:
        t.join()
    statuses = [s for s, _, _ in replies]
    busy = [h for s, h, _ in replies if s == 503]
    print(f"\none PIN check {one_check * 1000:.0f} ms; during 120 made-up logins: real login "
          f"{real_login * 1000:.0f} ms, report {report * 1000:.0f} ms; made-up ones: "
          f"{statuses.count(401)} checked, {len(busy)} refused busy, {statuses.count(429)} throttled")
    assert set(statuses) <= {401, 429, 503}, statuses
    assert all(h["retry-after"] for h in busy)
    assert statuses.count(401) <= 8 + 1  # the lane's places, and the one running
    assert real_login < max(3.0, 6 * one_check), real_login
    assert report < 3.0, report
