# Under systemd (JOURNAL_STREAM naming its stderr) qmsd writes records with
# structured fields to the journal's socket; journal_peer.py stands in for
# journald in a private mount namespace and decodes the native protocol.
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import api

PEER = Path(__file__).with_name("journal_peer.py")


@pytest.fixture(scope="module")
def journal(qmsd_binary, tmp_path_factory):
    assert shutil.which("unshare"), "unshare (util-linux) is missing"
    work = tmp_path_factory.mktemp("journal")
    config = work / "office.toml"
    config.write_text(api.office_config(), encoding="utf-8")
    stderr = work / "stderr.log"
    r = subprocess.run(["unshare", "-m", "/usr/bin/python3", PEER, qmsd_binary, config, work / "data", stderr,
                        api.TOKENS["kiosk"]], capture_output=True, text=True, timeout=120)
    if r.returncode != 0 and "unshare" in r.stderr and "Operation not permitted" in r.stderr:
        pytest.skip("no mount namespaces here (needs root / CAP_SYS_ADMIN)")
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert out["rc"] == 0
    return out["records"], stderr.read_text(errors="replace")


def find(records, **fields):
    return [r for r in records if all(r.get(k) == v for k, v in fields.items())]


def test_every_record_names_the_office_and_module(journal):
    records, _ = journal
    office = "UBND Phường Bến Nghé, Quận 1"
    assert records
    for r in records:
        assert r["SYSLOG_IDENTIFIER"] == "qmsd", r
        assert r["QMSD_MODULE"], r
        assert r["PRIORITY"] in "234567", r
    started = [r for r in records if r.get("QMSD_MODULE") == "daemon" and r.get("OFFICE")]
    assert started and all(r["OFFICE"] == office for r in started), records[:5]


def test_events_carry_field_ticket_counter_staff(journal):
    records, _ = journal
    issued = find(records, EVENT="ticket_issued", QMSD_MODULE="events")
    assert len(issued) == 1, issued
    i = issued[0]
    assert i["FIELD"] == "ho_tich" and i["TICKET"] and i["TICKET"] in i["MESSAGE"], i
    assert i["OFFICE"] == "UBND Phường Bến Nghé, Quận 1" and i["PRIORITY"] == "6", i
    assert i["ACTOR"] == "kiosk:kiosk1", i
    called = find(records, EVENT="ticket_called")
    assert len(called) == 1, called
    c = called[0]
    assert (c["TICKET"], c["FIELD"], c["COUNTER"], c["STAFF"]) == (i["TICKET"], "ho_tich", "1", "nv01"), c
    assert int(c["SEQ"]) > int(i["SEQ"])
    opened = find(records, EVENT="counter_opened", COUNTER="1")
    assert opened and opened[0]["STAFF"] == "nv01", opened


def test_errors_have_error_priority(journal):
    records, _ = journal
    refused = [r for r in records if "reload refused" in r["MESSAGE"]]
    assert refused and refused[0]["PRIORITY"] == "3", refused


def test_nothing_goes_to_stderr_under_the_journal(journal):
    records, stderr = journal
    assert "ticket_issued" not in stderr and "listening" not in stderr, stderr[-2000:]
