# Actions through qmsctl change the daemon; the API (requests) is the witness.
import json
import re

from conftest import ADMIN, LEADER


def test_issue_call_next_finish(ctl, api):
    r = ctl("open", 1, "--staff", "nv01")
    assert r.returncode == 0, r.stderr
    assert r.stdout == "Quầy 1: idle\n"
    assert api.get("/counters/1")["counter"]["staff"] == "nv01"

    r = ctl("issue", "ho_tich")
    assert r.returncode == 0, r.stderr
    code = r.stdout.split()[0]
    assert re.fullmatch(r"A\d{3}", code), r.stdout
    assert f"{code} Hộ tịch, waiting, 0 ahead" in r.stdout
    assert "status: http://" in r.stdout
    queue = api.get("/counters/1")["queues"][0]
    assert [t["code"] for t in queue["tickets"]] == [code]

    r = ctl("call-next", 1)
    assert (r.returncode, r.stdout) == (0, f"Quầy 1: calling; ticket {code} Hộ tịch: called\n"), r.stderr
    counter = api.get("/counters/1")["counter"]
    assert (counter["state"], counter["ticket"]["code"]) == ("calling", code)

    assert ctl("start", 1).returncode == 0
    assert api.get("/counters/1")["counter"]["state"] == "serving"
    r = ctl("finish", 1)
    assert (r.returncode, r.stdout) == (0, f"Quầy 1: idle; ticket {code} Hộ tịch: finished\n"), r.stderr
    counter = api.get("/counters/1")["counter"]
    assert (counter["state"], counter["ticket"]) == ("idle", None)
    kinds = [e["kind"] for e in api.get("/events")["events"] if e["code"] == code]
    assert kinds == ["ticket_issued", "ticket_called", "ticket_started", "ticket_finished"]


def test_every_counter_action(ctl, api):
    assert ctl("open", 1, "--staff", "nv01").returncode == 0
    codes = [json.loads(ctl("issue", "ho_tich", "--json").stdout)["ticket"]["code"] for _ in range(3)]

    assert ctl("call", 1, codes[2]).returncode == 0
    assert api.get("/counters/1")["counter"]["ticket"]["code"] == codes[2]
    assert ctl("recall", 1).returncode == 0
    assert api.get("/counters/1")["counter"]["ticket"]["recalls"] == 1
    r = ctl("park", 1)
    assert r.returncode == 0, r.stderr
    assert [t["code"] for t in api.get("/counters/1")["counter"]["parked"]] == [codes[2]]
    r = ctl("counters")
    assert re.search(rf"^1 +Quầy 1 +idle +Nguyễn Thị Lan +- +- +ho_tich,chung_thuc +{codes[2]}$", r.stdout, re.M), r.stdout

    assert ctl("call-next", 1).returncode == 0
    assert ctl("no-show", 1).returncode == 0
    assert api.get("/events", params={"kind": "ticket_no_show"})["events"][0]["code"] == codes[0]
    r = ctl("reinstate", codes[0])
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(f"{codes[0]} Hộ tịch, waiting")

    assert ctl("call-next", 1).returncode == 0
    r = ctl("transfer", 1, "phan_anh")  # no counter serves it: a warning, still done
    assert r.returncode == 0, r.stderr
    assert "no open counter" in r.stderr
    assert api.get("/fields", token=None)["fields"][6]["waiting"] == 1

    r = ctl("pause", 1, "break")
    assert (r.returncode, r.stdout) == (0, "Quầy 1: paused (break)\n"), r.stderr
    assert api.get("/counters/1")["counter"]["pause_reason"] == "break"
    assert ctl("resume", 1).returncode == 0
    assert api.get("/counters/1")["counter"]["state"] == "idle"

    r = ctl("cancel", codes[1], "--reason", "khách về")
    assert r.returncode == 0, r.stderr
    cancelled = api.get("/events", params={"kind": "ticket_cancelled"})["events"][0]
    assert (cancelled["code"], cancelled["reason"]) == (codes[1], "khách về")
    assert ctl("call", 1, codes[2]).returncode == 0  # the parked one
    assert ctl("finish", 1).returncode == 0
    assert ctl("close", 1).returncode == 0
    assert api.get("/counters/1")["counter"]["state"] == "closed"


