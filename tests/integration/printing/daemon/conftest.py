# The real qmsd with a [[printer]] for kiosk1 on tools/sim/printer_sim.py (TCP,
# a free port). Reuses the API suite's Daemon and the --qmsd option through
# tests/integration/api_suite.py, and the printing suite's Sim
# (../conftest.py), loaded by path.
import importlib.util
import sys
from pathlib import Path

import pytest

sys.dont_write_bytecode = True
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from api_suite import api, pytest_addoption, qmsd_binary  # noqa: E402,F401  (pytest finds the hook and fixture here)

_spec = importlib.util.spec_from_file_location("qmsd_printing_conftest", HERE.parent / "conftest.py")
printing = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(printing)
Sim = printing.Sim
expect_error = api.expect_error


def printer_block(port, **keys):
    settings = {"id": "p1", "kiosk": "kiosk1", "transport": "tcp", "host": "127.0.0.1", "port": port,
                "width_dots": 576, "timeout_ms": 1500, "status_poll_ms": 0}
    settings.update(keys)
    lines = ["", "[[printer]]"]
    for k, v in settings.items():
        lines.append("%s = %s" % (k, '"%s"' % v if isinstance(v, str) else str(v).lower() if isinstance(v, bool) else v))
    return "\n".join(lines) + "\n"


@pytest.fixture
def sim(tmp_path):
    d = tmp_path / "sim"
    d.mkdir()
    s = Sim(d)
    yield s
    s.close()


@pytest.fixture
def office(qmsd_binary, tmp_path, sim):
    """A daemon whose kiosk1 prints on the simulator."""
    d = api.Daemon(qmsd_binary, tmp_path / "qmsd", extra=printer_block(sim.port))
    d.start()
    yield d
    d.stop()
