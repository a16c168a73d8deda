# The live stream over a real WebSocket client: a snapshot with its seq, then
# every committed change in order; reconnecting with ?since= replays exactly
# what was missed (from the store, so across a restart too); who may connect.
import json
import threading

import pytest
import websocket

from conftest import KIOSK2_TOKEN, TOKENS, Daemon, raw_connect


def connect(d, token=None, since=None, path="/api/v1/stream"):
    query = []
    if token is not None:
        query.append("token=" + token)
    if since is not None:
        query.append("since=" + str(since))
    url = f"ws://127.0.0.1:{d.port}{path}" + ("?" + "&".join(query) if query else "")
    # Beast checks the UTF-8 it sends; skipping the client's pure-Python check keeps it fast.
    return websocket.create_connection(url, timeout=5, skip_utf8_validation=True)


def recv(ws, timeout=5):
    ws.settimeout(timeout)
    msg = ws.recv()
    assert isinstance(msg, str), msg
    return json.loads(msg)


def quiet(ws, seconds=0.3):
    """Nothing more arrives for a while."""
    ws.settimeout(seconds)
    try:
        msg = ws.recv()
    except websocket.WebSocketTimeoutException:
        return True
    raise AssertionError(f"unexpected message: {msg[:300]}")


def events(ws, n):
    out = [recv(ws) for _ in range(n)]
    assert all(m["type"] == "event" for m in out), [m["type"] for m in out]
    return out


def assert_consecutive(msgs, first):
    assert [m["seq"] for m in msgs] == list(range(first, first + len(msgs)))
    assert all(m["event"]["seq"] == m["seq"] for m in msgs)


def test_snapshot_then_every_change_in_order(qmsd):
    qmsd.issue("ho_tich")
    qmsd.issue("ho_tich")
    tv = connect(qmsd, TOKENS["display"])
    snap = recv(tv)
    assert snap["type"] == "snapshot"
    assert snap["seq"] == qmsd.seq() == 2
    assert snap["day"] == qmsd.health()["day"]
    assert len(snap["fields"]) == 7 and len(snap["counters"]) == 6
    assert {f["id"]: f["waiting"] for f in snap["fields"]}["ho_tich"] == 2
    assert all(c["state"] == "closed" for c in snap["counters"])
    assert snap["latest_calls"] == []
    quiet(tv)
    dash = connect(qmsd, TOKENS["leader"])
    assert recv(dash)["seq"] == 2

    staff = qmsd.login("nv01", 1)
    qmsd.issue("chung_thuc")
    for action in ("call-next", "recall", "start", "finish"):
        assert staff.post(f"/api/v1/counters/1/{action}").status_code == 200
    msgs = events(tv, 6)
    assert_consecutive(msgs, 3)
    assert [m["event"]["kind"] for m in msgs] == ["counter_opened", "ticket_issued", "ticket_called",
                                                  "ticket_recalled", "ticket_started", "ticket_finished"]
    opened, issued, called, recalled, started, finished = msgs
    assert opened["ticket"] is None and opened["counter"]["state"] == "idle"
    # The TV in the hall is not told who works where (test_views.py checks every role).
    assert "staff" not in opened["event"] and "actor" not in opened["event"]
    assert "staff" not in opened["counter"] and opened["counter"]["staff_name"]
    assert issued["ticket"]["code"] == "B001" and issued["ticket"]["state"] == "waiting"
    assert issued["counter"] is None
    # The stream is public-facing: no status ids or phones in it.
    assert "public_id" not in issued["ticket"] and "phone" not in issued["ticket"]
    assert called["ticket"]["code"] == "A001" and called["ticket"]["state"] == "called"
    assert called["counter"]["state"] == "calling" and called["counter"]["ticket"]["code"] == "A001"
    assert called["event"]["code"] == "A001" and called["event"]["counter"] == 1
    assert recalled["ticket"]["recalls"] == 1
    assert started["counter"]["state"] == "serving"
    assert finished["ticket"]["state"] == "finished" and finished["counter"]["state"] == "idle"
    quiet(tv)
    dash_msgs = events(dash, 6)
    assert [m["seq"] for m in dash_msgs] == [m["seq"] for m in msgs]
    assert dash_msgs[0]["event"]["staff"] == "nv01" and dash_msgs[0]["event"]["actor"] == "staff:nv01"
    dash.close()
    # Left open on purpose: the daemon must still stop cleanly (exit 0) with a stream client.


