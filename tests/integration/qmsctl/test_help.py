# --help on every command: exits 0, names the command's arguments and options,
# and the exit codes. The list below must match `qmsctl --help`, so a command
# added without a test here fails.
import re

import pytest

COMMANDS = {
    "status": [], "fields": [], "counters": [], "counter": ["N"], "devices": [],
    "issue": ["FIELD", "--priority", "--request-id"], "ticket": ["PUBLIC_ID"],
    "reinstate": ["TICKET"], "cancel": ["TICKET", "--reason"],
    "open": ["N", "--staff"], "close": ["N"], "call-next": ["N"], "call": ["N", "CODE"],
    "recall": ["N"], "start": ["N"], "finish": ["N"], "no-show": ["N"], "park": ["N"],
    "transfer": ["N", "FIELD"], "pause": ["N", "REASON"], "resume": ["N"],
    "login": ["STAFF", "COUNTER", "stdin"], "logout": [],
    "events": ["--day", "--field", "--counter", "--kind", "--limit", "--all", "--follow", "--since"],
    "stats": [], "report": ["KIND", "daily", "--from", "--to", "--csv"],
    "reload": [], "backup": [], "version": [],
}


def test_main_help_lists_every_command_and_the_exit_codes(bare_ctl):
    r = bare_ctl("--help")
    assert r.returncode == 0 and r.stderr == ""
    listed = re.findall(r"^  ([a-z-]+)(?: [A-Z_]+)*  ", r.stdout.split("Commands:")[1].split("Global options")[0], re.M)
    assert listed == list(COMMANDS)
    for text in ("--url URL", "$QMSD_URL", "--token TOKEN", "$QMSD_TOKEN", "--token-file FILE", "--json",
                 "--timeout SECONDS", "Exit codes:", "  0  done", "  1  the server refused", "  2  usage error",
                 "  3  cannot reach the server", "  4  authentication or permission"):
        assert text in r.stdout
    assert bare_ctl("help").stdout == r.stdout


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_has_help(bare_ctl, command):
    for args in ([command, "--help"], ["help", command], ["--json", command, "-h"]):
        r = bare_ctl(*args, url="http://127.0.0.1:1")
        assert r.returncode == 0, (args, r.stderr)
        assert r.stdout.startswith(f"Usage: qmsctl {command}"), r.stdout
        for word in COMMANDS[command]:
            assert word in r.stdout, f"{command} --help should mention {word}"
        assert "Exit codes:" in r.stdout
