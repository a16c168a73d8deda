# stats and report daily, including the CSV an office opens in Excel.
import csv
import io
import json

from conftest import LEADER, serve_some


def test_report_daily_csv_is_excel_safe(ctl, api):
    day = serve_some(api)
    r = ctl("report", "daily", "--from", day, "--to", day, "--csv", token=LEADER, binary=True)
    assert r.returncode == 0, r.stderr
    raw = r.stdout
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    assert raw.count(b"\r\n") == raw.count(b"\n"), "CRLF line ends"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    report = {d["field"]: d for d in api.get("/reports/daily", params={"from": day, "to": day})["days"]}
    assert {row["field"] for row in rows} == set(report) == {"ldtbxh", "ho_tich"}
    by_field = {row["field"]: row for row in rows}
    ld = by_field["ldtbxh"]
    assert ld["field_name"] == "Lao động – Thương binh và Xã hội"
    assert ld["day"] == day
    for key in ("issued", "served", "no_show", "cancelled", "expired"):
        assert int(ld[key]) == report["ldtbxh"][key]
    assert (ld["issued"], ld["served"]) == ("2", "1")
    assert by_field["ho_tich"]["field_name"] == "Hộ tịch"


def test_report_daily_table_and_json(ctl, api):
    day = serve_some(api)
    r = ctl("report", "daily")
    assert r.returncode == 0, r.stderr
    assert "Lao động – Thương binh và Xã hội" in r.stdout
    assert json.loads(ctl("report", "daily", "--json", "--from", day).stdout) == \
        api.get("/reports/daily", params={"from": day})
    r = ctl("report", "daily", "--from", "2020-01-01", "--to", "2020-01-02")
    assert (r.returncode, r.stdout) == (0, "No tickets from 2020-01-01 to 2020-01-02.\n")


def test_stats(ctl, api):
    serve_some(api)
    r = ctl("stats", token=LEADER)
    assert r.returncode == 0, r.stderr
    row = next(line for line in r.stdout.splitlines() if line.startswith("ldtbxh"))
    # FIELD NAME(n words) WAITING HEAD.WAIT ISSUED SERVED …
    cells, words = row.split(), "Lao động – Thương binh và Xã hội".split()
    n = len(words)
    assert cells[1:1 + n] == words
    assert [cells[1 + n], cells[3 + n], cells[4 + n]] == ["1", "2", "1"]
    assert json.loads(ctl("stats", "--json").stdout)["fields"][5]["served"] == 1