def test_reconnect_with_since_gets_exactly_the_missed_events(qmsd):
    staff = qmsd.login("nv06", 6)
    ws = connect(qmsd, TOKENS["display"])
    start = recv(ws)["seq"]
    qmsd.issue("ldtbxh")
    last = events(ws, 1)[0]["seq"]
    assert last == start + 1
    ws.close()

    qmsd.issue("ldtbxh")
    staff.post("/api/v1/counters/6/call-next")
    staff.post("/api/v1/counters/6/pause", {"reason": "urgent"})  # refused (busy): no event
    staff.post("/api/v1/counters/6/no-show")
    assert qmsd.seq() == last + 3

    ws = connect(qmsd, TOKENS["display"], since=last)
    missed = events(ws, 3)
    assert_consecutive(missed, last + 1)
    assert [m["event"]["kind"] for m in missed] == ["ticket_issued", "ticket_called", "ticket_no_show"]
    quiet(ws)
    # ... then live.
    qmsd.issue("phan_anh")
    live = events(ws, 1)
    assert_consecutive(live, last + 4)
    quiet(ws)
    ws.close()

    # A client that is up to date gets nothing until the next change.
    ws = connect(qmsd, TOKENS["display"], since=last + 4)
    quiet(ws, 0.5)
    qmsd.issue("phan_anh")
    assert_consecutive(events(ws, 1), last + 5)
    ws.close()


@pytest.mark.parametrize("since", ["abc", "-3", "0", "", "99999999", "1e3", "2x"])
def test_unusable_since_gets_a_snapshot(module_qmsd, since):
    d = module_qmsd
    if d.seq() < 3:
        for _ in range(3):
            d.issue("xay_dung")
    ws = connect(d, TOKENS["display"], since=since)
    snap = recv(ws)
    assert snap["type"] == "snapshot" and snap["seq"] == d.seq()
    quiet(ws)
    ws.close()


def test_replay_survives_a_restart(qmsd):
    qmsd.issue("kinh_doanh")
    ws = connect(qmsd, TOKENS["display"])
    seen = recv(ws)["seq"]
    assert seen == 1
    ws.close()
    qmsd.issue("kinh_doanh")
    qmsd.issue("kinh_doanh")
    qmsd.restart()
    qmsd.issue("kinh_doanh")
    ws = connect(qmsd, TOKENS["display"], since=seen)
    missed = events(ws, 3)
    assert_consecutive(missed, seen + 1)
    assert [m["ticket"]["code"] for m in missed] == ["C002", "C003", "C004"]
    quiet(ws)
    ws.close()


# Four extra fields with room for 9999 tickets each, for the long replays.
BULK_FIELDS = "".join(f'\n[[field]]\nid = "bulk{i}"\nname = "Bulk {i}"\nname_ascii = "BULK {i}"\n'
                      f'prefix = "{p}"\nfirst = 1\nlast = 9999\nwidth = 4\n' for i, p in enumerate("WXYZ"))


def bulk_issue(d, n, connections=16):
    """n tickets, fast: pipelined requests on several raw connections (group commit batches them)."""
    fields = ["bulk0", "bulk1", "bulk2", "bulk3"]
    shares = [n // connections + (1 if i < n % connections else 0) for i in range(connections)]
    errors = []

    def worker(i, count):
        body = json.dumps({"field": fields[i % 4]}).encode()
        one = (b"POST /api/v1/tickets HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TOKENS["admin"].encode() +
               b"\r\nContent-Type: application/json\r\nContent-Length: " + str(len(body)).encode() +
               b"\r\n\r\n" + body)
        s = raw_connect(d.port, timeout=30)
        s.sendall(one * count)
        data = b""
        while data.count(b"HTTP/1.1 ") < count:
            chunk = s.recv(1 << 16)
            if not chunk:
                break
            data += chunk
        s.close()
        if data.count(b"HTTP/1.1 201 ") != count:
            errors.append(data[:300])

    threads = [threading.Thread(target=worker, args=(i, k)) for i, k in enumerate(shares) if k]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:3]


