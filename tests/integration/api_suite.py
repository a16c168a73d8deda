# What a suite that drives the real qmsd needs from the API suite: its
# daemon helpers (Daemon with its clients, office_config, expect_error,
# tokens) as `api`, loaded from tests/integration/api/conftest.py under
# another name so its own fixtures and options do not clash with the
# suite's; the --qmsd option; and the qmsd_binary fixture (both from
# qmsd_daemon.py, which starts every suite's daemon). A suite's conftest.py
# imports the three names, which is where pytest finds the hook and the
# fixture.
import importlib.util
from pathlib import Path

from qmsd_daemon import pytest_addoption, qmsd_binary  # noqa: F401  (re-exported for the suites' conftests)

_spec = importlib.util.spec_from_file_location(
    "api_conftest", Path(__file__).resolve().parent / "api" / "conftest.py")
api = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(api)
