# Every office's log in PostgreSQL (issue 14) against the real pieces: one
# PostgreSQL 15 cluster for the whole suite (pg_server.py), the real
# qmsd-city, and several real qmsd daemons shipping to it, driven over HTTP.
# The offices are the API tests' Daemon (tests/integration/api/conftest.py,
# through api_suite.py) with an [upstream] section; qmsd-city is started and
# stopped the way every suite starts qmsd (qmsd_daemon.py).
import json
import os
import re
import sqlite3
import sys
from pathlib import Path

import pytest
import requests

sys.dont_write_bytecode = True
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
from pg_server import PgServer  # noqa: E402
from api_suite import api as api_support  # noqa: E402
from qmsd_daemon import ServerProcess, add_binary_option, binary_path, wait_until  # noqa: E402

Daemon = api_support.Daemon
token_hash = api_support.token_hash

CITY_TOKEN = "city-leader-token-0001-thanh-pho"
OFFICE_A_TOKEN = "office-a-leader-token-0001-ben-nghe"
# The three offices: id, display name, database role (None: the superuser), how the password comes.
OFFICES = {
    "a": ("q1-ben-nghe", "UBND Phường Bến Nghé", "office_a", "file"),
    "b": ("q1-da-kao", "UBND Phường Đa Kao", "office_b", "env"),
    "c": ("q1-tan-dinh", "UBND Phường Tân Định", None, "file"),
}
OFFICE_PASSWORD = "office-pw-Ưu-tiên-9"
EVENT_COLUMNS = ["seq", "at_ms", "day", "kind", "actor", "ticket_id", "field", "to_field", "counter", "staff",
                 "number", "code", "priority", "reason", "estimate_s", "payload", "until_ms", "answers", "comment"]


def pytest_addoption(parser):
    add_binary_option(parser, "--qmsd", "QMSD_BINARY", "the qmsd binary")
    add_binary_option(parser, "--qmsd-city", "QMSD_CITY_BINARY", "the qmsd-city binary")
    parser.addoption("--artifacts", default=None, help="where the page test's screenshots go")


@pytest.fixture(scope="session")
def binaries(request):
    return {opt[2:]: binary_path(request, opt) for opt in ("--qmsd", "--qmsd-city")}


@pytest.fixture(scope="session")
def pg():
    server = PgServer().init().start()
    server.psql("CREATE DATABASE qmsd_city")
    for _, _, role, _ in OFFICES.values():
        if role:
            server.psql(f"CREATE ROLE {role} LOGIN PASSWORD '{OFFICE_PASSWORD}'")
    yield server
    server.destroy()


class City(ServerProcess):
    """The real qmsd-city on a free port."""

    what = "qmsd-city"

    def __init__(self, binary, workdir, pg):
        super().__init__(workdir, "city.log")
        self.binary = binary
        self.pg = pg
        pwfile = self.dir / "centre.password"
        pwfile.write_text(pg.password + "\n")
        pwfile.chmod(0o600)
        self.config = self.dir / "city.toml"
        self.config.write_text(f'''[city]
name = "UBND Quận 1"
conninfo = "{pg.conninfo()}"
password_file = "{pwfile}"
workers = 2

[[user]]
id = "thanh_pho"
role = "city_leader"
token_hash = "{token_hash(CITY_TOKEN)}"

[[user]]
id = "ld_ben_nghe"
role = "office_leader"
office = "{OFFICES['a'][0]}"
token_hash = "{token_hash(OFFICE_A_TOKEN)}"
''', encoding="utf-8")

    def command(self):
        return [self.binary, "--config", str(self.config), "--port", "0"]

    def start(self, timeout=30):  # it connects to PostgreSQL first
        return super().start(timeout)

    def stop(self, timeout=15):
        super().stop(timeout)

    def get(self, path, token=CITY_TOKEN, **kw):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return requests.get(self.base + path, headers=headers, timeout=60, **kw)


@pytest.fixture(scope="session")
def city(binaries, pg, tmp_path_factory):
    c = City(binaries["qmsd-city"], tmp_path_factory.mktemp("city"), pg).start()
    # The schema exists now: the offices' roles get the two functions and nothing else.
    for _, _, role, _ in OFFICES.values():
        if role:
            pg.psql(f"GRANT EXECUTE ON FUNCTION qmsd_hello(text, text, text, text, text), "
                    f"qmsd_ingest(text, text, bigint, json, json, json, json, bigint, bigint) TO {role}",
                    db="qmsd_city")
    yield c
    c.stop()


def upstream_section(pg, office_id, role, password_source, workdir, batch_size=40):
    user = role or "postgres"
    password = OFFICE_PASSWORD if role else pg.password
    if password_source == "file":
        f = Path(workdir) / "upstream.password"
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(password + "\n")
        source = f'password_file = "{f}"'
    else:
        var = "QMSD_TEST_UPSTREAM_PW_" + office_id.replace("-", "_").upper()
        os.environ[var] = password
        source = f'password_env = "{var}"'
    return (f'\n[upstream]\nenabled = true\nconninfo = "{pg.conninfo(user=user)}"\n{source}\n'
            f'office_id = "{office_id}"\nbatch_size = {batch_size}\nstatus_seconds = 5\n')