@pytest.fixture(scope="module")
def bulk(qmsd_binary, tmp_path_factory):
    """A daemon 2500 events into its day."""
    d = Daemon(qmsd_binary, tmp_path_factory.mktemp("bulk"), extra=BULK_FIELDS).start()
    bulk_issue(d, 2500)
    yield d
    d.stop()


def replay(d, since, n):
    """Connects with ?since= and reads n replayed events; says how a close came if it did."""
    ws = connect(d, TOKENS["leader"], since=since)
    got = []
    try:
        while len(got) < n:
            got.append(recv(ws, timeout=10))
    except (websocket.WebSocketConnectionClosedException, websocket.WebSocketProtocolException) as e:
        # websocket-client rejects close code 1013 as a protocol error: either way the server closed.
        pytest.fail(f"the stream closed the connection after {len(got)} of {n} replayed events ({e})")
    assert_consecutive(got, since + 1)
    quiet(ws)
    return ws


def test_a_replay_of_1500_events(bulk):
    since = bulk.seq() - 1500
    ws = replay(bulk, since, 1500)
    bulk.issue("ho_tich")  # then live
    assert_consecutive(events(ws, 1), since + 1501)
    ws.close()


def test_a_replay_of_2400_events(bulk):
    replay(bulk, bulk.seq() - 2400, 2400).close()


def test_more_than_5000_behind_gets_a_snapshot(bulk):
    if bulk.seq() < 5002:
        bulk_issue(bulk, 5002 - bulk.seq())
    ws = connect(bulk, TOKENS["leader"], since=bulk.seq() - 5001)
    snap = recv(ws, timeout=10)
    assert snap["type"] == "snapshot" and snap["seq"] == bulk.seq()
    quiet(ws)
    ws.close()


def handshake_status(d, token=None, path="/api/v1/stream"):
    try:
        ws = connect(d, token, path=path)
    except websocket.WebSocketBadStatusException as e:
        return e.status_code
    ws.close()
    return 101


def test_who_may_connect(module_qmsd):
    d = module_qmsd
    # Kiosks read the stream for live waiting counts (what the TV shows anyway).
    assert handshake_status(d, TOKENS["kiosk"]) == 101
    assert handshake_status(d, KIOSK2_TOKEN) == 101
    assert handshake_status(d, None) == 401
    assert handshake_status(d, "not-a-token") == 401
    assert handshake_status(d, TOKENS["display"]) == 101
    assert handshake_status(d, TOKENS["leader"]) == 101
    assert handshake_status(d, TOKENS["admin"]) == 101
    staff = d.login("nv07", 6)
    assert handshake_status(d, staff.token) == 101
    assert handshake_status(d, TOKENS["display"], path="/api/v1/health") == 404
    # The Authorization header works for clients that can set it.
    ws = websocket.create_connection(f"ws://127.0.0.1:{d.port}/api/v1/stream", timeout=5,
                                     header=[f"Authorization: Bearer {TOKENS['display']}"])
    assert recv(ws)["type"] == "snapshot"
    ws.close()
    assert staff.delete("/api/v1/sessions/current").status_code == 204
    assert handshake_status(d, staff.token) == 401


def drain_frames(ws, n, got, failed):
    """Reads n text frames straight off the socket (websocket-client's parser is slow)."""
    buf = bytearray()
    ws.sock.settimeout(10)
    try:
        while len(got) < n:
            chunk = ws.sock.recv(1 << 20)
            if not chunk:
                raise ConnectionError("closed")
            buf += chunk
            while len(buf) >= 2:
                opcode, size, head = buf[0] & 0x0F, buf[1] & 0x7F, 2
                if size == 126:
                    size, head = int.from_bytes(buf[2:4], "big"), 4
                elif size == 127:
                    size, head = int.from_bytes(buf[2:10], "big"), 10
                if len(buf) < head + size:
                    break
                if opcode != 1:
                    raise ConnectionError(f"opcode {opcode}: {bytes(buf[head:head + size])!r}")
                got.append(json.loads(bytes(buf[head:head + size])))
                del buf[:head + size]
    except Exception as e:  # noqa: BLE001 - the caller asserts on it
        failed.append(repr(e))


