# The leader's reports over the real daemon: summary, staffing and week/month
# periods as JSON, CSV (BOM, parses), XLSX (a zip with its sheets) and HTML
# (self-contained); who may read them; bad parameters; and the daemon keeps
# serving while a report is computed.
import csv
import datetime
import io
import re
import threading
import zipfile

import openpyxl
import pytest

from conftest import expect_error, play_small_day

SHEETS = {"total", "fields", "counters", "staff", "days", "hours", "pauses", "counter_time"}


@pytest.fixture(scope="module")
def day(module_qmsd):
    """Today: 6 tickets; counter 1 (nv01) serves 2, one no-show, one transfer; counter 3 serves 1;
    one cancelled by the leader."""
    d = play_small_day(module_qmsd)
    d.today = d.health()["day"]
    return d


def summary(d, role="leader", **params):
    params.setdefault("from", d.today)
    params.setdefault("to", d.today)
    return d.role(role).get("/api/v1/reports/summary", params=params, timeout=60)


def test_summary_json_counts_today(day):
    r = summary(day)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["from"] == day.today and body["to"] == day.today
    total = body["total"]
    assert total["issued"] == 6
    assert total["served"] == 3  # two at counter 1 (one after the transfer), one at counter 3
    assert total["no_show"] == 1 and total["cancelled"] == 1 and total["transferred"] == 1
    assert total["wait"]["count"] == 5  # every call from a queue: 4 at counter 1 (one of them the transfer's), 1 at 3
    fields = {f["key"]: f for f in body["fields"]}
    assert fields["ho_tich"]["name"] == "Hộ tịch"
    assert fields["ho_tich"]["issued"] == 4 and fields["ho_tich"]["no_show"] == 1
    assert fields["ho_tich"]["transferred"] == 1
    assert fields["xay_dung"]["served"] == 1 and fields["chung_thuc"]["cancelled"] == 1
    counters = {c["key"]: c for c in body["counters"]}
    assert counters["1"]["served"] == 2 and counters["3"]["served"] == 1
    staff = {s["key"]: s for s in body["staff"]}
    assert staff["nv01"]["served"] == 2 and staff["nv03"]["served"] == 1
    assert [d["key"] for d in body["days"]] == [day.today]


def test_admin_may_read_reports(day):
    assert summary(day, role="admin").status_code == 200


def test_summary_csv_has_bom_and_parses(day):
    r = summary(day, format="csv")
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in r.headers["Content-Disposition"] and ".csv" in r.headers["Content-Disposition"]
    raw = r.content
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw[3:].decode("utf-8"), newline="")))
    assert any("Hộ tịch" in row for row in rows)
    # One table only: the header then one row per configured field.
    r = summary(day, format="csv", table="fields")
    # tablesCsv: a title line, then the header and the rows.
    rows = [row for row in csv.reader(io.StringIO(r.content[3:].decode("utf-8"), newline="")) if len(row) > 1]
    names = [row[1] for row in rows]
    assert "Hộ tịch" in names and "Đất đai" in names
    ho_tich = next(row for row in rows if row[0] == "ho_tich")
    assert "4" in ho_tich  # issued


def test_summary_xlsx_opens_with_its_sheets(day):
    r = summary(day, format="xlsx")
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    assert len(wb.sheetnames) == len(SHEETS)
    assert "Theo lĩnh vực" in wb.sheetnames
    fields = wb["Theo lĩnh vực"]
    assert fields.freeze_panes == "A2"
    names = [row[1] for row in fields.iter_rows(min_row=2, values_only=True)]
    assert any("Hộ tịch" in (n or "") for n in names)
    one = openpyxl.load_workbook(io.BytesIO(summary(day, format="xlsx", table="counters").content))
    assert one.sheetnames == ["Theo quầy"]


def test_summary_html_is_self_contained(day):
    r = summary(day, format="html")
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith("text/html")
    html = r.content.decode("utf-8")
    assert '<html lang="vi"' in html and "Hộ tịch" in html
    assert not re.search(r'(src|href)\s*=\s*["\']?(https?:|//)', html, re.I)
    assert "<script" not in html.lower() and "@import" not in html
    # And the browser is told so: nothing runs or loads but its own inline style and SVG.
    csp = dict(d.strip().split(" ", 1) for d in r.headers["Content-Security-Policy"].split(";") if d.strip())
    assert csp["default-src"] == "'none'" and "script-src" not in csp, csp
    assert csp["style-src"] == "'unsafe-inline'" and csp["base-uri"] == "'none'", csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"