def make_office(binaries, pg, workdir, key, office_id=None, start=True):
    oid, name, role, source = OFFICES[key]
    office_id = office_id or oid
    d = Daemon(binaries["qmsd"], workdir, extra=upstream_section(pg, office_id, role, source, workdir))
    text = re.sub(r'(?m)^name( *)= "UBND Phường Bến Nghé, Quận 1"', f'name\\1= "{name}"', d.config_text, count=1)
    if key == "b":  # another target for one field: the city judges each office by its own
        text = re.sub(r'(id *= "dat_dai"[^\[]*?target_wait_minutes *= *)\d+', r"\g<1>5", text, count=1)
    d.config_text = text
    d.config.write_text(text, encoding="utf-8")
    d.office_id = office_id
    d.key = key
    return d.start() if start else d


@pytest.fixture(scope="module")
def offices(binaries, pg, city, tmp_path_factory):
    made = {k: make_office(binaries, pg, tmp_path_factory.mktemp(f"office_{k}"), k) for k in OFFICES}
    yield made
    for d in made.values():
        if d.running():
            d.stop()


# ---- reading both sides ---------------------------------------------------

def local_events(d):
    """The office's own event rows (SQLite, read-only), the columns the centre keeps."""
    db = sqlite3.connect(f"file:{d.data / 'qmsd.db'}?mode=ro", uri=True)
    try:
        rows = db.execute(f"SELECT {', '.join(EVENT_COLUMNS)} FROM events ORDER BY seq").fetchall()
    finally:
        db.close()
    return [list(r) for r in rows]


def centre_events(pg, office_id):
    cols = ", ".join(EVENT_COLUMNS).replace("day,", "day::text,")
    out = pg.psql(f"SELECT json_build_array({cols}) FROM events WHERE office_id = '{office_id}' ORDER BY seq",
                  db="qmsd_city")
    return [json.loads(line) for line in out.splitlines() if line]


def upstream(d):
    return d.health()["upstream"]


def wait_caught_up(d, timeout=90):
    """Until the office says the centre holds everything it has."""
    def done():
        u = upstream(d)
        return u if u["state"] == "caught_up" and u["backlog_events"] == 0 and u["confirmed_seq"] == d.seq() else None
    return wait_until(f"office {d.office_id} caught up", done, timeout, interval=0.2)


def assert_exactly_once(pg, d):
    mine = local_events(d)
    theirs = centre_events(pg, d.office_id)
    assert [r[0] for r in theirs] == list(range(1, len(mine) + 1)), "the centre's seqs are not 1…n without gaps"
    assert len(theirs) == len(mine), f"{len(theirs)} rows at the centre, {len(mine)} in the office"
    for a, b in zip(mine, theirs):
        assert a == b, f"event {a[0]} differs:\n office {a}\n centre {b}"
    return len(mine)


# ---- traffic --------------------------------------------------------------

def ok(r, status=200):
    assert r.status_code == status, f"{r.request.method} {r.request.url}: {r.status_code} {r.text}"
    return r.json() if r.content else None


def traffic(d, tickets=24, no_show_every=5, transfer=True, pause=True):
    """A small office day through the API: counters open, tickets issued and
    served (some no-shows, a transfer, a pause), then everyone served or
    cancelled and every counter closed — a quiet state whose figures do not
    depend on the time a report is asked for."""
    admin = d.role("admin")
    plan = [(1, "nv01"), (3, "nv03"), (5, "nv05")]
    for counter, staff in plan:
        r = admin.post(f"/api/v1/counters/{counter}/open", {"staff": staff})
        assert r.status_code in (200, 409), r.text
    fields = ["ho_tich", "dat_dai", "kinh_doanh", "chung_thuc"]
    issued = [d.issue(fields[i % len(fields)]) for i in range(tickets)]
    if pause:
        ok(admin.post("/api/v1/counters/3/pause", {"reason": "break"}))
        ok(admin.post("/api/v1/counters/3/resume"))
    served = 0
    moved = not transfer
    while True:
        progressed = False
        for counter, _ in plan:
            r = admin.post(f"/api/v1/counters/{counter}/call-next")
            if r.status_code == 409:
                continue
            ok(r)
            progressed = True
            served += 1
            if not moved and counter == 1:
                ok(admin.post(f"/api/v1/counters/{counter}/transfer", {"field": "dat_dai"}))
                moved = True
                continue
            if served % no_show_every == 0:
                ok(admin.post(f"/api/v1/counters/{counter}/no-show"))
            else:
                ok(admin.post(f"/api/v1/counters/{counter}/start"))
                ok(admin.post(f"/api/v1/counters/{counter}/finish"))
        if not progressed:
            break
    # Every field these counters serve is empty now.
    for f in d.role("admin").get("/api/v1/fields").json()["fields"]:
        if f["id"] in ("ho_tich", "chung_thuc", "dat_dai", "xay_dung", "kinh_doanh"):
            assert f["waiting"] == 0, f"{f['id']} still has {f['waiting']} waiting"
    # Citizens rate some finished tickets from their phones, with an answer
    # and a comment (no-shows and cancelled ones cannot be rated: 409).
    levels = ["very_satisfied", "satisfied", "neutral", "dissatisfied"]
    rated = 0
    for i, t in enumerate(issued[::3]):
        r = d.anon.post(f"/api/v1/tickets/{t['public_id']}/rating",
                        {"level": levels[i % 4], "answers": {"officer": levels[(i + 1) % 4]},
                         "comment": f"Góp ý số {i}: cán bộ nhiệt tình"})
        assert r.status_code in (201, 409), r.text
        rated += r.status_code == 201
    assert rated > 0, "no ticket could be rated"
    for counter, _ in plan:
        ok(admin.post(f"/api/v1/counters/{counter}/close"))
