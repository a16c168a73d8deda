"""End-to-end crash test of the real qmsd binary over HTTP.

Kiosk threads issue tickets and staff threads call, start and finish them at
the six demo counters, recording every 2xx reply, while the daemon is
SIGKILLed at random moments and restarted on the same data directory. After
every restart, and again at the end (from the SQLite file itself):

- every acknowledged issue is there with its code (event log and
  GET /tickets/{public_id}), every acknowledged call/start/finish is reflected;
- a request retried after a connection error (same request id) gives the
  ticket the first attempt made if that one was committed, never a second one;
  a late retry of an acknowledged request after a restart gives the same ticket;
- no code (field, number) belongs to two tickets; no request id made two;
- the event sequence numbers are 1..N with no gap; no reply was a 5xx.

QMSD_E2E_SEED=<n> repeats a run's kill schedule and client choices (the kills
still land wherever the daemon happens to be). QMSD_E2E_SELFTEST=fake-ack
records one acknowledgement the daemon never gave: the test must then fail.

Run: QMSD_BINARY=build/daemon/qmsd /usr/bin/python3 -m pytest tests/integration/e2e_crash
"""

import collections
import os
import random
import re
import signal
import socket
import sqlite3
import subprocess
import threading
import time

import pytest
import requests

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.environ.get("QMSD_SOURCE_DIR", os.path.normpath(os.path.join(HERE, "..", "..", "..")))
QMSD = os.environ.get("QMSD_BINARY", os.path.join(SOURCE_DIR, "build", "daemon", "qmsd"))

KIOSK = {"Authorization": "Bearer demo-kiosk-token-0001"}
LEADER = {"Authorization": "Bearer demo-leader-token-0001"}
STAFF = [(1, "nv01", "1111"), (2, "nv02", "2222"), (3, "nv03", "3333"),
         (4, "nv04", "4444"), (5, "nv05", "5555"), (6, "nv06", "6666")]
# Big fields mostly; dat_dai has a quota of 60 (its refusals are fine).
ISSUE_FIELDS = ["ho_tich", "chung_thuc", "kinh_doanh", "ldtbxh", "ho_tich", "dat_dai"]
KIOSK_THREADS = 4
TIMEOUT = 5  # seconds for one HTTP request