def test_staffing_json_and_files(day):
    leader = day.role("leader")
    r = leader.get("/api/v1/reports/staffing", params={"from": day.today, "to": day.today}, timeout=60)
    assert r.status_code == 200, r.text
    fields = {f["field"]: f for f in r.json()["fields"]}
    assert sum(h["arrivals_per_hour"] for h in fields["ho_tich"]["hours"]) > 0
    r = leader.get("/api/v1/reports/staffing", params={"from": day.today, "format": "csv"}, timeout=60)
    assert r.status_code == 200 and r.content.startswith(b"\xef\xbb\xbf")
    list(csv.reader(io.StringIO(r.content[3:].decode("utf-8"), newline="")))
    r = leader.get("/api/v1/reports/staffing", params={"from": day.today, "format": "xlsx"}, timeout=60)
    assert r.status_code == 200 and zipfile.ZipFile(io.BytesIO(r.content)).testzip() is None


@pytest.mark.parametrize("kind", ["week", "month"])
def test_period(day, kind):
    leader = day.role("leader")
    r = leader.get("/api/v1/reports/period", params={"kind": kind, "day": day.today}, timeout=60)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["period"] == kind and body["from"] <= day.today <= body["to"]
    assert body["current"]["issued"] == 6 and body["previous"]["issued"] == 0
    r = leader.get("/api/v1/reports/period", params={"kind": kind, "format": "csv"}, timeout=60)
    assert r.status_code == 200 and r.content.startswith(b"\xef\xbb\xbf")
    r = leader.get("/api/v1/reports/period", params={"kind": kind, "format": "xlsx"}, timeout=60)
    assert r.status_code == 200 and zipfile.ZipFile(io.BytesIO(r.content)).testzip() is None


def test_daily_still_works(day):
    r = day.role("leader").get("/api/v1/reports/daily", params={"from": day.today})
    assert r.status_code == 200
    assert sum(row["issued"] for row in r.json()["days"]) == 6


@pytest.mark.parametrize("path", ["/api/v1/reports/summary", "/api/v1/reports/staffing",
                                  "/api/v1/reports/period?kind=week"])
def test_roles(day, path):
    for role in ("kiosk", "display"):
        expect_error(day.role(role).get(path), 403, "forbidden")
    staff = day.login("nv02", 2)
    expect_error(staff.get(path), 403, "forbidden")
    expect_error(day.anon.get(path), 401, "unauthenticated")


@pytest.mark.parametrize("path,params,name", [
    ("summary", {"from": "2026-11-30", "to": "2026-11-01"}, "to"),
    ("summary", {"from": "2026-13-01"}, "from"),
    ("summary", {"from": "2026-11-01", "to": "yesterday"}, "to"),
    ("summary", {"from": "2020-01-01", "to": "2026-01-01"}, "to"),
    ("summary", {"format": "pdf"}, "format"),
    ("summary", {"format": "csv", "table": "nope"}, "table"),
    ("summary", {"format": "json", "table": "fields"}, "table"),
    ("staffing", {"format": "html"}, "format"),
    ("staffing", {"from": "2026-02-30"}, "from"),
    ("period", {}, "kind"),
    ("period", {"kind": "year"}, "kind"),
    ("period", {"kind": "week", "day": "2026-1-1"}, "day"),
    ("period", {"kind": "month", "format": "html"}, "format"),
])
def test_bad_parameters(day, path, params, name):
    r = day.role("leader").get(f"/api/v1/reports/{path}", params=params)
    expect_error(r, 400, "invalid_argument")
    assert f"'{name}'" in r.json()["error"]["message"], r.text


def test_daemon_serves_while_a_report_runs(day):
    """Three years of days (every one replayed the first time) in xlsx, while tickets are issued."""
    result = {}
    # The longest range a report takes (1096 days), ending today, whatever today is.
    first = (datetime.date.fromisoformat(day.today) - datetime.timedelta(days=1095)).isoformat()

    def long_report():
        result["r"] = day.role("leader").get(
            "/api/v1/reports/summary", params={"from": first, "to": day.today, "format": "xlsx"},
            timeout=120)

    t = threading.Thread(target=long_report)
    t.start()
    issued = [day.issue("ho_tich") for _ in range(5)]
    t.join(120)
    assert not t.is_alive()
    assert len({tk["code"] for tk in issued}) == 5
    assert result["r"].status_code == 200, result["r"].text
    assert zipfile.ZipFile(io.BytesIO(result["r"].content)).testzip() is None
    after = summary(day).json()
    assert after["total"]["issued"] == 11