def test_a_client_that_does_not_keep_up_is_closed_and_costs_nothing_else(bulk):
    import socket
    url = f"ws://127.0.0.1:{bulk.port}/api/v1/stream?token={TOKENS['display']}"
    slow = websocket.create_connection(url, timeout=5, sockopt=((socket.SOL_SOCKET, socket.SO_RCVBUF, 4096),))
    start = recv(slow)["seq"]
    # Its socket and the daemon's send buffer (the kernel lets it grow to 4 MB:
    # some 6,000 messages, as the loop writes them while commits are on disk)
    # take what they can, then 2000 queue up.
    bulk_issue(bulk, 12000)
    assert bulk.seq() == start + 12000
    # The slow one gets what fitted, then the close (1013, try again later).
    got, failed = [], []
    drain_frames(slow, 12000, got, failed)
    assert failed and "too slow" in failed[0] and len(got) < 12000, (len(got), failed)
    assert [m["seq"] for m in got] == list(range(start + 1, start + 1 + len(got)))
    # Nobody else noticed: HTTP is served, a new stream client gets a snapshot, replays work.
    assert bulk.health()["status"] == "ok"
    ws = connect(bulk, TOKENS["display"])
    assert recv(ws)["seq"] == bulk.seq()
    ws.close()
    replay(bulk, bulk.seq() - 1000, 1000).close()


def ticket_stream(d, public_id, token=None):
    url = f"ws://127.0.0.1:{d.port}/api/v1/stream?ticket={public_id}"
    if token:
        url += "&token=" + token
    return websocket.create_connection(url, timeout=5)


def test_a_citizen_follows_one_ticket_live_and_nothing_else(qmsd):
    first = qmsd.issue("ho_tich", phone="0901234567")
    mine = qmsd.issue("ho_tich", phone="0907654321")
    ws = ticket_stream(qmsd, mine["public_id"])  # no token: the phone from the QR
    m = recv(ws)
    assert m["type"] == "ticket" and m["ticket"]["code"] == mine["code"]
    assert m["ticket"]["state"] == "waiting" and m["ticket"]["people_ahead"] == 1
    assert "phone" not in m["ticket"] and "public_id" not in m["ticket"]
    # Another field's ticket changes nothing of mine: nothing is sent.
    qmsd.issue("dat_dai")
    quiet(ws)
    staff = qmsd.login("nv01", 1)  # a counter opens: my estimate appears
    m = recv(ws)
    assert m["ticket"]["people_ahead"] == 1 and m["ticket"]["estimated_wait_minutes"] is not None, m
    assert staff.post("/api/v1/counters/1/call-next").status_code == 200  # calls the first
    m = recv(ws)
    assert m["type"] == "ticket" and m["ticket"]["people_ahead"] == 0, m
    assert staff.post("/api/v1/counters/1/finish").status_code == 200
    assert staff.post("/api/v1/counters/1/call-next").status_code == 200  # mine
    msgs = [recv(ws)]
    while msgs[-1]["ticket"]["state"] != "called":
        msgs.append(recv(ws))
    assert msgs[-1]["ticket"]["counter"] == 1 and msgs[-1]["ticket"]["counter_name"] == "Quầy 1"
    assert all(x["type"] == "ticket" and x["ticket"]["code"] == mine["code"] for x in msgs)
    quiet(ws)
    ws.close()
    # An id that is no ticket today opens nothing; nor does the public id of a ticket open the log.
    with pytest.raises(websocket.WebSocketBadStatusException) as e:
        ticket_stream(qmsd, "0" * 32)
    assert e.value.status_code == 404
    assert handshake_status(qmsd, None) == 401
    assert first["code"] != mine["code"]
