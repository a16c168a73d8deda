# GET /metrics: who may read it, and what Debian's real Prometheus (2.42)
# reads back from a scrape of a qmsd with traffic, a dead device and a live
# stream client: one Prometheus and one qmsd for the whole module. The alert
# rules of config/prometheus are checked by promtool (syntax and their unit
# tests) and loaded into that Prometheus, where the device-offline alert must
# go pending on the real series.
import json
import shutil
import socket
import subprocess
from pathlib import Path

import pytest
import requests
import websocket

from conftest import api
from qmsd_daemon import wait_until

METRICS_TOKEN = "test-metrics-token-000001"
RULES = api.SOURCE_DIR / "config" / "prometheus" / "qmsd-alerts.yml"
RULE_TESTS = api.SOURCE_DIR / "config" / "prometheus" / "qmsd-alerts.test.yml"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what, fn, timeout=30):
    return wait_until(what, fn, timeout, interval=0.2)


@pytest.fixture(scope="module")
def office(qmsd_binary, tmp_path_factory):
    dead_port = free_port()  # nothing listens there: the unit is offline
    extra = (f'\n[[client]]\nid = "prom"\nrole = "metrics"\ntoken_hash = "{api.token_hash(METRICS_TOKEN)}"\n'
             f'\n[[bus]]\nid = "gw1"\ntype = "modbus_tcp"\nhost = "127.0.0.1"\ntcp_port = {dead_port}\n'
             'response_timeout_ms = 100\npoll_interval_ms = 50\nretry_backoff_ms = 100\n'
             '\n[[device]]\nid = "quay1"\nbus = "gw1"\naddress = 1\nrole = "counter_display"\ncounter = 1\n')
    d = api.Daemon(qmsd_binary, tmp_path_factory.mktemp("qmsd"), extra=extra)
    d.start()
    yield d
    d.stop()


@pytest.fixture(scope="module")
def traffic(office):
    """Three tickets in ho_tich: one served, one called, one waiting; a stream client."""
    staff = office.login("nv01", 1)
    tickets = [office.issue("ho_tich") for _ in range(3)]
    for action in ("call-next", "start", "finish", "call-next"):
        r = staff.post(f"/api/v1/counters/1/{action}")
        assert r.status_code == 200, r.text
    # The citizen served rates it from the phone (no token).
    r = requests.post(f"{office.base}/api/v1/tickets/{tickets[0]['public_id']}/rating",
                      json={"level": "satisfied"}, timeout=10)
    assert r.status_code == 201, r.text
    ws = websocket.create_connection(f"ws://127.0.0.1:{office.port}/api/v1/stream?token={api.TOKENS['display']}",
                                     timeout=10)
    assert json.loads(ws.recv())["type"] == "snapshot"
    yield office
    ws.close()


def scrape(office, token=METRICS_TOKEN):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.get(f"{office.base}/metrics", headers=headers, timeout=10)


