# The real qmsd with a [[printer]] for kiosk1 on tools/sim/printer_sim.py (TCP,
# a free port). Reuses the API suite's Daemon (tests/integration/api/conftest.py)
# and the printing suite's Sim (../conftest.py), loaded by path.
import importlib.util
import os
import sys
from pathlib import Path

import pytest

sys.dont_write_bytecode = True
HERE = Path(__file__).resolve().parent


def _load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


api = _load("qmsd_api_conftest", HERE.parents[1] / "api" / "conftest.py")
printing = _load("qmsd_printing_conftest", HERE.parent / "conftest.py")
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


def pytest_addoption(parser):
    parser.addoption("--qmsd", action="store", default=os.environ.get("QMSD_BINARY"), help="the qmsd binary")


@pytest.fixture(scope="session")
def qmsd_binary(request):
    path = request.config.getoption("--qmsd")
    if not path or not os.access(path, os.X_OK):
        pytest.fail("no qmsd binary: pass --qmsd=PATH (got %r)" % path)
    return path


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
