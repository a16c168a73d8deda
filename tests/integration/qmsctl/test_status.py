# What a leader reads: the status tables (aligned by code points, so
# Vietnamese names line up), and --json being exactly the server's JSON.
import json

from conftest import LEADER


def table_lines(text, first_header_word):
    """The header line starting with `first_header_word` and the rows under it, up to a blank line."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.split()[:1] == [first_header_word])
    end = next((i for i in range(start, len(lines)) if not lines[i].strip()), len(lines))
    return lines[start], lines[start + 1:end]


def assert_column_starts(header, rows, column, expected):
    """Each row's cell for `column` starts at the header's code-point offset and holds `expected[i]`."""
    at = header.index(column)
    for row, want in zip(rows, expected, strict=True):
        assert row[at - 2:at] == "  ", f"no column gap before {column!r} at {at} in {row!r}"
        assert row[at:].startswith(want), f"{column!r} of {row!r} should start with {want!r} at {at}"


def open_counters(api):
    api.post("/counters/1/open", {"staff": "nv01"})   # Nguyễn Thị Lan
    api.post("/counters/2/open", {"staff": "nv02"})   # Trần Văn Hùng
    api.post("/counters/6/open", {"staff": "nv06"})   # Võ Thị Ngọc Hân
    api.post("/tickets", {"field": "ho_tich"})
    api.post("/counters/1/call-next")


def test_status_shows_aligned_tables_with_vietnamese_names(ctl, api):
    open_counters(api)
    r = ctl("status", token=LEADER)
    assert r.returncode == 0, r.stderr
    fields = api.get("/fields", token=None)["fields"]
    counters = api.get("/counters", token=LEADER)["counters"]

    header, rows = table_lines(r.stdout, "FIELD")
    assert len(rows) == len(fields) == 7
    for row, f in zip(rows, fields):
        assert f["name"] in row
    assert "Lao động – Thương binh và Xã hội" in r.stdout
    assert_column_starts(header, rows, "NAME", [f["name"] for f in fields])
    assert_column_starts(header, rows, "STATUS", [f["status"] for f in fields])
    # The check means something: by bytes these rows are not aligned.
    name_end = {len(row[:header.index("STATUS")].encode()) for row in rows}
    assert len(name_end) > 1

    header, rows = table_lines(r.stdout, "N")
    assert len(rows) == len(counters) == 6
    staff = [c["staff_name"] or "-" for c in counters]
    assert "Võ Thị Ngọc Hân" in staff
    assert_column_starts(header, rows, "STAFF", staff)
    assert_column_starts(header, rows, "TICKET", [(c["ticket"] or {}).get("code") or "-" for c in counters])
    assert_column_starts(header, rows, "STATE", [c["state"] for c in counters])
    # Times are the office's local HH:MM.
    called = counters[0]["ticket"]["called_at"]
    assert_column_starts(header, rows[:1], "SINCE", [called[11:16]])
    assert "UBND Phường Bến Nghé, Quận 1" in r.stdout.splitlines()[0]


def test_json_is_the_servers_json(ctl, api):
    open_counters(api)
    r = ctl("fields", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == api.get("/fields", token=None)
    r = ctl("--json", "counters", token=LEADER)
    assert json.loads(r.stdout) == api.get("/counters", token=LEADER)
    r = ctl("counter", 1, "--json")
    assert json.loads(r.stdout) == api.get("/counters/1")
    r = ctl("status", "--json")
    combined = json.loads(r.stdout)
    assert combined["fields"] == api.get("/fields", token=None)["fields"]
    assert combined["counters"] == api.get("/counters")["counters"]
    assert combined["health"]["office"] == "UBND Phường Bến Nghé, Quận 1"
    assert r.stdout.startswith("{\n  "), "pretty, not one line"


def test_counter_detail_lists_the_queues(ctl, api):
    api.post("/counters/1/open", {"staff": "nv01"})
    a = api.post("/tickets", {"field": "ho_tich"})["ticket"]
    b = api.post("/tickets", {"field": "chung_thuc", "priority": "elderly"})["ticket"]
    r = ctl("counter", 1)
    assert r.returncode == 0, r.stderr
    assert "Quầy 1 (counter 1): idle" in r.stdout
    assert "nv01 Nguyễn Thị Lan" in r.stdout
    header, rows = table_lines(r.stdout, "FIELD")
    assert len(rows) == 2
    assert_column_starts(header, rows, "CODE", [a["code"], b["code"]])
    assert_column_starts(header, rows, "PRIORITY", ["-", "elderly"])
    assert_column_starts(header, rows, "ISSUED", [a["issued_at"][11:16], b["issued_at"][11:16]])
    assert "the next" not in r.stdout  # all of it shown

    # A long queue comes a page at a time; the table says it is not all of it.
    for _ in range(31):
        api.post("/tickets", {"field": "ho_tich"})
    r = ctl("counter", 1)
    assert r.returncode == 0, r.stderr
    header, rows = table_lines(r.stdout, "FIELD")
    assert len(rows) == 31  # 30 of Hộ tịch's 32, and Chứng thực's one
    assert "Hộ tịch: the next 30 of 32 waiting" in r.stdout
    assert "Chứng thực: the next" not in r.stdout


def test_devices_and_version(ctl, api):
    r = ctl("devices")
    assert (r.returncode, r.stdout) == (0, "No devices reported.\n")
    assert json.loads(ctl("devices", "--json").stdout) == {"devices": [], "printers": []}
    r = ctl("version")
    assert r.returncode == 0
    assert r.stdout.splitlines()[0].startswith("qmsctl ")
    assert f"qmsd {api.get('/health')['version']} at" in r.stdout