@pytest.fixture(scope="module")
def prometheus(traffic, tmp_path_factory):
    exe = shutil.which("prometheus")
    assert exe, "Debian's prometheus is not installed (tools/setup.sh installs it)"
    work = tmp_path_factory.mktemp("prometheus")
    port = free_port()
    config = work / "prometheus.yml"
    # YAML is a superset of JSON: no YAML writer needed.
    config.write_text(json.dumps({
        "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
        "rule_files": [str(RULES)],
        "scrape_configs": [{
            "job_name": "qmsd",
            "metrics_path": "/metrics",
            "authorization": {"type": "Bearer", "credentials": METRICS_TOKEN},
            "static_configs": [{"targets": [f"127.0.0.1:{traffic.port}"]}],
        }],
    }))
    log = open(work / "prometheus.log", "wb")
    proc = subprocess.Popen([exe, f"--config.file={config}", f"--storage.tsdb.path={work / 'data'}",
                             f"--web.listen-address=127.0.0.1:{port}"],
                            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"

    def query(expr):
        r = requests.get(f"{base}/api/v1/query", params={"query": expr}, timeout=10)
        assert r.status_code == 200, r.text
        return r.json()["data"]["result"]

    try:
        def healthy():
            if proc.poll() is not None:
                raise AssertionError((work / "prometheus.log").read_text(errors="replace")[-3000:])
            try:
                r = requests.get(f"{base}/-/ready", timeout=10)
            except requests.ConnectionError:
                return None
            if r.status_code == 503:
                return None  # Prometheus is up but still replaying its storage
            return query('up{job="qmsd"} == 1')
        wait_for("Prometheus to scrape qmsd successfully", healthy, timeout=60)
        yield query, base
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def one_value(query, expr):
    result = query(expr)
    assert len(result) == 1, f"{expr}: {result}"
    return float(result[0]["value"][1])


def test_metrics_needs_the_metrics_token(traffic):
    api.expect_error(scrape(traffic, token=None), 401, "unauthenticated")
    api.expect_error(scrape(traffic, token=api.TOKENS["kiosk"]), 403, "forbidden")
    api.expect_error(scrape(traffic, token=api.TOKENS["leader"]), 403, "forbidden")
    assert scrape(traffic, token=api.TOKENS["admin"]).status_code == 200
    r = scrape(traffic)
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    # The metrics token reads metrics and nothing else.
    api.expect_error(requests.get(f"{traffic.base}/api/v1/counters",
                                  headers={"Authorization": f"Bearer {METRICS_TOKEN}"}, timeout=10),
                     403, "forbidden")


def test_prometheus_reads_the_queue(prometheus, traffic):
    query, _ = prometheus
    fields = {f["id"]: f for f in traffic.role("leader").get("/api/v1/fields").json()["fields"]}
    assert fields["ho_tich"]["waiting"] == 1
    wait_for("qmsd_field_waiting to show ho_tich's one waiting ticket",
             lambda: one_value(query, 'qmsd_field_waiting{field="ho_tich"}') == 1)
    assert one_value(query, 'qmsd_field_waiting{field="dat_dai"}') == 0
    assert one_value(query, 'qmsd_field_target_wait_seconds{field="ho_tich"}') == 15 * 60
    assert one_value(query, 'qmsd_field_longest_wait_seconds{field="ho_tich"}') >= 0
    assert one_value(query, 'qmsd_field_issued_today{field="ho_tich"}') == 3
    assert one_value(query, 'qmsd_tickets_total{field="ho_tich",outcome="issued"}') == 3
    assert one_value(query, 'qmsd_tickets_total{field="ho_tich",outcome="served"}') == 1
    # Two calls, one finished service, in the histograms.
    assert one_value(query, 'qmsd_wait_seconds_count{field="ho_tich"}') == 2
    assert one_value(query, 'qmsd_wait_seconds_bucket{field="ho_tich",le="+Inf"}') == 2
    assert one_value(query, 'qmsd_service_seconds_count{field="ho_tich"}') == 1
    assert one_value(query, 'qmsd_ratings_total{field="ho_tich",level="satisfied"}') == 1
    assert not query('qmsd_ratings_total{level!="satisfied"}')
    # Counter 1 is calling; the other five of the demo's six are closed.
    assert one_value(query, 'qmsd_counters{state="calling"}') == 1
    assert one_value(query, 'qmsd_counters{state="closed"}') == 5
    assert one_value(query, 'qmsd_counters{state="paused"}') == 0
    assert one_value(query, 'qmsd_field_flag{field="ho_tich"}') in (0, 1, 2)
    seq = traffic.seq()
    assert one_value(query, "qmsd_last_event_seq") == seq


def test_prometheus_reads_commits_stream_and_disk(prometheus, traffic):
    query, _ = prometheus
    # Every change was committed: one login opening counter 1, 3 issues, 4 actions, a rating.
    assert one_value(query, "qmsd_commit_seconds_count") >= 1
    assert one_value(query, "qmsd_commit_seconds_sum") > 0
    assert one_value(query, "qmsd_commit_batch_commands_sum") >= 8
    assert one_value(query, "qmsd_committed_events_total") >= 8
    assert one_value(query, "qmsd_commit_failures_total") == 0
    assert one_value(query, "qmsd_stream_clients") == 1
    assert one_value(query, "qmsd_data_filesystem_avail_bytes") > 0
    assert one_value(query, "qmsd_data_filesystem_size_bytes") >= one_value(query, "qmsd_data_filesystem_avail_bytes")
    assert one_value(query, "qmsd_store_bytes") > 0
    info = query("qmsd_info")
    assert info and info[0]["metric"]["office"] == traffic.health()["office"], info
    assert info[0]["metric"]["version"] == traffic.health()["version"], info


def test_prometheus_sees_the_dead_device_and_alerts(prometheus):
    query, base = prometheus
    wait_for("the dead unit to be reported offline",
             lambda: query('qmsd_device_up{device="quay1",bus="gw1"} == 0'))
    # A refused connection is a link down, not a timeout: nothing was ever answered.
    assert one_value(query, 'qmsd_device_frames_total{device="quay1"}') == 0

    def alert():
        r = requests.get(f"{base}/api/v1/alerts", timeout=10).json()["data"]["alerts"]
        return [a for a in r if a["labels"]["alertname"] == "QmsdDeviceOffline"
                and a["labels"]["device"] == "quay1"]
    a = wait_for("QmsdDeviceOffline to be pending on the real series", alert)
    assert a[0]["state"] in ("pending", "firing"), a
    # And no alert that should be quiet: nobody has waited past 15 minutes, commits work. (The
    # disk alert is about this machine's disk, which the test does not control: promtool's
    # rule tests cover it.)
    names = {x["labels"]["alertname"] for x in requests.get(f"{base}/api/v1/alerts", timeout=10)
             .json()["data"]["alerts"]}
    assert not names & {"QmsdWaitPastTarget", "QmsdCommitsFailing", "QmsdDown"}, names


def test_alert_rules_pass_promtool():
    promtool = shutil.which("promtool")
    assert promtool, "promtool (Debian's prometheus) is not installed"
    r = subprocess.run([promtool, "check", "rules", str(RULES)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "7 rules found" in r.stdout, r.stdout
    r = subprocess.run([promtool, "test", "rules", str(RULE_TESTS)], capture_output=True, text=True,
                       cwd=RULE_TESTS.parent)
    assert r.returncode == 0, r.stdout + r.stderr