def office_config():
    """The demo office, open all day, with a kiosk rate that never bites."""
    with open(os.path.join(SOURCE_DIR, "config", "demo-office.toml"), encoding="utf-8") as f:
        text = f.read()
    text = re.sub(r"(\n(mon|tue|wed|thu|fri|sat|sun) *)= [^\n]*", r'\1= ["00:00-24:00"]', text)
    text = re.sub(r"\ncutoff_minutes *= *\d+", "\ncutoff_minutes = 0", text)
    text = re.sub(r"\nclosed_dates = \[[^\]]*\]", "", text)
    return text.replace("\n[api]\n", "\n[api]\nkiosk_rate_per_minute = 100000\n", 1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Daemon:
    def __init__(self, workdir):
        self.workdir = workdir
        self.config = os.path.join(workdir, "office.toml")
        self.data = os.path.join(workdir, "data")
        self.log = os.path.join(workdir, "qmsd.log")
        self.port = free_port()
        self.base = "http://127.0.0.1:%d/api/v1" % self.port
        self.proc = None
        self.starts = 0
        with open(self.config, "w", encoding="utf-8") as f:
            f.write(office_config())

    def start(self):
        self.starts += 1
        with open(self.log, "a") as log:
            log.write("\n=== start %d ===\n" % self.starts)
            log.flush()
            self.proc = subprocess.Popen(
                [QMSD, "--config", self.config, "--data-dir", self.data, "--port", str(self.port)],
                stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, "qmsd exited at start %d; see %s" % (self.starts, self.log)
            try:
                if requests.get(self.base + "/health", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.02)
        pytest.fail("qmsd did not answer /health within 20 s (start %d)" % self.starts)

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        assert self.proc.wait(timeout=15) == 0, "qmsd did not stop cleanly"


class Ledger:
    """Everything a client saw acknowledged, and what went wrong."""

    def __init__(self):
        self.lock = threading.Lock()
        self.issued = {}            # request id -> ticket (id, code, public_id, field)
        self.called = []            # (ticket id, counter, public_id)
        self.started = []
        self.finished = []
        self.retries_committed = 0  # retries that found the first attempt committed
        self.retries_fresh = 0
        self.late_retries = 0
        self.bad = []               # replies that must never happen

    def snapshot(self):
        with self.lock:
            return (dict(self.issued), list(self.called), list(self.started), list(self.finished))

    def problem(self, what):
        with self.lock:
            self.bad.append(what)


def post(session, daemon, path, headers, body=None):
    return session.post(daemon.base + path, json=body, headers=headers, timeout=TIMEOUT)


def kiosk_loop(daemon, ledger, stop, rng, tid):
    session = requests.Session()
    n = 0
    while not stop.is_set():
        n += 1
        rid = "k%d-%d" % (tid, n)
        field = rng.choice(ISSUE_FIELDS)
        retried = False
        deadline = time.monotonic() + 60
        while True:
            try:
                r = post(session, daemon, "/tickets", KIOSK, {"field": field, "request_id": rid})
                break
            except requests.RequestException:
                # The daemon died or is restarting: the same request id again.
                retried = True
                if time.monotonic() > deadline:
                    ledger.problem("kiosk %s: no answer for 60 s" % rid)
                    return
                time.sleep(0.02)
        if r.status_code in (200, 201):
            t = r.json()["ticket"]
            with ledger.lock:
                ledger.issued[rid] = (t["id"], t["code"], t["public_id"], t["field"])
                if r.status_code == 200 and not retried:
                    ledger.bad.append("kiosk %s: 200 for a request id used once" % rid)
                if retried:
                    if r.status_code == 200:
                        ledger.retries_committed += 1
                    else:
                        ledger.retries_fresh += 1
        elif r.status_code >= 500 or r.status_code in (400, 401, 403, 404, 429):
            ledger.problem("kiosk %s: %d %s" % (rid, r.status_code, r.text))
        time.sleep(rng.uniform(0.03, 0.12))  # ~50 tickets/s in all: the day's numbers last


def staff_loop(daemon, ledger, stop, rng, counter, staff, pin):
    session = requests.Session()
    headers = {}

    def login():
        r = post(session, daemon, "/sessions", {}, {"staff": staff, "pin": pin, "counter": counter})
        if r.status_code == 429 and r.json()["error"]["code"] == "too_many_attempts":
            # The PIN throttle: a real counter page waits as told, then tries again.
            time.sleep(float(r.json().get("retry_after_seconds", 1)))
            return
        if r.status_code != 201:
            ledger.problem("login %s: %d %s" % (staff, r.status_code, r.text))
            return
        headers["Authorization"] = "Bearer " + r.json()["token"]

    def act(action):
        r = post(session, daemon, "/counters/%d/%s" % (counter, action), headers)
        if r.status_code == 401:
            login()  # the kill came before the session was saved: log in again
        elif r.status_code >= 500 or r.status_code in (400, 403, 404):
            ledger.problem("counter %d %s: %d %s" % (counter, action, r.status_code, r.text))
        return r

    def record(where, r):
        t = r.json()["ticket"]
        with ledger.lock:
            where.append((t["id"], counter, t["public_id"]))

    while not stop.is_set():
        try:
            if not headers:
                login()
                continue
            r = act("call-next")
            if r.status_code == 409:
                code = r.json()["error"]["code"]
                if code == "queue_empty":
                    time.sleep(0.05)
                elif code == "counter_busy":
                    # A call whose reply a kill swallowed: finish that ticket.
                    f = act("finish")
                    if f.status_code == 200:
                        record(ledger.finished, f)
                else:
                    ledger.problem("counter %d call-next: %s" % (counter, r.text))
                continue
            if r.status_code != 200:
                continue
            record(ledger.called, r)
            time.sleep(rng.uniform(0, 0.02))
            if rng.random() < 0.5:
                s = act("start")
                if s.status_code == 200:
                    record(ledger.started, s)
            f = act("finish")
            if f.status_code == 200:
                record(ledger.finished, f)
            time.sleep(rng.uniform(0.005, 0.03))
        except requests.RequestException:
            time.sleep(0.02)  # down or restarting; the next call-next sorts it out


def all_events(daemon):
    events, after = [], 0
    while True:
        r = requests.get(daemon.base + "/events", params={"after": after, "limit": 1000},
                         headers=LEADER, timeout=TIMEOUT)
        assert r.status_code == 200, r.text
        body = r.json()
        events += body["events"]
        if body["next_after"] is None:
            return events
        after = body["next_after"]


def check_log(daemon, ledger, seed, rng, when):
    """Every acknowledgement in the snapshot is in the daemon's event log."""
    issued, called, started, finished = ledger.snapshot()
    events = all_events(daemon)
    where = "%s (seed %d)" % (when, seed)
    seqs = [e["seq"] for e in events]
    assert seqs == list(range(1, len(seqs) + 1)), "event seqs have a gap or repeat " + where

    tickets = {}
    codes = collections.defaultdict(set)
    kinds = collections.defaultdict(set)
    for e in events:
        if e["kind"] == "ticket_issued":
            assert e["ticket"] not in tickets, "ticket %d issued twice %s" % (e["ticket"], where)
            tickets[e["ticket"]] = e["code"]
            codes[(e["field"], e["code"])].add(e["ticket"])
        kinds[e["kind"]].add((e["ticket"], e["counter"]))
    repeated = {k: v for k, v in codes.items() if len(v) > 1}
    assert not repeated, "numbers given to two tickets %s: %s" % (where, repeated)

    for rid, (tid, code, _, _) in issued.items():
        assert tickets.get(tid) == code, "acknowledged %s (%s, ticket %d) is missing %s" % (rid, code, tid, where)
    for kind, acks in (("ticket_called", called), ("ticket_started", started), ("ticket_finished", finished)):
        for tid, counter, _ in acks:
            assert (tid, counter) in kinds[kind], "acknowledged %s of ticket %d at counter %d is missing %s" % (
                kind, tid, counter, where)

    # The citizen's view of a sample: the code, and a state that fits what staff saw.
    done = {tid for tid, _, _ in finished}
    seen = {tid for tid, _, _ in called + started}
    sample = rng.sample(sorted(issued.values()), min(40, len(issued)))
    for tid, code, public_id, _ in sample:
        r = requests.get(daemon.base + "/tickets/" + public_id, timeout=TIMEOUT)
        assert r.status_code == 200, "ticket %s: %d %s %s" % (code, r.status_code, r.text, where)
        t = r.json()["ticket"]
        assert (t["id"], t["code"]) == (tid, code), where
        if tid in done:
            assert t["state"] == "finished", "%s acknowledged finished but is %s %s" % (code, t["state"], where)
        elif tid in seen:
            assert t["state"] != "waiting", "%s acknowledged called but is waiting %s" % (code, where)

    # A kiosk retrying an acknowledged request after the restart gets the same ticket.
    session = requests.Session()
    for rid, (tid, code, _, field) in rng.sample(sorted(issued.items()), min(3, len(issued))):
        r = post(session, daemon, "/tickets", KIOSK, {"field": field, "request_id": rid})
        assert r.status_code == 200, "late retry of %s: %d %s %s" % (rid, r.status_code, r.text, where)
        assert (r.json()["ticket"]["id"], r.json()["ticket"]["code"]) == (tid, code), where
        with ledger.lock:
            ledger.late_retries += 1
    return len(events)


def check_database(path, ledger, seed):
    """After the final stop: the SQLite file itself."""
    issued, called, _, finished = ledger.snapshot()
    db = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        seqs = [row[0] for row in db.execute("SELECT seq FROM events ORDER BY seq")]
        assert seqs == list(range(1, len(seqs) + 1)), "seq gap in the file (seed %d)" % seed
        twice = db.execute("SELECT day, issue_field, number FROM tickets GROUP BY 1, 2, 3 "
                           "HAVING COUNT(*) > 1").fetchall()
        assert not twice, "numbers given twice: %s (seed %d)" % (twice, seed)
        doubled = db.execute("SELECT actor, request_id, COUNT(*) FROM events WHERE kind = 'ticket_issued' "
                             "AND request_id IS NOT NULL GROUP BY 1, 2 HAVING COUNT(*) > 1").fetchall()
        assert not doubled, "one request id, several tickets: %s (seed %d)" % (doubled, seed)
        made = {rid: (tid, code) for rid, tid, code in db.execute(
            "SELECT request_id, ticket_id, code FROM events WHERE kind = 'ticket_issued' AND actor = 'kiosk:kiosk1'")}
        for rid, (tid, code, _, _) in issued.items():
            assert made.get(rid) == (tid, code), "request %s acknowledged as %s, file has %s (seed %d)" % (
                rid, code, made.get(rid), seed)
        states = dict(db.execute("SELECT id, state FROM tickets"))
        for tid, _, _ in finished:
            assert states.get(tid) == "finished", "ticket %d acknowledged finished (seed %d)" % (tid, seed)
        for tid, _, _ in called:
            assert states.get(tid) not in (None, "waiting"), "ticket %d acknowledged called (seed %d)" % (tid, seed)
        return len(seqs)
    finally:
        db.close()


def test_sigkill_under_http_traffic_loses_no_acknowledged_change(tmp_path):
    assert os.access(QMSD, os.X_OK), "no qmsd binary at %s (set QMSD_BINARY)" % QMSD
    seed = int(os.environ.get("QMSD_E2E_SEED", random.SystemRandom().randrange(1 << 31)))
    print("QMSD_E2E_SEED=%d" % seed)
    rng = random.Random(seed)
    daemon = Daemon(str(tmp_path))
    try:
        run(daemon, seed, rng)
    finally:
        daemon.kill()  # after a failure: leave no daemon behind


def run(daemon, seed, rng):
    daemon.start()
    day = requests.get(daemon.base + "/health", timeout=TIMEOUT).json()["day"]
    ledger = Ledger()
    stop = threading.Event()
    threads = [threading.Thread(target=kiosk_loop, args=(daemon, ledger, stop, random.Random(seed + 1 + i), i))
               for i in range(KIOSK_THREADS)]
    threads += [threading.Thread(target=staff_loop, args=(daemon, ledger, stop, random.Random(seed + 100 + c), c, s, p))
                for c, s, p in STAFF]
    for t in threads:
        t.start()
    kills = rng.randint(15, 25)
    try:
        for k in range(kills):
            time.sleep(rng.uniform(0.2, 1.6))
            daemon.kill()
            time.sleep(rng.choice([0, 0.01, 0.1, 0.3]))
            daemon.start()
            if os.environ.get("QMSD_E2E_SELFTEST") == "fake-ack" and k == kills // 2:
                with ledger.lock:
                    ledger.issued["fake"] = (10 ** 6, "A999", "0" * 32, "ho_tich")
            events = check_log(daemon, ledger, seed, rng, "after kill %d of %d" % (k + 1, kills))
            print("kill %2d: %5d events, %4d issues acknowledged" % (k + 1, events, len(ledger.issued)))
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=90)
    if requests.get(daemon.base + "/health", timeout=TIMEOUT).json()["day"] != day:
        pytest.skip("the office's day changed during the run (midnight); the checks assume one day")
    events = check_log(daemon, ledger, seed, rng, "at the end")
    daemon.stop()
    in_file = check_database(os.path.join(daemon.data, "qmsd.db"), ledger, seed)
    assert in_file >= events
    print("seed %d: %d kills, %d events, %d issues, %d calls, %d finishes acknowledged; retries after a "
          "connection error: %d found the first attempt committed, %d made the ticket; %d late retries"
          % (seed, kills, in_file, len(ledger.issued), len(ledger.called), len(ledger.finished),
             ledger.retries_committed, ledger.retries_fresh, ledger.late_retries))
    assert not ledger.bad, "unexpected replies (seed %d): %s" % (seed, ledger.bad[:10])
    assert len(ledger.issued) > 100 and len(ledger.finished) > 20, "too little traffic to mean anything"