def test_issue_options_and_ticket_lookup(ctl, api):
    r = ctl("issue", "dat_dai", "--priority", "elderly", "--request-id", "retry-1", "--json")
    assert r.returncode == 0, r.stderr
    ticket = json.loads(r.stdout)["ticket"]
    assert (ticket["code"], ticket["priority"]) == ("1001", "elderly")
    again = json.loads(ctl("issue", "dat_dai", "--request-id", "retry-1", "--json").stdout)["ticket"]
    assert again["id"] == ticket["id"], "the same request id gives the same ticket"

    r = ctl("ticket", ticket["public_id"], token=None)
    assert r.returncode == 0, r.stderr
    assert re.search(r"^code +1001$", r.stdout, re.M)
    assert re.search(r"^field_name +Đất đai$", r.stdout, re.M)
    assert re.search(r"^state +waiting$", r.stdout, re.M)
    # Ticket codes that are all digits are codes, not ids.
    assert ctl("open", 3, "--staff", "nv03").returncode == 0
    assert ctl("call", 3, "1001").returncode == 0
    assert api.get("/counters/3")["counter"]["ticket"]["code"] == "1001"


def test_login_prints_a_token_that_works(ctl, api):
    r = ctl("login", "nv02", 2, token=None, input="2222\n")
    assert r.returncode == 0, r.stderr
    token = r.stdout.strip()
    assert r.stdout == token + "\n" and len(token) >= 20
    assert "Trần Văn Hùng" in r.stderr and "Quầy 2" in r.stderr
    assert api.get("/counters/2", token=token)["counter"]["staff"] == "nv02"
    assert ctl("counter", 2, token=token).returncode == 0
    assert ctl("counter", 1, token=token).returncode == 4, "a staff token is for its own counter"
    r = ctl("logout", token=token)
    assert r.returncode == 0, r.stderr
    assert api.get("/counters/2")["counter"]["state"] == "closed"

    r = ctl("login", "nv01", 1, token=None, input="9999\n")
    assert r.returncode == 4
    assert "wrong_pin" in r.stderr and "Sai mã PIN" in r.stderr
    assert ctl("login", "nv01", 1, token=None, input="").returncode == 2


def test_token_sources(ctl, api, tmp_path):
    token_file = tmp_path / "token"
    token_file.write_text(LEADER + "\n")
    assert ctl("counters", "--token-file", token_file, token=None).returncode == 0
    assert ctl("counters", "--token", LEADER, token=None).returncode == 0
    assert ctl("counters", token=None).returncode == 4
    assert ctl("counters", "--token", LEADER, "--token-file", token_file).returncode == 2
    assert ctl("counters", "--token-file", tmp_path / "missing").returncode == 2
    # --url wins over $QMSD_URL; the API root is accepted too.
    assert ctl("fields", "--url", ctl.daemon.url + "/api/v1/", url="http://127.0.0.1:1").returncode == 0


def test_admin_commands(ctl, api, daemon):
    r = ctl("reload")
    assert (r.returncode, r.stdout) == (0, "Reloaded the config: 7 fields, 6 counters, 8 staff.\n"), r.stderr
    r = ctl("backup", "--json")
    assert r.returncode == 0, r.stderr
    backup = json.loads(r.stdout)
    assert backup["bytes"] > 0 and "/backup/" in backup["path"]
    daemon.config.write_text(daemon.config.read_text(encoding="utf-8") + "\n[[field]]\nid = \"Bad Id\"\n",
                             encoding="utf-8")
    r = ctl("reload")
    assert r.returncode == 1
    assert "config_invalid" in r.stderr and "Cấu hình không hợp lệ" in r.stderr
    assert ctl("reload", token=LEADER).returncode == 4
    assert api.get("/health", token=ADMIN)["status"] == "ok"
