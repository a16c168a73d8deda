# Journal records of the real binary. The daemon helpers (config,
# start/stop, clients) are the API suite's, loaded from its conftest under
# another name so its fixtures and options do not clash with ours.
import importlib.util
import os
import sys
from pathlib import Path

import pytest

sys.dont_write_bytecode = True

_spec = importlib.util.spec_from_file_location(
    "api_conftest", Path(__file__).resolve().parents[1] / "api" / "conftest.py")
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
