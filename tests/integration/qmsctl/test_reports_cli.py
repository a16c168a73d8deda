# qmsctl report summary / staffing / week / month: aligned tables with
# Vietnamese names, --json equal to the API, files through --output or a pipe,
# and usage errors caught before any request.
import csv
import io
import json
import os
import pty
import subprocess
import zipfile

from conftest import LEADER, serve_some


def test_summary_table_aligns_vietnamese_names(ctl, api):
    day = serve_some(api)
    r = ctl("report", "summary", "--from", day, "--to", day, token=LEADER)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    start = lines.index("Fields")
    header, rows = lines[start + 1], lines[start + 2:]
    ld = next(line for line in rows if line.startswith("ldtbxh"))
    ht = next(line for line in rows if line.startswith("ho_tich"))
    # Right-aligned ISSUED ends in the same terminal column on every line:
    # padding counted in characters, not UTF-8 bytes.
    end = header.index("ISSUED") + len("ISSUED")
    assert ld[:end].split()[-1] == "2" and ht[:end].split()[-1] == "1"
    assert "Lao động – Thương binh và Xã hội" in ld and "Hộ tịch" in ht


def test_summary_json_is_the_api_answer(ctl, api):
    day = serve_some(api)
    out = json.loads(ctl("report", "summary", "--from", day, "--json", token=LEADER).stdout)
    want = api.get("/reports/summary", token=LEADER, params={"from": day})
    # Today's open counters accrue time between the two calls; everything else is equal.
    out.pop("counter_time"), want.pop("counter_time")
    assert out == want
    assert out["total"]["issued"] == 3 and out["total"]["served"] == 1


def test_summary_files(ctl, api, tmp_path):
    day = serve_some(api)
    r = ctl("report", "summary", "--from", day, "--format", "csv", token=LEADER, binary=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(r.stdout.decode("utf-8-sig"), newline="")))
    assert any("Hộ tịch" in row for row in rows)
    out = tmp_path / "r.xlsx"
    r = ctl("report", "summary", "--from", day, "--format", "xlsx", "--output", out, token=LEADER)
    assert r.returncode == 0, r.stderr
    assert zipfile.ZipFile(out).testzip() is None
    out = tmp_path / "fields.csv"
    r = ctl("report", "summary", "--from", day, "--format", "csv", "--table", "fields", "--output", out,
            token=LEADER)
    assert r.returncode == 0, r.stderr
    text = out.read_bytes().decode("utf-8-sig")
    assert "ldtbxh" in text and "Theo cán bộ" not in text
    out = tmp_path / "r.html"
    assert ctl("report", "summary", "--format", "html", "--output", out, token=LEADER).returncode == 0
    assert '<html lang="vi"' in out.read_text(encoding="utf-8")


def test_xlsx_to_a_terminal_is_refused(qmsctl_binary, daemon):
    leader, follower = pty.openpty()
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "QMSD_URL": daemon.url, "QMSD_TOKEN": LEADER}
    p = subprocess.run([qmsctl_binary, "report", "summary", "--format", "xlsx"], env=env, stdout=follower,
                       stderr=subprocess.PIPE, timeout=30)
    os.close(follower)
    os.close(leader)
    assert p.returncode == 2
    assert b"--output" in p.stderr


def test_staffing_week_month(ctl, api):
    day = serve_some(api)
    r = ctl("report", "staffing", "--from", day, token=LEADER)
    assert r.returncode == 0, r.stderr
    assert "RECOMMENDED" in r.stdout and "ldtbxh" in r.stdout
    for kind in ("week", "month"):
        r = ctl("report", kind, "--day", day, token=LEADER)
        assert r.returncode == 0, r.stderr
        out = json.loads(ctl("report", kind, "--json", token=LEADER).stdout)
        assert out["period"] == kind and out["current"]["issued"] == 3
    r = ctl("report", "month", "--format", "csv", token=LEADER, binary=True)
    assert r.returncode == 0 and r.stdout.startswith(b"\xef\xbb\xbf")


def test_usage_errors(ctl):
    cases = [
        ("report", "yearly"),
        ("report", "summary", "--from", "2026-11-30", "--to", "2026-11-01"),
        ("report", "summary", "--from", "30/11/2026"),
        ("report", "summary", "--format", "pdf"),
        ("report", "staffing", "--format", "html"),
        ("report", "week", "--from", "2026-11-01"),
        ("report", "summary", "--day", "2026-11-01"),
        ("report", "staffing", "--table", "fields", "--format", "csv"),
        ("report", "summary", "--table", "fields"),
        ("report", "summary", "--json", "--format", "csv"),
        ("report", "daily", "--format", "csv"),
    ]
    for args in cases:
        r = ctl(*args, token=LEADER)
        assert r.returncode == 2, (args, r.returncode, r.stderr)
        assert r.stderr.startswith("qmsctl: "), (args, r.stderr)


def test_refusals_map_to_exit_codes(ctl, api):
    r = ctl("report", "summary", "--from", "2020-01-01", "--to", "2026-01-01", token=LEADER)
    assert r.returncode == 1 and "'to'" in r.stderr  # over the server's range limit
    r = ctl("report", "summary", token=None)
    assert r.returncode == 4


def test_help_lists_the_kinds(ctl):
    for kind in ("summary", "staffing", "week", "month"):
        r = ctl("report", kind, "--help")
        assert r.returncode == 0
        for word in ("summary", "staffing", "week", "month", "--format", "--output", "--table", "--day"):
            assert word in r.stdout, (kind, word)
