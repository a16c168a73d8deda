# What a suite that drives the real qmsd binary needs from the API suite: its
# daemon helpers (config, start/stop, clients) as `api`, loaded from
# tests/integration/api/conftest.py under another name so its own fixtures
# and options do not clash with the suite's; the --qmsd option; and the
# qmsd_binary fixture. A suite's conftest.py imports the three names, which
# is where pytest finds the hook and the fixture.
import importlib.util
import os
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "api_conftest", Path(__file__).resolve().parent / "api" / "conftest.py")
api = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(api)


def pytest_addoption(parser):
    parser.addoption("--qmsd", action="store", default=os.environ.get("QMSD_BINARY"),
                     help="the qmsd binary to test (or $QMSD_BINARY)")


@pytest.fixture(scope="session")
def qmsd_binary(request):
    path = request.config.getoption("--qmsd")
    if not path or not os.access(path, os.X_OK):
        pytest.fail(f"no qmsd binary: pass --qmsd=PATH (got {path!r})")
    return path
